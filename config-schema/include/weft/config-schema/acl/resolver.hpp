#pragma once

#include <weft/base/error.hpp>
#include <weft/config-schema/acl/capability_file.hpp>
#include <weft/config-schema/acl/registry.hpp>

#include <map>
#include <span>
#include <string>
#include <vector>

namespace weft::config::acl {

// What a capability whose window patterns match no declared window is.
enum class UnmatchedWindows { warning, error };

struct ResolveOptions {
  Platform target = host_platform();
  std::vector<std::string> window_labels; // the windows the manifest declares
  UnmatchedWindows unmatched_windows = UnmatchedWindows::warning;
};

// Where a capability applies: the caller's window label must match one of
// `windows` or its webview label one of `webviews`, and its origin must be
// the app's own pages (`local`) or match one of the remote patterns.
struct GrantContext {
  std::vector<std::string> windows;  // sorted, unique
  std::vector<std::string> webviews; // sorted, unique
  bool local = true;
  std::vector<UrlPattern> remote; // sorted by pattern, unique
};

// One capability's grant (or deny) of a command.
struct CommandGrant {
  std::string capability;               // its context is ResolvedAcl::capabilities[capability]
  std::vector<std::string> permissions; // the permissions that granted it, sorted
  ScopeValues scope;                    // merged; each list sorted, unique; empty for a deny
};

struct CommandRule {
  std::vector<CommandGrant> allow; // sorted by capability
  std::vector<CommandGrant> deny;  // sorted by capability
};

// The resolved ACL for one target platform. A command is allowed for a
// caller when the context of an `allow` grant's capability matches it and
// the context of no `deny` grant's capability does. Within one capability a
// denied command is never also allowed, and an allow whose context a deny's
// fully covers is dropped: deny wins.
struct ResolvedAcl {
  Platform target = host_platform();
  std::map<std::string, GrantContext> capabilities; // the active ones
  std::map<std::string, CommandRule> commands;      // by command key
  // Scope values of permissions that name no command, by permission prefix
  // ("" for the app): they apply to every command of that prefix.
  std::map<std::string, std::vector<CommandGrant>> scopes;
  size_t permissions = 0; // distinct permissions granted on this target
};

// `set_title` of `core:window` → `core:window|set_title`; the app's own
// commands keep their name.
std::string command_key(std::string_view prefix, std::string_view command);

// Checks every capability (unknown or malformed permissions, windows that
// match no declared window) and resolves those in `active` that apply to
// the target: sets and defaults expanded, permissions of other platforms
// dropped, scopes merged, deny over allow. Problems go to `out`.
ResolvedAcl resolve(const Registry& registry, std::span<const Capability> capabilities,
                    std::span<const Capability* const> active, const ResolveOptions& options, Diagnostics& out);

} // namespace weft::config::acl

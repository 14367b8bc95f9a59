#pragma once

#include <weft/base/error.hpp>
#include <weft/config-schema/acl/capability_file.hpp>
#include <weft/config-schema/acl/registry.hpp>
#include <weft/config-schema/acl/resolver.hpp>
#include <weft/config-schema/manifest.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace weft::config::acl {

// The folders an app keeps its security policy in, beside weft.conf.json.
inline constexpr std::string_view k_capabilities_dir = "capabilities";
inline constexpr std::string_view k_permissions_dir = "permissions";

struct ProjectAclOptions {
  Platform target = host_platform();
  UnmatchedWindows unmatched_windows = UnmatchedWindows::warning;
};

// Everything weft knows about one app's security policy.
struct ProjectAcl {
  Registry registry;
  std::vector<CapabilityFile> capability_files;
  // Every capability (files in path order, then the manifest's inline ones),
  // duplicates left out; `enabled` indexes the ones the manifest activates.
  std::vector<Capability> capabilities;
  std::vector<size_t> enabled;
  std::vector<std::string> window_labels;
  ResolvedAcl resolved;
  // Every error and warning, sorted by file and position.
  Diagnostics diagnostics;
  // No error in any permission file: the registry (and so the editor
  // schema) is complete even if a capability is wrong.
  bool permissions_ok = true;
};

// The runtime's core permissions (runtime/permissions/*.toml, compiled into
// weft): core:app, core:window, core:event, core:path, core:webview and core
// (for core:default).
std::vector<PermissionSource> core_permission_sources(Diagnostics& out);

// Loads the core, plugin (plugins.<name>.path/permissions/) and app
// (permissions/) permissions, the capability files (capabilities/) and the
// manifest's app.security.capabilities, and resolves them for the target.
// Problems are in the result's diagnostics.
ProjectAcl load_project_acl(const Manifest& manifest, const ProjectAclOptions& options = {});

// Where the generated files go under target/<profile>/gen/.
struct AclOutputs {
  std::filesystem::path acl_file;    // gen/acl.json
  std::filesystem::path schema_file; // gen/schemas/capability.schema.json
  bool acl_written = false;          // false: unchanged (or not written)
  bool schema_written = false;
};

struct AclBuild {
  ProjectAcl acl;
  AclOutputs outputs;
  std::vector<Error> warnings;
};

// The step `weft check` and `weft build` share: load_project_acl, then write
// `gen_dir`/schemas/capability.schema.json (when the permissions loaded
// cleanly, even if a capability has errors, so the editor can help fix it)
// and `gen_dir`/acl.json (only when there is no error), each atomically and
// only when its content changed. An empty `gen_dir` writes nothing. Fails
// with every error (and the warnings, as related diagnostics) at once.
Result<AclBuild> build_acl(const Manifest& manifest, const ProjectAclOptions& options,
                           const std::filesystem::path& gen_dir);

// The path of a file for messages: relative to the current folder when
// inside it, else as given.
std::string display_path(const std::filesystem::path& path);

} // namespace weft::config::acl

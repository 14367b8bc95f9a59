#pragma once

#include "origin.hpp"

#include <weft/base/error.hpp>
#include <weft/runtime/command.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace weft::runtime {

// Who is calling: the window and webview the message arrived through and the
// origin of the page they showed at that moment.
struct Caller {
  std::string window;
  std::string webview;
  Origin origin;
};

struct AclDecision {
  bool allowed = false;
  std::string reason; // why not, for the rejection and the debug log
  Scopes scopes;      // when allowed
};

// The resolved ACL the app enforces, read from the context's acl.json (see
// config-schema/include/weft/config-schema/acl/acl_output.hpp). Deny by
// default: a command the ACL does not name is refused.
class Acl {
public:
  // Parses acl.json; an empty text is an ACL that grants nothing. Errors
  // (bad JSON, another format version, a grant naming an unknown
  // capability) say what is wrong.
  static Result<Acl> parse(std::string_view json_text);

  // `key` is the command as the ACL names it: "greet",
  // "core:window|set_title".
  AclDecision check(std::string_view key, const Caller& caller) const;

  // Whether any capability could apply to this window or webview at all.
  bool covers(std::string_view window, std::string_view webview) const;

private:
  struct UrlPattern {
    std::string scheme, host, port, path;
  };
  struct CapabilityContext {
    std::vector<std::string> windows;
    std::vector<std::string> webviews;
    bool local = true;
    std::vector<UrlPattern> remote;
  };
  struct Grant {
    std::string capability;
    Scopes scope;
  };
  struct Rule {
    std::vector<Grant> allow;
    std::vector<Grant> deny;
  };

  bool matches(const std::string& capability, const Caller& caller) const;
  bool matches_window(const CapabilityContext& context, const Caller& caller) const;
  static bool matches_url(const UrlPattern& pattern, const PageUrl& url);
  Result<Grant> read_grant(const nlohmann::json& value) const;

  std::map<std::string, CapabilityContext, std::less<>> m_capabilities;
  std::map<std::string, Rule, std::less<>> m_commands;
  std::map<std::string, std::vector<Grant>, std::less<>> m_scopes; // scope-only grants by prefix
};

// The prefix of a command key: "core:window" for "core:window|set_title", ""
// for an app command.
std::string_view command_prefix(std::string_view key);

} // namespace weft::runtime

#include <weft/config-schema/acl/acl_output.hpp>

#include <fmt/format.h>

namespace weft::config::acl {

namespace {

nlohmann::json context_to_json(const GrantContext& c) {
  nlohmann::json remote = nlohmann::json::array();
  for (const UrlPattern& r : c.remote)
    remote.push_back({{"pattern", r.pattern}, {"scheme", r.scheme}, {"host", r.host}, {"port", r.port}, {"path", r.path}});
  return {{"windows", c.windows}, {"webviews", c.webviews}, {"local", c.local}, {"remote", std::move(remote)}};
}

nlohmann::json grant_to_json(const CommandGrant& grant, bool with_scope) {
  nlohmann::json out = {{"capability", grant.capability}, {"permissions", grant.permissions}};
  if (with_scope) out["scope"] = {{"allow", grant.scope.allow}, {"deny", grant.scope.deny}};
  return out;
}

} // namespace

nlohmann::json acl_to_json(const ResolvedAcl& acl) {
  nlohmann::json commands = nlohmann::json::object();
  for (const auto& [key, rule] : acl.commands) {
    nlohmann::json allow = nlohmann::json::array();
    nlohmann::json deny = nlohmann::json::array();
    for (const CommandGrant& g : rule.allow) allow.push_back(grant_to_json(g, true));
    for (const CommandGrant& g : rule.deny) deny.push_back(grant_to_json(g, false));
    commands[key] = {{"allow", std::move(allow)}, {"deny", std::move(deny)}};
  }
  nlohmann::json scopes = nlohmann::json::object();
  for (const auto& [prefix, grants] : acl.scopes) {
    nlohmann::json list = nlohmann::json::array();
    for (const CommandGrant& g : grants) list.push_back(grant_to_json(g, true));
    scopes[prefix] = std::move(list);
  }
  nlohmann::json capabilities = nlohmann::json::object();
  for (const auto& [identifier, context] : acl.capabilities) capabilities[identifier] = context_to_json(context);
  return {{"version", k_acl_format_version},
          {"platform", std::string(acl_platform_name(acl.target))},
          {"capabilities", std::move(capabilities)},
          {"commands", std::move(commands)},
          {"scopes", std::move(scopes)}};
}

std::string acl_json_text(const ResolvedAcl& acl) {
  // Pretty at the top two levels, one compact line per capability, command
  // and scope prefix below: small, and a change shows as a one-line diff.
  auto compact = [](const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); };
  std::string out = "{\n  \"capabilities\": {";
  const char* separator = "\n";
  for (const auto& [identifier, context] : acl.capabilities) {
    out += separator;
    out += "    " + compact(identifier) + ": " + compact(context_to_json(context));
    separator = ",\n";
  }
  out += acl.capabilities.empty() ? "},\n" : "\n  },\n";
  out += "  \"commands\": {";
  separator = "\n";
  for (const auto& [key, rule] : acl.commands) {
    out += separator;
    out += "    " + compact(key) + ": {\"allow\":[";
    for (size_t i = 0; i < rule.allow.size(); ++i) out += (i ? "," : "") + compact(grant_to_json(rule.allow[i], true));
    out += "],\"deny\":[";
    for (size_t i = 0; i < rule.deny.size(); ++i) out += (i ? "," : "") + compact(grant_to_json(rule.deny[i], false));
    out += "]}";
    separator = ",\n";
  }
  out += acl.commands.empty() ? "},\n" : "\n  },\n";
  out += "  \"platform\": " + compact(std::string(acl_platform_name(acl.target))) + ",\n";
  out += "  \"scopes\": {";
  separator = "\n";
  for (const auto& [prefix, grants] : acl.scopes) {
    out += separator;
    out += "    " + compact(prefix) + ": [";
    for (size_t i = 0; i < grants.size(); ++i) out += (i ? "," : "") + compact(grant_to_json(grants[i], true));
    out += "]";
    separator = ",\n";
  }
  out += acl.scopes.empty() ? "},\n" : "\n  },\n";
  out += fmt::format("  \"version\": {}\n}}\n", k_acl_format_version);
  return out;
}

} // namespace weft::config::acl

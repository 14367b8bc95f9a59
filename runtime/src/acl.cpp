#include "acl.hpp"

#include <weft/base/glob.hpp>

#include <algorithm>
#include <string>

namespace weft::runtime {
namespace {

constexpr int k_acl_format_version = 1;

Error bad_acl(std::string message) {
  return Error::input("the embedded ACL is malformed: " + std::move(message))
      .with_hint("rebuild the app with `weft build`; the runtime reads acl.json format version 1");
}

std::vector<std::string> string_list(const nlohmann::json& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const nlohmann::json& item : *it)
    if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

std::vector<nlohmann::json> value_list(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return {};
  return std::vector<nlohmann::json>(it->begin(), it->end());
}

void append(std::vector<nlohmann::json>& to, const std::vector<nlohmann::json>& from) {
  for (const nlohmann::json& value : from)
    if (std::find(to.begin(), to.end(), value) == to.end()) to.push_back(value);
}

} // namespace

std::string_view command_prefix(std::string_view key) {
  const size_t bar = key.find('|');
  return bar == std::string_view::npos ? std::string_view() : key.substr(0, bar);
}

Result<Acl::Grant> Acl::read_grant(const nlohmann::json& value) const {
  if (!value.is_object() || !value.contains("capability") || !value["capability"].is_string())
    return fail(bad_acl("a grant has no `capability`"));
  Grant grant;
  grant.capability = value["capability"].get<std::string>();
  if (!m_capabilities.contains(grant.capability))
    return fail(bad_acl("a grant names the unknown capability `" + grant.capability + "`"));
  if (auto scope = value.find("scope"); scope != value.end() && scope->is_object()) {
    grant.scope.allow = value_list(*scope, "allow");
    grant.scope.deny = value_list(*scope, "deny");
  }
  return grant;
}

Result<Acl> Acl::parse(std::string_view json_text) {
  Acl acl;
  if (json_text.empty()) return acl;
  nlohmann::json root = nlohmann::json::parse(json_text, nullptr, false);
  if (root.is_discarded() || !root.is_object()) return fail(bad_acl("it is not a JSON object"));
  if (root.value("version", 0) != k_acl_format_version)
    return fail(bad_acl("format version " + root.value("version", nlohmann::json()).dump() + ", expected 1"));

  if (auto caps = root.find("capabilities"); caps != root.end() && caps->is_object()) {
    for (const auto& [id, value] : caps->items()) {
      if (!value.is_object()) return fail(bad_acl("capability `" + id + "` is not an object"));
      CapabilityContext context;
      context.windows = string_list(value, "windows");
      context.webviews = string_list(value, "webviews");
      context.local = value.value("local", true);
      if (auto remote = value.find("remote"); remote != value.end() && remote->is_array()) {
        for (const nlohmann::json& pattern : *remote) {
          if (!pattern.is_object()) return fail(bad_acl("a remote URL pattern of `" + id + "` is not an object"));
          context.remote.push_back({pattern.value("scheme", ""), pattern.value("host", ""), pattern.value("port", ""),
                                    pattern.value("path", "/*")});
        }
      }
      acl.m_capabilities.emplace(id, std::move(context));
    }
  }
  auto read_grants = [&acl](const nlohmann::json& list, std::vector<Grant>& out) -> Result<void> {
    if (!list.is_array()) return fail(bad_acl("a grant list is not an array"));
    for (const nlohmann::json& value : list) {
      WEFT_TRY_ASSIGN(Grant grant, acl.read_grant(value));
      out.push_back(std::move(grant));
    }
    return {};
  };
  if (auto commands = root.find("commands"); commands != root.end() && commands->is_object()) {
    for (const auto& [key, value] : commands->items()) {
      if (!value.is_object()) return fail(bad_acl("command `" + key + "` is not an object"));
      Rule rule;
      if (value.contains("allow")) WEFT_TRY(read_grants(value["allow"], rule.allow));
      if (value.contains("deny")) WEFT_TRY(read_grants(value["deny"], rule.deny));
      acl.m_commands.emplace(key, std::move(rule));
    }
  }
  if (auto scopes = root.find("scopes"); scopes != root.end() && scopes->is_object()) {
    for (const auto& [prefix, value] : scopes->items()) {
      std::vector<Grant> grants;
      WEFT_TRY(read_grants(value, grants));
      acl.m_scopes.emplace(prefix, std::move(grants));
    }
  }
  return acl;
}

bool Acl::matches_url(const UrlPattern& pattern, const PageUrl& url) {
  if (pattern.scheme != "*" && pattern.scheme != url.scheme) return false;
  if (!glob_match(pattern.host, url.host)) return false;
  if (pattern.port != "*") {
    const std::string want = pattern.port.empty() ? std::string(default_port(url.scheme)) : pattern.port;
    const std::string have = url.port.empty() ? std::string(default_port(url.scheme)) : url.port;
    if (want != have) return false;
  }
  return glob_match(pattern.path, url.path);
}

bool Acl::matches_window(const CapabilityContext& context, const Caller& caller) const {
  auto any = [](const std::vector<std::string>& patterns, const std::string& label) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&label](const std::string& pattern) { return glob_match(pattern, label); });
  };
  return any(context.windows, caller.window) || any(context.webviews, caller.webview);
}

bool Acl::matches(const std::string& capability, const Caller& caller) const {
  auto it = m_capabilities.find(capability);
  if (it == m_capabilities.end()) return false;
  const CapabilityContext& context = it->second;
  if (!matches_window(context, caller)) return false;
  switch (caller.origin.kind) {
  case OriginKind::local:
    return context.local;
  case OriginKind::remote:
    return std::any_of(context.remote.begin(), context.remote.end(),
                       [&caller](const UrlPattern& pattern) { return matches_url(pattern, *caller.origin.parsed); });
  case OriginKind::none:
    return false;
  }
  return false;
}

bool Acl::covers(std::string_view window, std::string_view webview) const {
  Caller caller{std::string(window), std::string(webview), {}};
  return std::any_of(m_capabilities.begin(), m_capabilities.end(),
                     [&](const auto& entry) { return matches_window(entry.second, caller); });
}

AclDecision Acl::check(std::string_view key, const Caller& caller) const {
  AclDecision decision;
  const std::string where = "window `" + caller.window + "` (" +
                            (caller.origin.kind == OriginKind::none ? std::string("no origin") : caller.origin.url) + ")";
  auto rule = m_commands.find(key);
  if (rule == m_commands.end()) {
    decision.reason = "no capability grants it to " + where;
    return decision;
  }
  for (const Grant& deny : rule->second.deny) {
    if (matches(deny.capability, caller)) {
      decision.reason = "capability `" + deny.capability + "` denies it to " + where;
      return decision;
    }
  }
  for (const Grant& allow : rule->second.allow) {
    if (!matches(allow.capability, caller)) continue;
    decision.allowed = true;
    append(decision.scopes.allow, allow.scope.allow);
    append(decision.scopes.deny, allow.scope.deny);
  }
  if (!decision.allowed) {
    decision.reason = "no capability grants it to " + where;
    return decision;
  }
  if (auto scoped = m_scopes.find(command_prefix(key)); scoped != m_scopes.end()) {
    for (const Grant& grant : scoped->second) {
      if (!matches(grant.capability, caller)) continue;
      append(decision.scopes.allow, grant.scope.allow);
      append(decision.scopes.deny, grant.scope.deny);
    }
  }
  return decision;
}

} // namespace weft::runtime

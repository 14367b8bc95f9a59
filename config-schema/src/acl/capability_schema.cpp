#include <weft/config-schema/acl/capability_schema.hpp>

#include <weft/config-schema/acl/common.hpp>

#include <fmt/format.h>

namespace weft::config::acl {

namespace {

std::string describe(const RegistryEntry& entry) {
  std::string text = entry.description();
  if (entry.kind != EntryKind::permission) {
    std::string members;
    for (const SetMember& m : entry.set->members) members += (members.empty() ? "" : ", ") + m.identifier;
    text += fmt::format("{}Includes: {}.", text.empty() ? "" : " ", members);
  } else if (text.empty()) {
    const Permission& p = *entry.permission;
    std::string commands;
    for (const std::string& c : p.commands_allow) commands += (commands.empty() ? "" : ", ") + c;
    text = commands.empty() ? "Scope values." : fmt::format("Allows {}.", commands);
  }
  return text;
}

nlohmann::json string_globs(std::string description) {
  nlohmann::json out = nlohmann::json::object();
  out["description"] = std::move(description);
  out["type"] = "array";
  out["items"] = nlohmann::json{{"type", "string"}, {"minLength", 1}};
  out["default"] = nlohmann::json::array();
  return out;
}

} // namespace

nlohmann::json capability_schema(const Registry& registry) {
  using json = nlohmann::json;
  auto ref = [](std::string_view name) { return json{{"$ref", fmt::format("#/definitions/{}", name)}}; };

  json identifiers = json::array();
  for (const RegistryEntry& entry : registry.entries())
    identifiers.push_back(json{{"const", entry.identifier}, {"description", describe(entry)}});

  json platforms = json::array();
  for (const std::string& name : acl_platform_names()) platforms.push_back(name);

  json properties = json::object();
  properties["$schema"] = json{{"description", "The JSON Schema of this file, for editors."}, {"type", "string"}};
  properties["identifier"] = json{{"description", "The capability's unique name; app.security.capabilities may list it."},
                                  {"type", "string"},
                                  {"pattern", "^[A-Za-z0-9][A-Za-z0-9._-]*$"},
                                  {"maxLength", 116}};
  properties["description"] = json{{"description", "What the capability is for."}, {"type", "string"}, {"default", ""}};
  properties["windows"] = string_globs("Patterns (`*`, `?`) matched against window labels, e.g. `main` or `settings-*`.");
  properties["webviews"] = string_globs("Patterns (`*`, `?`) matched against webview labels.");
  properties["permissions"] = json{{"description", "The permissions granted: identifiers, or objects adding scope values."},
                                   {"type", "array"},
                                   {"minItems", 1},
                                   {"uniqueItems", true},
                                   {"items", ref("PermissionEntry")}};
  properties["platforms"] = json{{"description", "The platforms on which the capability applies; all when absent."},
                                 {"type", "array"},
                                 {"uniqueItems", true},
                                 {"items", ref("Platform")}};
  json url = json{{"type", "string"}, {"pattern", "^[A-Za-z*][A-Za-z0-9+.*-]*://[^/?#@\\s]+(/[^?#\\s]*)?$"}};
  json urls = json{{"description", "URL patterns, e.g. `https://*.example.com` (scheme://host[:port][/path])."},
                   {"type", "array"},
                   {"minItems", 1},
                   {"items", std::move(url)}};
  properties["remote"] = json{{"description", "Remote origins whose pages may use the capability."},
                              {"type", "object"},
                              {"required", json::array({"urls"})},
                              {"additionalProperties", false},
                              {"properties", json{{"urls", std::move(urls)}}}};
  properties["local"] = json{{"description", "When true, the app's own pages may use the capability."},
                             {"type", "boolean"},
                             {"default", true}};

  json capability = json::object();
  capability["description"] =
      "A capability: the permissions granted to the windows and webviews whose labels match its patterns.";
  capability["type"] = "object";
  capability["required"] = json::array({"identifier", "permissions"});
  capability["additionalProperties"] = false;
  capability["properties"] = std::move(properties);

  json scoped = json::object();
  scoped["type"] = "object";
  scoped["required"] = json::array({"identifier"});
  scoped["additionalProperties"] = false;
  scoped["properties"] = json{
      {"identifier", ref("Identifier")},
      {"allow", json{{"description", "Scope values allowed in addition to the permission's own."}, {"type", "array"}}},
      {"deny", json{{"description", "Scope values denied; a deny always wins."}, {"type", "array"}}}};

  json definitions = json::object();
  definitions["Capability"] = std::move(capability);
  definitions["PermissionEntry"] = json{{"description", "A permission identifier, or an object adding scope values to it."},
                                        {"anyOf", json::array({ref("Identifier"), std::move(scoped)})}};
  definitions["Identifier"] = json{{"description", "A permission or set this app knows."},
                                   {"type", "string"},
                                   {"anyOf", std::move(identifiers)}};
  definitions["Platform"] = json{{"description", "A target platform."}, {"enum", std::move(platforms)}};

  json list = json{{"type", "array"}, {"items", ref("Capability")}};
  json wrapped = json::object();
  wrapped["type"] = "object";
  wrapped["required"] = json::array({"capabilities"});
  wrapped["additionalProperties"] = false;
  wrapped["properties"] = json{{"$schema", json{{"type", "string"}}}, {"capabilities", list}};

  json schema = json::object();
  schema["$schema"] = "http://json-schema.org/draft-07/schema#";
  schema["title"] = "weft capability file";
  schema["description"] = "One capability, an array of capabilities, or { \"capabilities\": [...] }. Generated by "
                          "weft from the permissions this app can use; do not edit.";
  schema["anyOf"] = json::array({ref("Capability"), std::move(list), std::move(wrapped)});
  schema["definitions"] = std::move(definitions);
  return schema;
}

std::string capability_schema_text(const Registry& registry) {
  return capability_schema(registry).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace weft::config::acl

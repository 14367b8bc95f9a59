#include "reader.hpp"

#include <weft/base/spellcheck.hpp>
#include <weft/config-schema/json_source.hpp>

#include <fmt/format.h>

namespace weft::config::acl {

std::string member(const std::string& pointer, std::string_view key) { return pointer + "/" + pointer_token(key); }

std::string json_type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::null: return "null";
    default: return "a number";
  }
}

void Reader::error(std::string_view pointer, std::string message, std::string hint, bool at_key) {
  Error e = Error::at(locate(pointer, at_key), std::move(message));
  if (!hint.empty()) e.with_hint(std::move(hint));
  m_out.add(std::move(e));
}

void Reader::warning(std::string_view pointer, std::string message, std::string hint) {
  Error e = Error::at(locate(pointer), std::move(message)).with_severity(Severity::warning);
  if (!hint.empty()) e.with_hint(std::move(hint));
  m_out.add(std::move(e));
}

bool Reader::object(const nlohmann::json& value, const std::string& pointer, std::string_view what,
                    std::initializer_list<std::string_view> known) {
  if (!value.is_object()) {
    error(pointer, fmt::format("expected {} (an object), found {}", what, json_type_name(value)));
    return false;
  }
  std::vector<std::string> candidates(known.begin(), known.end());
  for (const auto& [key, _] : value.items()) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || k == key;
    if (ok) continue;
    m_out.add(Error::unknown_key(locate(member(pointer, key), true), key, closest_match(key, candidates))
                  .with_context(fmt::format("reading {}", what)));
  }
  return true;
}

std::optional<std::string> Reader::string(const nlohmann::json& object, const std::string& pointer,
                                          std::string_view key, bool required) {
  auto it = object.find(key);
  if (it == object.end()) {
    if (required) error(pointer, fmt::format("missing required key `{}`", key));
    return std::nullopt;
  }
  if (!it->is_string()) {
    error(member(pointer, key), fmt::format("expected a string, found {}", json_type_name(*it)));
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<bool> Reader::boolean(const nlohmann::json& object, const std::string& pointer, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (!it->is_boolean()) {
    error(member(pointer, key), fmt::format("expected true or false, found {}", json_type_name(*it)));
    return std::nullopt;
  }
  return it->get<bool>();
}

const nlohmann::json* Reader::array(const nlohmann::json& object, const std::string& pointer, std::string_view key,
                                    bool required) {
  auto it = object.find(key);
  if (it == object.end()) {
    if (required) error(pointer, fmt::format("missing required key `{}`", key));
    return nullptr;
  }
  if (!it->is_array()) {
    error(member(pointer, key), fmt::format("expected an array, found {}", json_type_name(*it)));
    return nullptr;
  }
  return &*it;
}

std::optional<std::vector<Reader::Item>> Reader::strings(const nlohmann::json& object, const std::string& pointer,
                                                         std::string_view key, bool required) {
  const nlohmann::json* items = array(object, pointer, key, required);
  if (!items) return std::nullopt;
  std::vector<Item> out;
  std::string base = member(pointer, key);
  for (size_t i = 0; i < items->size(); ++i) {
    std::string item_pointer = fmt::format("{}/{}", base, i);
    const nlohmann::json& item = (*items)[i];
    if (!item.is_string()) {
      error(item_pointer, fmt::format("expected a string, found {}", json_type_name(item)));
      continue;
    }
    out.push_back({item.get<std::string>(), std::move(item_pointer)});
  }
  return out;
}

std::optional<std::vector<Platform>> Reader::platforms(const nlohmann::json& object, const std::string& pointer) {
  auto items = strings(object, pointer, "platforms", false);
  if (!items) return std::nullopt;
  std::vector<Platform> out;
  std::vector<std::string> names = acl_platform_names();
  for (const Item& item : *items) {
    auto platform = parse_acl_platform(item.value);
    if (!platform) {
      std::string suggestion = closest_match(item.value, names);
      error(item.pointer, fmt::format("unknown platform `{}`", item.value),
            suggestion.empty() ? "one of linux, windows, macOS, android, iOS"
                               : fmt::format("did you mean `{}`?", suggestion));
      continue;
    }
    out.push_back(*platform);
  }
  return out;
}

ScopeValues Reader::scope(const nlohmann::json& object, const std::string& pointer) {
  ScopeValues out;
  if (const nlohmann::json* allow = array(object, pointer, "allow", false))
    out.allow.assign(allow->begin(), allow->end());
  if (const nlohmann::json* deny = array(object, pointer, "deny", false)) out.deny.assign(deny->begin(), deny->end());
  return out;
}

} // namespace weft::config::acl

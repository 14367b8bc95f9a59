#pragma once

// Typed access to a located JSON value for the ACL parsers: each accessor
// reports what is wrong at the right place and lets parsing go on, so that a
// file's every error comes out in one run.

#include <weft/base/error.hpp>
#include <weft/config-schema/acl/common.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::config::acl {

class Reader {
public:
  using Locate = std::function<Location(std::string_view pointer, bool at_key)>;

  Reader(Locate locate, Diagnostics& out) : m_locate(std::move(locate)), m_out(out) {}

  Location locate(std::string_view pointer, bool at_key = false) const { return m_locate(pointer, at_key); }
  void error(std::string_view pointer, std::string message, std::string hint = {}, bool at_key = false);
  void warning(std::string_view pointer, std::string message, std::string hint = {});
  Diagnostics& out() { return m_out; }

  // False (reported) unless `value` is an object; unknown keys are reported
  // with the closest known one.
  bool object(const nlohmann::json& value, const std::string& pointer, std::string_view what,
              std::initializer_list<std::string_view> known);
  // The member `key` when it is a string; reported when missing and required
  // or of the wrong type.
  std::optional<std::string> string(const nlohmann::json& object, const std::string& pointer, std::string_view key,
                                    bool required);
  std::optional<bool> boolean(const nlohmann::json& object, const std::string& pointer, std::string_view key);
  // The member `key` when it is an array of strings: each string with its
  // pointer. Items of another type are reported and skipped.
  struct Item {
    std::string value;
    std::string pointer;
  };
  std::optional<std::vector<Item>> strings(const nlohmann::json& object, const std::string& pointer,
                                           std::string_view key, bool required);
  // The member `key` when it is an array (of any values).
  const nlohmann::json* array(const nlohmann::json& object, const std::string& pointer, std::string_view key,
                              bool required);
  std::optional<std::vector<Platform>> platforms(const nlohmann::json& object, const std::string& pointer);
  // `allow`/`deny` arrays of scope values.
  ScopeValues scope(const nlohmann::json& object, const std::string& pointer);

private:
  Locate m_locate;
  Diagnostics& m_out;
};

std::string member(const std::string& pointer, std::string_view key);
std::string json_type_name(const nlohmann::json& value);

} // namespace weft::config::acl

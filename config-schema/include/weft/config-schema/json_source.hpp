#pragma once

#include <weft/base/error.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <unordered_map>

namespace weft::config {

enum class Comments { allowed, forbidden };

// A parsed JSON file that still knows where each value came from, so that
// errors found later (schema, semantics) point at file:line:column.
class JsonDocument {
public:
  struct Span {
    size_t value_offset = 0;
    size_t key_offset = std::string::npos; // npos for array items and the root
  };

  const std::string& path() const { return m_path; }
  const std::string& text() const { return m_text; }
  const nlohmann::json& value() const { return m_value; }
  nlohmann::json& value() { return m_value; }

  // Location of the value at `pointer` (or of its key when `at_key` and the
  // value is an object member). Falls back to the nearest located ancestor.
  Location locate(std::string_view pointer, bool at_key = false) const;
  // Location of a byte offset in the text.
  Location locate_offset(size_t offset) const;

  friend class JsonParser;
  friend Result<JsonDocument> parse_json(std::string, std::string, Comments);

private:
  std::string m_path;
  std::string m_text;
  nlohmann::json m_value;
  std::unordered_map<std::string, Span> m_spans;
};

// Parses JSON (optionally with // and /* */ comments). Errors are located and
// name what was expected: invalid UTF-8, an empty file, truncated input,
// trailing commas, duplicate keys, nesting deeper than 256 levels.
Result<JsonDocument> parse_json(std::string text, std::string path,
                                Comments comments = Comments::allowed);

// Escapes one reference token for a JSON pointer (RFC 6901).
std::string pointer_token(std::string_view key);

} // namespace weft::config

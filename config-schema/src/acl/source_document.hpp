#pragma once

// A permission or capability file parsed into JSON values that still know
// their place in the text, whichever the format: errors found later point at
// file:line:column, and edits splice the original text by byte offsets.

#include <weft/base/error.hpp>
#include <weft/config-schema/acl/common.hpp>
#include <weft/config-schema/json_source.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace weft::config::acl {

class SourceDocument {
public:
  // A half-open byte range of the text.
  struct Range {
    size_t begin = 0;
    size_t end = 0;
  };

  // Syntax errors are located. TOML values JSON cannot hold (nan, inf) are
  // errors too; TOML dates and times become RFC 3339 strings.
  static Result<SourceDocument> parse(std::string text, std::string path, FileFormat format);

  FileFormat format() const { return m_format; }
  const std::string& path() const { return m_path; }
  const std::string& text() const { return m_text; }
  const nlohmann::json& value() const { return m_value; }

  // Location of the value at `pointer` (or of its key with `at_key`),
  // falling back to the nearest located ancestor.
  Location locate(std::string_view pointer, bool at_key = false) const;
  Location locate_offset(size_t offset) const;

  // Where the value at `pointer` is written, when the document knows.
  std::optional<Range> value_range(std::string_view pointer) const;
  // Where the key of the member at `pointer` is written.
  std::optional<size_t> key_offset(std::string_view pointer) const;

private:
  struct Span {
    size_t begin = 0;
    size_t end = std::string::npos; // npos: not known yet (JSON: found on demand)
    size_t key = std::string::npos;
  };

  FileFormat m_format = FileFormat::json;
  std::string m_path;
  std::string m_text;
  nlohmann::json m_value;
  std::optional<JsonDocument> m_json;
  std::unordered_map<std::string, Span> m_spans; // TOML only
  std::vector<size_t> m_line_starts;             // TOML only

  friend class TomlConverter;
};

// The end of the JSON value that starts at `offset` in valid JSON text (with
// comments), i.e. one past its last byte.
size_t json_value_end(std::string_view text, size_t offset);

} // namespace weft::config::acl

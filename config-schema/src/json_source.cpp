#include <weft/config-schema/json_source.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>

namespace weft::config {

namespace {

constexpr int k_max_depth = 256;

// Returns the offset of the first byte that is not valid UTF-8, or npos.
size_t find_invalid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len;
    unsigned min_cp;
    unsigned cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, min_cp = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min_cp = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min_cp = 0x10000, cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string describe_char(std::string_view text, size_t offset) {
  if (offset >= text.size()) return "end of file";
  char c = text[offset];
  if (c == '\n') return "end of line";
  if (static_cast<unsigned char>(c) < 0x20) return fmt::format("control character U+{:04X}", static_cast<unsigned>(c));
  size_t end = offset + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return fmt::format("`{}`", text.substr(offset, end - offset));
}

} // namespace

class JsonParser {
public:
  JsonParser(JsonDocument& doc, Comments comments) : m_doc(doc), m_text(doc.m_text), m_comments(comments) {}

  Result<void> run() {
    // A UTF-8 byte order mark is harmless; skip it as editors do.
    if (m_text.starts_with("\xEF\xBB\xBF")) m_pos = 3;
    skip_space();
    if (m_error) return fail(std::move(*m_error));
    if (m_pos >= m_text.size()) {
      Location where = m_doc.locate_offset(0);
      return fail(Error::at(where, "the file is empty").with_hint("a manifest is a JSON object: {}"));
    }
    m_doc.m_value = parse_value("", 0);
    if (m_error) return fail(std::move(*m_error));
    skip_space();
    if (m_error) return fail(std::move(*m_error));
    if (m_pos < m_text.size())
      return fail(error_here(fmt::format("expected end of file after the top-level value, found {}",
                                         describe_char(m_text, m_pos))));
    return {};
  }

private:
  JsonDocument& m_doc;
  std::string_view m_text;
  Comments m_comments;
  size_t m_pos = 0;
  std::optional<Error> m_error;

  Error error_at(size_t offset, std::string message) {
    return Error::at(m_doc.locate_offset(offset), std::move(message));
  }
  Error error_here(std::string message) { return error_at(m_pos, std::move(message)); }

  void set_error(Error e) {
    if (!m_error) m_error = std::move(e);
  }

  void expected(std::string_view what) {
    if (m_pos >= m_text.size())
      set_error(error_here(fmt::format("unexpected end of file, expected {}", what))
                    .with_hint("the file looks truncated"));
    else
      set_error(error_here(fmt::format("expected {}, found {}", what, describe_char(m_text, m_pos))));
  }

  void skip_space() {
    while (m_pos < m_text.size()) {
      char c = m_text[m_pos];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++m_pos;
      } else if (c == '/' && m_pos + 1 < m_text.size() && (m_text[m_pos + 1] == '/' || m_text[m_pos + 1] == '*')) {
        if (m_comments == Comments::forbidden) {
          set_error(error_here("comments are not allowed in this file"));
          return;
        }
        if (m_text[m_pos + 1] == '/') {
          size_t end = m_text.find('\n', m_pos);
          m_pos = end == std::string_view::npos ? m_text.size() : end;
        } else {
          size_t end = m_text.find("*/", m_pos + 2);
          if (end == std::string_view::npos) {
            set_error(error_here("unterminated /* comment").with_hint("close it with */"));
            m_pos = m_text.size();
            return;
          }
          m_pos = end + 2;
        }
      } else {
        return;
      }
    }
  }

  nlohmann::json parse_value(const std::string& pointer, int depth) {
    if (depth > k_max_depth) {
      set_error(error_here(fmt::format("nesting deeper than {} levels", k_max_depth)));
      return nullptr;
    }
    skip_space();
    if (m_error) return nullptr;
    m_doc.m_spans[pointer].value_offset = m_pos;
    if (m_pos >= m_text.size()) {
      expected("a value");
      return nullptr;
    }
    char c = m_text[m_pos];
    switch (c) {
      case '{': return parse_object(pointer, depth);
      case '[': return parse_array(pointer, depth);
      case '"': {
        std::string s;
        if (!parse_string(s)) return nullptr;
        return s;
      }
      case 't': return parse_literal("true", true);
      case 'f': return parse_literal("false", false);
      case 'n': return parse_literal("null", nullptr);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return parse_number();
        if (c == '\'') {
          set_error(error_here("strings must use double quotes, found `'`"));
          return nullptr;
        }
        expected("a value (object, array, string, number, true, false or null)");
        return nullptr;
    }
  }

  nlohmann::json parse_literal(std::string_view word, nlohmann::json value) {
    if (m_text.substr(m_pos, word.size()) == word) {
      size_t end = m_pos + word.size();
      if (end >= m_text.size() || !std::isalnum(static_cast<unsigned char>(m_text[end]))) {
        m_pos = end;
        return value;
      }
    }
    expected("a value (object, array, string, number, true, false or null)");
    return nullptr;
  }

  nlohmann::json parse_number() {
    size_t start = m_pos;
    size_t i = m_pos;
    auto digits = [&] {
      size_t from = i;
      while (i < m_text.size() && m_text[i] >= '0' && m_text[i] <= '9') ++i;
      return i - from;
    };
    bool is_integer = true;
    if (m_text[i] == '-') ++i;
    size_t int_start = i;
    size_t n = digits();
    if (n == 0) {
      m_pos = i;
      expected("a digit");
      return nullptr;
    }
    if (n > 1 && m_text[int_start] == '0') {
      set_error(error_at(int_start, "numbers must not have leading zeros"));
      return nullptr;
    }
    if (i < m_text.size() && m_text[i] == '.') {
      is_integer = false;
      ++i;
      if (digits() == 0) {
        m_pos = i;
        expected("a digit after the decimal point");
        return nullptr;
      }
    }
    if (i < m_text.size() && (m_text[i] == 'e' || m_text[i] == 'E')) {
      is_integer = false;
      ++i;
      if (i < m_text.size() && (m_text[i] == '+' || m_text[i] == '-')) ++i;
      if (digits() == 0) {
        m_pos = i;
        expected("a digit in the exponent");
        return nullptr;
      }
    }
    m_pos = i;
    std::string_view token = m_text.substr(start, i - start);
    if (is_integer) {
      if (token[0] == '-') {
        std::int64_t v;
        auto r = std::from_chars(token.data(), token.data() + token.size(), v);
        if (r.ec == std::errc()) return v;
      } else {
        std::uint64_t v;
        auto r = std::from_chars(token.data(), token.data() + token.size(), v);
        if (r.ec == std::errc()) return v;
      }
    }
    std::string copy(token);
    return std::strtod(copy.c_str(), nullptr);
  }

  bool parse_hex4(unsigned& out) {
    if (m_pos + 4 > m_text.size()) {
      m_pos = m_text.size();
      expected("four hex digits after \\u");
      return false;
    }
    out = 0;
    for (int k = 0; k < 4; ++k) {
      char h = m_text[m_pos];
      out <<= 4;
      if (h >= '0' && h <= '9')
        out |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f')
        out |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        out |= static_cast<unsigned>(h - 'A' + 10);
      else {
        expected("a hex digit in a \\u escape");
        return false;
      }
      ++m_pos;
    }
    return true;
  }

  bool parse_string(std::string& out) {
    size_t open = m_pos;
    ++m_pos; // opening quote
    for (;;) {
      if (m_pos >= m_text.size()) {
        set_error(error_at(open, "unterminated string").with_hint("add the closing `\"`"));
        return false;
      }
      char c = m_text[m_pos];
      if (c == '"') {
        ++m_pos;
        return true;
      }
      if (c == '\n') {
        set_error(error_at(open, "unterminated string (strings cannot span lines)")
                      .with_hint("add the closing `\"` or write \\n"));
        return false;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        set_error(error_here(fmt::format("{} is not allowed in a string; escape it", describe_char(m_text, m_pos))));
        return false;
      }
      if (c != '\\') {
        out += c;
        ++m_pos;
        continue;
      }
      ++m_pos;
      if (m_pos >= m_text.size()) continue; // reported as unterminated
      char e = m_text[m_pos++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          size_t escape_at = m_pos - 2;
          unsigned cp;
          if (!parse_hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned low = 0;
            if (m_text.substr(m_pos, 2) != "\\u") {
              set_error(error_at(escape_at, "unpaired UTF-16 surrogate in \\u escape"));
              return false;
            }
            m_pos += 2;
            if (!parse_hex4(low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) {
              set_error(error_at(escape_at, "unpaired UTF-16 surrogate in \\u escape"));
              return false;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            set_error(error_at(escape_at, "unpaired UTF-16 surrogate in \\u escape"));
            return false;
          }
          append_utf8(out, cp);
          break;
        }
        default:
          m_pos -= 1;
          set_error(error_here(fmt::format("invalid escape `\\{}` in string", describe_char(m_text, m_pos).substr(1, 1))));
          return false;
      }
    }
  }

  nlohmann::json parse_object(const std::string& pointer, int depth) {
    nlohmann::json obj = nlohmann::json::object();
    ++m_pos; // {
    skip_space();
    if (m_error) return obj;
    if (m_pos < m_text.size() && m_text[m_pos] == '}') {
      ++m_pos;
      return obj;
    }
    for (;;) {
      skip_space();
      if (m_error) return obj;
      if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
          set_error(error_here("trailing comma before `}`").with_hint("remove the last `,`"));
          return obj;
        }
        expected("a key in double quotes");
        return obj;
      }
      size_t key_offset = m_pos;
      std::string key;
      if (!parse_string(key)) return obj;
      std::string child = pointer + "/" + pointer_token(key);
      if (obj.contains(key)) {
        set_error(error_at(key_offset, fmt::format("duplicate key `{}`", key))
                      .with_hint(fmt::format("it was first set at line {}",
                                             m_doc.locate_offset(m_doc.m_spans[child].key_offset).line)));
        return obj;
      }
      skip_space();
      if (m_error) return obj;
      if (m_pos >= m_text.size() || m_text[m_pos] != ':') {
        expected(fmt::format("`:` after the key `{}`", key));
        return obj;
      }
      ++m_pos;
      nlohmann::json value = parse_value(child, depth + 1);
      m_doc.m_spans[child].key_offset = key_offset;
      if (m_error) return obj;
      obj.emplace(std::move(key), std::move(value));
      skip_space();
      if (m_error) return obj;
      if (m_pos < m_text.size() && m_text[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      if (m_pos < m_text.size() && m_text[m_pos] == '}') {
        ++m_pos;
        return obj;
      }
      if (m_pos < m_text.size() && m_text[m_pos] == '"') {
        expected("`,` between members (missing comma?)");
        return obj;
      }
      expected("`,` or `}`");
      return obj;
    }
  }

  nlohmann::json parse_array(const std::string& pointer, int depth) {
    nlohmann::json arr = nlohmann::json::array();
    ++m_pos; // [
    skip_space();
    if (m_error) return arr;
    if (m_pos < m_text.size() && m_text[m_pos] == ']') {
      ++m_pos;
      return arr;
    }
    for (size_t index = 0;; ++index) {
      skip_space();
      if (m_error) return arr;
      if (m_pos < m_text.size() && m_text[m_pos] == ']') {
        set_error(error_here("trailing comma before `]`").with_hint("remove the last `,`"));
        return arr;
      }
      arr.push_back(parse_value(fmt::format("{}/{}", pointer, index), depth + 1));
      if (m_error) return arr;
      skip_space();
      if (m_error) return arr;
      if (m_pos < m_text.size() && m_text[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      if (m_pos < m_text.size() && m_text[m_pos] == ']') {
        ++m_pos;
        return arr;
      }
      expected("`,` or `]`");
      return arr;
    }
  }
};

std::string pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

Location JsonDocument::locate_offset(size_t offset) const {
  Location where;
  where.file = m_path;
  offset = std::min(offset, m_text.size());
  size_t line_start = 0;
  int line = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (m_text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  int column = 1;
  for (size_t i = line_start; i < offset; ++i)
    if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) ++column;
  size_t line_end = m_text.find('\n', line_start);
  if (line_end == std::string::npos) line_end = m_text.size();
  where.line = line;
  where.column = column;
  where.source_line = m_text.substr(line_start, line_end - line_start);
  if (!where.source_line.empty() && where.source_line.back() == '\r') where.source_line.pop_back();
  return where;
}

Location JsonDocument::locate(std::string_view pointer, bool at_key) const {
  std::string p(pointer);
  for (;;) {
    auto it = m_spans.find(p);
    if (it != m_spans.end()) {
      size_t offset = at_key && it->second.key_offset != std::string::npos ? it->second.key_offset
                                                                           : it->second.value_offset;
      Location where = locate_offset(offset);
      where.pointer = std::string(pointer);
      return where;
    }
    if (p.empty()) break;
    p.erase(p.rfind('/'));
  }
  Location where;
  where.file = m_path;
  where.pointer = std::string(pointer);
  return where;
}

Result<JsonDocument> parse_json(std::string text, std::string path, Comments comments) {
  JsonDocument doc;
  doc.m_path = std::move(path);
  doc.m_text = std::move(text);
  size_t bad = find_invalid_utf8(doc.m_text);
  if (bad != std::string::npos)
    return fail(Error::at(doc.locate_offset(bad),
                          fmt::format("invalid UTF-8 (byte 0x{:02X} at offset {})",
                                      static_cast<unsigned char>(doc.m_text[bad]), bad))
                    .with_hint("save the file as UTF-8"));
  JsonParser parser(doc, comments);
  WEFT_TRY(parser.run());
  return doc;
}

} // namespace weft::config

#include "source_document.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace weft::config::acl {

namespace {

std::vector<size_t> line_starts_of(std::string_view text) {
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  return starts;
}

// The byte offset of a 1-based line and column counted in code points.
size_t offset_of(std::string_view text, const std::vector<size_t>& line_starts, size_t line, size_t column) {
  if (line == 0 || line > line_starts.size()) return text.size();
  size_t i = line_starts[line - 1];
  for (size_t c = 1; c < column && i < text.size() && text[i] != '\n'; ++c) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

} // namespace

class TomlConverter {
public:
  explicit TomlConverter(SourceDocument& doc) : m_doc(doc) {}

  Result<void> run(const toml::table& root) {
    m_doc.m_value = convert(root, "");
    m_doc.m_spans[""] = {0, m_doc.m_text.size(), std::string::npos};
    if (m_error) return fail(std::move(*m_error));
    return {};
  }

private:
  SourceDocument& m_doc;
  std::optional<Error> m_error;

  size_t offset(const toml::source_position& p) const {
    return offset_of(m_doc.m_text, m_doc.m_line_starts, p.line, p.column);
  }

  nlohmann::json convert(const toml::node& node, const std::string& pointer) {
    const toml::source_region& region = node.source();
    SourceDocument::Span& span = m_doc.m_spans[pointer];
    span.begin = offset(region.begin);
    span.end = offset(region.end);
    switch (node.type()) {
      case toml::node_type::table: {
        nlohmann::json out = nlohmann::json::object();
        for (auto&& [key, child] : *node.as_table()) {
          std::string child_pointer = pointer + "/" + pointer_token(key.str());
          nlohmann::json value = convert(child, child_pointer);
          m_doc.m_spans[child_pointer].key = offset(key.source().begin);
          out[std::string(key.str())] = std::move(value);
        }
        return out;
      }
      case toml::node_type::array: {
        nlohmann::json out = nlohmann::json::array();
        const toml::array& array = *node.as_array();
        for (size_t i = 0; i < array.size(); ++i) out.push_back(convert(array[i], fmt::format("{}/{}", pointer, i)));
        return out;
      }
      case toml::node_type::string: return node.as_string()->get();
      case toml::node_type::integer: return node.as_integer()->get();
      case toml::node_type::floating_point: {
        double v = node.as_floating_point()->get();
        if (!std::isfinite(v) && !m_error)
          m_error = Error::at(m_doc.locate(pointer), fmt::format("`{}` cannot be represented in JSON", v))
                        .with_hint("values in weft's ACL must be valid JSON: use a finite number or a string");
        return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
      }
      case toml::node_type::boolean: return node.as_boolean()->get();
      case toml::node_type::date:
      case toml::node_type::time:
      case toml::node_type::date_time: {
        std::ostringstream out;
        if (auto* d = node.as_date()) out << d->get();
        if (auto* t = node.as_time()) out << t->get();
        if (auto* dt = node.as_date_time()) out << dt->get();
        return out.str();
      }
      case toml::node_type::none: break;
    }
    return nullptr;
  }
};

Result<SourceDocument> SourceDocument::parse(std::string text, std::string path, FileFormat format) {
  SourceDocument doc;
  doc.m_format = format;
  doc.m_path = std::move(path);
  if (format == FileFormat::json) {
    WEFT_TRY_ASSIGN(JsonDocument json, parse_json(std::move(text), doc.m_path, Comments::allowed));
    doc.m_text = json.text();
    doc.m_value = json.value();
    doc.m_json = std::move(json);
    doc.m_line_starts = line_starts_of(doc.m_text);
    return doc;
  }
  doc.m_text = std::move(text);
  doc.m_line_starts = line_starts_of(doc.m_text);
  if (doc.m_text.find_first_not_of(" \t\r\n") == std::string::npos)
    return fail(Error::at(doc.locate_offset(0), "the file is empty"));
  toml::table root;
  try {
    root = toml::parse(std::string_view(doc.m_text), std::string_view(doc.m_path));
  } catch (const toml::parse_error& e) {
    const toml::source_position& p = e.source().begin;
    Location where = doc.locate_offset(offset_of(doc.m_text, doc.m_line_starts, p.line, p.column));
    std::string description(e.description());
    return fail(Error::at(std::move(where), fmt::format("invalid TOML: {}", description)));
  }
  TomlConverter converter(doc);
  WEFT_TRY(converter.run(root));
  return doc;
}

Location SourceDocument::locate_offset(size_t offset) const {
  if (m_json) return m_json->locate_offset(offset);
  Location where;
  where.file = m_path;
  offset = std::min(offset, m_text.size());
  auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  size_t line_index = static_cast<size_t>(it - m_line_starts.begin()) - 1;
  size_t line_start = m_line_starts[line_index];
  int column = 1;
  for (size_t i = line_start; i < offset; ++i)
    if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) ++column;
  size_t line_end = m_text.find('\n', line_start);
  if (line_end == std::string::npos) line_end = m_text.size();
  where.line = static_cast<int>(line_index + 1);
  where.column = column;
  where.source_line = m_text.substr(line_start, line_end - line_start);
  if (!where.source_line.empty() && where.source_line.back() == '\r') where.source_line.pop_back();
  return where;
}

Location SourceDocument::locate(std::string_view pointer, bool at_key) const {
  if (m_json) return m_json->locate(pointer, at_key);
  std::string p(pointer);
  for (;;) {
    auto it = m_spans.find(p);
    if (it != m_spans.end()) {
      size_t offset = at_key && it->second.key != std::string::npos ? it->second.key : it->second.begin;
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

std::optional<SourceDocument::Range> SourceDocument::value_range(std::string_view pointer) const {
  if (m_json) {
    try {
      if (!m_value.contains(nlohmann::json::json_pointer(std::string(pointer)))) return std::nullopt;
    } catch (const nlohmann::json::exception&) {
      return std::nullopt;
    }
    Location where = m_json->locate(pointer);
    size_t begin = offset_of(m_text, m_line_starts, static_cast<size_t>(where.line), static_cast<size_t>(where.column));
    return Range{begin, json_value_end(m_text, begin)};
  }
  auto it = m_spans.find(std::string(pointer));
  if (it == m_spans.end()) return std::nullopt;
  return Range{it->second.begin, it->second.end};
}

std::optional<size_t> SourceDocument::key_offset(std::string_view pointer) const {
  if (m_json) {
    Location value = m_json->locate(pointer);
    Location key = m_json->locate(pointer, true);
    if (key.line == value.line && key.column == value.column) return std::nullopt;
    return offset_of(m_text, m_line_starts, static_cast<size_t>(key.line), static_cast<size_t>(key.column));
  }
  auto it = m_spans.find(std::string(pointer));
  if (it == m_spans.end() || it->second.key == std::string::npos) return std::nullopt;
  return it->second.key;
}

size_t json_value_end(std::string_view text, size_t offset) {
  if (offset >= text.size()) return text.size();
  auto skip_string = [&](size_t i) { // i at the opening quote; returns one past the closing one
    for (++i; i < text.size() && text[i] != '"'; ++i)
      if (text[i] == '\\') ++i;
    return std::min(i + 1, text.size());
  };
  char first = text[offset];
  if (first == '"') return skip_string(offset);
  if (first != '{' && first != '[') {
    size_t end = text.find_first_of(",]} \t\r\n/", offset);
    return end == std::string_view::npos ? text.size() : end;
  }
  int depth = 0;
  size_t i = offset;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      i = skip_string(i);
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      size_t end = text.find('\n', i);
      i = end == std::string_view::npos ? text.size() : end;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if ((c == '}' || c == ']') && --depth == 0) return i + 1;
    ++i;
  }
  return text.size();
}

} // namespace weft::config::acl

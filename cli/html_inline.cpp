#include "html_inline.hpp"

#include <cctype>
#include <string>

namespace weft::cli {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_nocase(std::string_view text, size_t at, std::string_view word) {
  if (text.size() - at < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (lower(text[at + i]) != word[i]) return false;
  return true;
}

// Position of `word` (lowercase) at or after `from`, ignoring case; npos when absent.
size_t find_nocase(std::string_view text, std::string_view word, size_t from) {
  for (size_t i = from; i + word.size() <= text.size(); ++i)
    if (starts_with_nocase(text, i, word)) return i;
  return std::string_view::npos;
}

struct OpenTag {
  size_t end = std::string_view::npos; // just past '>'
  bool has_src = false;
};

// Reads the attributes of a start tag whose name ends at `at`.
OpenTag read_attributes(std::string_view html, size_t at) {
  OpenTag tag;
  size_t i = at;
  while (i < html.size()) {
    while (i < html.size() && (is_space(html[i]) || html[i] == '/')) ++i;
    if (i >= html.size()) break;
    if (html[i] == '>') {
      tag.end = i + 1;
      return tag;
    }
    std::string name;
    while (i < html.size() && !is_space(html[i]) && html[i] != '=' && html[i] != '>' && html[i] != '/')
      name += lower(html[i++]);
    if (name == "src") tag.has_src = true;
    while (i < html.size() && is_space(html[i])) ++i;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && is_space(html[i])) ++i;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        const char quote = html[i++];
        while (i < html.size() && html[i] != quote) ++i;
        if (i < html.size()) ++i;
      } else {
        while (i < html.size() && !is_space(html[i]) && html[i] != '>') ++i;
      }
    }
  }
  return tag;
}

} // namespace

std::vector<InlineBlock> find_inline_blocks(std::string_view html) {
  std::vector<InlineBlock> blocks;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.compare(i, 4, "<!--") == 0) {
      const size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    InlineKind kind;
    std::string_view name;
    if (starts_with_nocase(html, i + 1, "script")) {
      kind = InlineKind::script;
      name = "script";
    } else if (starts_with_nocase(html, i + 1, "style")) {
      kind = InlineKind::style;
      name = "style";
    } else {
      ++i;
      continue;
    }
    const size_t after_name = i + 1 + name.size();
    if (after_name < html.size() && !is_space(html[after_name]) && html[after_name] != '>' && html[after_name] != '/') {
      i = after_name; // <scripts>, <styled>: another element
      continue;
    }
    const OpenTag tag = read_attributes(html, after_name);
    if (tag.end == std::string_view::npos) break;
    const std::string closing = "</" + std::string(name);
    size_t close = find_nocase(html, closing, tag.end);
    if (close == std::string_view::npos) close = html.size();
    std::string_view text = html.substr(tag.end, close - tag.end);
    if (!text.empty() && !(kind == InlineKind::script && tag.has_src)) blocks.push_back({kind, text});
    i = close;
  }
  return blocks;
}

} // namespace weft::cli

#include "init_template.hpp"

#include <span>
#include <utility>

namespace weft::embedded {
std::span<const std::pair<std::string_view, std::string_view>> template_files();
}

namespace weft::cli {

namespace {

constexpr std::string_view k_icon_file = "app-icon.svg";

enum class Escape { none, json, html };

Escape escape_for(std::string_view path) {
  if (path.ends_with(".json")) return Escape::json;
  if (path.ends_with(".html") || path.ends_with(".svelte")) return Escape::html;
  return Escape::none;
}

std::string escaped(std::string_view value, Escape escape) {
  std::string out;
  for (char c : value) {
    switch (escape) {
    case Escape::json:
      if (c == '"' || c == '\\') out += '\\';
      out += c;
      break;
    case Escape::html:
      switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '{':
        out += "&#123;";
        break; // Svelte reads braces as code
      case '}':
        out += "&#125;";
        break;
      default:
        out += c;
      }
      break;
    case Escape::none:
      out += c;
      break;
    }
  }
  return out;
}

std::string substitute(std::string_view text, const std::map<std::string, std::string>& variables, Escape escape) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find("{{", i);
    if (open == std::string_view::npos) break;
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    auto it = variables.find(std::string(text.substr(open + 2, close - open - 2)));
    out.append(text.substr(i, open - i));
    if (it == variables.end()) {
      out.append(text.substr(open, close + 2 - open));
    } else {
      out += escaped(it->second, escape);
    }
    i = close + 2;
  }
  out.append(text.substr(i));
  return out;
}

} // namespace

std::vector<std::string> template_names() {
  std::vector<std::string> names;
  for (const auto& [path, content] : embedded::template_files()) {
    const size_t slash = path.find('/');
    if (slash == std::string_view::npos) continue;
    std::string name(path.substr(0, slash));
    if (names.empty() || names.back() != name) names.push_back(name);
  }
  return names;
}

std::string_view template_icon_svg() {
  for (const auto& [path, content] : embedded::template_files())
    if (path == k_icon_file) return content;
  return {};
}

std::vector<RenderedFile> render_template(std::string_view name, const std::map<std::string, std::string>& variables) {
  std::vector<RenderedFile> files;
  const std::string prefix = std::string(name) + "/";
  for (const auto& [path, content] : embedded::template_files()) {
    if (!path.starts_with(prefix)) continue;
    std::string relative(path.substr(prefix.size()));
    if (relative == "gitignore") relative = ".gitignore";
    files.push_back({relative, substitute(content, variables, escape_for(relative))});
  }
  return files;
}

} // namespace weft::cli

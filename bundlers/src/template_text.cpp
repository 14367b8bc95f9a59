#include "template_text.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace weft::bundlers {

std::string fill_template(std::string_view text, std::initializer_list<TemplateValue> values) {
  std::string out;
  std::vector<bool> used(values.size(), false);
  for (std::size_t pos = 0;;) {
    const std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    const std::size_t close = text.find("}}", open);
    if (close == std::string_view::npos) throw std::logic_error("template: unclosed {{");
    out.append(text.substr(pos, open - pos));
    const std::string_view name = text.substr(open + 2, close - open - 2);
    auto it = std::find_if(values.begin(), values.end(), [&](const TemplateValue& v) { return v.first == name; });
    if (it == values.end()) throw std::logic_error("template: no value for {{" + std::string(name) + "}}");
    used[static_cast<std::size_t>(it - values.begin())] = true;
    out.append(it->second);
    pos = close + 2;
  }
  if (std::find(used.begin(), used.end(), false) != used.end())
    throw std::logic_error("template: a value has no placeholder");
  return out;
}

tl::expected<std::string, std::string> fill_user_template(std::string_view text,
                                                          std::initializer_list<TemplateValue> values) {
  std::string out;
  int line = 1;
  for (std::size_t pos = 0;;) {
    const std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      out.append(text.substr(pos));
      return out;
    }
    line += static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(pos),
                                        text.begin() + static_cast<std::ptrdiff_t>(open), '\n'));
    const std::size_t close = text.find("}}", open);
    if (close == std::string_view::npos) return tl::unexpected("line " + std::to_string(line) + ": unclosed {{");
    out.append(text.substr(pos, open - pos));
    std::string_view name = text.substr(open + 2, close - open - 2);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    auto it = std::find_if(values.begin(), values.end(), [&](const TemplateValue& v) { return v.first == name; });
    if (it == values.end())
      return tl::unexpected("line " + std::to_string(line) + ": unknown variable {{" + std::string(name) + "}}");
    out.append(it->second);
    pos = close + 2;
  }
}

} // namespace weft::bundlers

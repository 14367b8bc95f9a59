#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace weft::cli {

// The templates compiled into weft (templates/ in the source tree).
std::vector<std::string> template_names();

// The built-in source image `weft init` makes the icons from.
std::string_view template_icon_svg();

struct RenderedFile {
  std::string path; // relative to the new app's folder, '/'-separated
  std::string content;
};

// Every file of template `name` with `{{variable}}` replaced by its value,
// escaped for the file's kind (JSON strings in .json, HTML text in .html
// and .svelte); the top-level `gitignore` becomes `.gitignore`. Unknown
// variables stay as written.
std::vector<RenderedFile> render_template(std::string_view name, const std::map<std::string, std::string>& variables);

} // namespace weft::cli

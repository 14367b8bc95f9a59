#pragma once

#include <string_view>

namespace weft {

// Glob match with `*` (any run of characters, possibly empty) and `?` (one
// character); every other character matches itself. Capability window and
// webview patterns and remote URL patterns use it, at build time (weft check)
// and at run time (the app runtime).
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace weft

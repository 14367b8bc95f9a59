#pragma once

#include <string_view>

namespace weft {

// The Content-Type for a frontend file, from its extension (case-insensitive):
// "text/html" for index.html, "text/javascript" for .js/.mjs, … and
// "application/octet-stream" for anything unknown. Text types carry no
// charset parameter. The build pipeline records it per asset and the app
// runtime falls back on it when an asset has none.
std::string_view mime_type_for_path(std::string_view path);

} // namespace weft

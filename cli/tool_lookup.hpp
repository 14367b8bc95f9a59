#pragma once

#include <filesystem>
#include <string_view>

namespace weft::cli {

// The executable `name` on PATH, or an empty path.
std::filesystem::path find_on_path(std::string_view name);

} // namespace weft::cli

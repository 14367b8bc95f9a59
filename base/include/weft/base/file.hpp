#pragma once

#include <weft/base/error.hpp>

#include <filesystem>
#include <string>

namespace weft {

// Reads a whole file; the error names the path and the system's reason.
Result<std::string> read_file(const std::filesystem::path& path);

} // namespace weft

#pragma once

#include <weft/base/error.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace weft::cli {

// Lowercase hex SHA-256 of bytes, and of a file read in chunks.
std::string sha256_hex(std::string_view bytes);
Result<std::string> sha256_file_hex(const std::filesystem::path& path);

} // namespace weft::cli

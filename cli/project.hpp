#pragma once

#include <weft/base/error.hpp>

#include <filesystem>

namespace weft::cli {

// The app's folder: `explicit_dir` when given, else the nearest folder from
// the current one upwards that holds weft.conf.json.
Result<std::filesystem::path> find_project_dir(const std::filesystem::path& explicit_dir);

} // namespace weft::cli

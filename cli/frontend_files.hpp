#pragma once

#include <weft/base/error.hpp>
#include <weft/config-schema/manifest.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace weft::cli {

// One file of the frontend to embed.
struct FrontendFile {
  std::string path;             // served at: relative, '/'-separated
  std::filesystem::path source; // on disk
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::string sha256; // lowercase hex of the content, once hashed
};

// The files of build.frontendDist, sorted by path: a folder is walked (a
// folder of its own only: one that holds the project's target/ or
// node_modules/, or a node_modules/ of its own, is refused), a list of files puts each at the root, and an
// http(s) URL or an absent key embeds nothing. A folder or file that does not
// exist is an input error located at the manifest's value.
Result<std::vector<FrontendFile>> collect_frontend_files(const config::Manifest& manifest);

} // namespace weft::cli

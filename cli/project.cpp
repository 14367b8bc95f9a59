#include "project.hpp"

#include <weft/config-schema/manifest.hpp>

#include <fmt/format.h>

namespace weft::cli {

namespace fs = std::filesystem;

Result<fs::path> find_project_dir(const fs::path& explicit_dir) {
  std::error_code ec;
  if (!explicit_dir.empty()) {
    if (!fs::is_directory(explicit_dir, ec))
      return fail(Error::input(fmt::format("{} is not a folder", explicit_dir.string())));
    return explicit_dir;
  }
  fs::path start = fs::current_path(ec);
  for (fs::path dir = start; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / config::k_manifest_file, ec)) return dir == start ? fs::path(".") : dir;
    if (dir == dir.root_path()) break;
  }
  return fail(Error::input(fmt::format("no {} in {} or any parent folder", config::k_manifest_file, start.string()))
                  .with_hint("run `weft init` to create an app, or pass --project DIR"));
}

} // namespace weft::cli

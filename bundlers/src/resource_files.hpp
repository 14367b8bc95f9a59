#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/bundle_context.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace weft::bundlers {

// A file to install, from the project to a path relative to a destination
// folder.
struct ProjectFile {
  std::filesystem::path source;
  std::string destination; // '/'-separated, relative, no `..`
  bool executable = false;
};

// The files a glob (`*`, `?` within a name, `**` for any depth) matches
// under `root`, sorted; a directory matched stands for every file below it.
std::vector<std::filesystem::path> expand_project_glob(const std::filesystem::path& root, std::string_view pattern);

// bundle.resources: a list of paths/globs installed under their own relative
// paths, or a map from path/glob to destination. Errors are located at the
// entry: a pattern matching nothing, a source outside the project (also
// through a symlink), a destination leaving the resource folder.
Result<std::vector<ProjectFile>> collect_resources(const BundleContext& context);

// bundle.icon: the PNGs among the listed paths/globs.
Result<std::vector<std::filesystem::path>> collect_icon_files(const BundleContext& context);

} // namespace weft::bundlers

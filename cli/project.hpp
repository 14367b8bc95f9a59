#pragma once

#include <weft/base/error.hpp>
#include <weft/config-schema/acl/project_acl.hpp>
#include <weft/config-schema/manifest.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace weft::cli {

// The app's folder: `explicit_dir` when given, else the nearest folder from
// the current one upwards that holds weft.conf.json.
Result<std::filesystem::path> find_project_dir(const std::filesystem::path& explicit_dir);

// `-p/--project` and `-c/--config`, shared by the commands that work on an app.
struct ProjectOptions {
  std::string project_dir;
  std::vector<std::string> config;
};
void add_project_options(CLI::App& command, ProjectOptions& options);

// The app's manifest (overlays and --config merged) and its security policy.
struct LoadedProject {
  std::filesystem::path project_dir;
  config::Manifest manifest;
  config::acl::ProjectAcl acl;
};
Result<LoadedProject> load_project(const ProjectOptions& options);

} // namespace weft::cli

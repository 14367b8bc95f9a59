#include "project.hpp"

#include "command.hpp"

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

void add_project_options(CLI::App& command, ProjectOptions& options) {
  command.add_option("-p,--project", options.project_dir, "The app's folder (default: nearest with weft.conf.json)");
  add_config_option(command, options.config);
}

Result<LoadedProject> load_project(const ProjectOptions& options) {
  WEFT_TRY_ASSIGN(fs::path project_dir, find_project_dir(options.project_dir));
  config::LoadOptions load_options;
  load_options.project_dir = project_dir;
  load_options.overrides = options.config;
  WEFT_TRY_ASSIGN(config::Manifest manifest, config::load_manifest(load_options));
  config::acl::ProjectAcl policy = config::acl::load_project_acl(manifest);
  return LoadedProject{project_dir, std::move(manifest), std::move(policy)};
}

} // namespace weft::cli

#include "command.hpp"
#include "commands.hpp"
#include "diagnostic_printer.hpp"
#include "project.hpp"

#include <weft/config-schema/acl/project_acl.hpp>
#include <weft/config-schema/manifest.hpp>

#include <fmt/format.h>

#include <memory>

namespace weft::cli {

namespace {

struct CheckOptions {
  std::string project_dir;
  std::vector<std::string> config;
  bool strict = false;   // a capability matching no declared window is an error
  bool no_write = false; // leave target/<profile>/gen/ alone
  bool debug = false;    // target/debug/ rather than target/release/
};

Result<int> run_check(const CheckOptions& options, const GlobalOptions& global) {
  WEFT_TRY_ASSIGN(auto project_dir, find_project_dir(options.project_dir));
  config::LoadOptions load;
  load.project_dir = project_dir;
  load.overrides = options.config;
  WEFT_TRY_ASSIGN(config::Manifest manifest, config::load_manifest(load));

  for (const Error& w : manifest.warnings) print_warning(stderr, w, global.color);
  size_t windows = 0;
  if (auto app = manifest.config.find("app"); app != manifest.config.end() && app->contains("windows"))
    windows = (*app)["windows"].size();

  // The security policy: resolved, then target/<profile>/gen/acl.json and
  // gen/schemas/capability.schema.json refreshed when their content changed.
  config::acl::ProjectAclOptions acl_options;
  acl_options.unmatched_windows =
      options.strict ? config::acl::UnmatchedWindows::error : config::acl::UnmatchedWindows::warning;
  std::filesystem::path gen_dir;
  if (!options.no_write) gen_dir = project_dir / "target" / (options.debug ? "debug" : "release") / "gen";
  WEFT_TRY_ASSIGN(config::acl::AclBuild acl, config::acl::build_acl(manifest, acl_options, gen_dir));
  for (const Error& w : acl.warnings) print_warning(stderr, w, global.color);
  if (global.verbosity > 0) {
    for (auto [path, written] : {std::pair{acl.outputs.acl_file, acl.outputs.acl_written},
                                 std::pair{acl.outputs.schema_file, acl.outputs.schema_written}})
      if (!path.empty())
        std::fprintf(stderr, "%s %s\n", written ? "wrote" : "unchanged", config::acl::display_path(path).c_str());
  }
  size_t capabilities = acl.acl.resolved.capabilities.size();
  size_t permissions = acl.acl.resolved.permissions;
  size_t known = acl.acl.registry.entries().size();

  if (global.json) {
    nlohmann::json out = {{"ok", true},
                          {"productName", manifest.product_name},
                          {"version", manifest.version},
                          {"identifier", manifest.identifier},
                          {"mainBinaryName", manifest.main_binary_name},
                          {"windows", windows},
                          {"sources", manifest.sources},
                          {"capabilities", capabilities},
                          {"permissions", permissions},
                          {"knownPermissions", known},
                          {"warnings", nlohmann::json::array()}};
    if (!gen_dir.empty())
      out["generated"] = {{"acl", acl.outputs.acl_file.string()}, {"schema", acl.outputs.schema_file.string()}};
    for (const Error& w : manifest.warnings)
      for (auto& item : error_to_json(w)) out["warnings"].push_back(item);
    for (const Error& w : acl.warnings)
      for (auto& item : error_to_json(w)) out["warnings"].push_back(item);
    std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    std::string sources;
    for (const std::string& s : manifest.sources) sources += (sources.empty() ? "" : " + ") + s;
    std::printf("ok: %s %s (%s), %zu window%s, %zu capabilit%s granting %zu permission%s (of %zu known), from %s\n",
                manifest.product_name.c_str(), manifest.version.c_str(), manifest.identifier.c_str(), windows,
                windows == 1 ? "" : "s", capabilities, capabilities == 1 ? "y" : "ies", permissions,
                permissions == 1 ? "" : "s", known, sources.c_str());
  }
  return 0;
}

} // namespace

void setup_check(CLI::App& root, CommandContext context) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = root.add_subcommand("check", "Validate the manifest and security policy; build nothing");
  command->add_option("-p,--project", options->project_dir, "The app's folder (default: nearest with weft.conf.json)");
  add_config_option(*command, options->config);
  command->add_flag("--strict", options->strict, "Fail when a capability's window pattern matches no declared window");
  command->add_flag("--no-write", options->no_write,
                    "Write nothing; by default target/release/gen/acl.json and gen/schemas/capability.schema.json "
                    "are refreshed when their content changes");
  command->add_flag("--debug", options->debug, "Refresh target/debug/gen/ rather than target/release/gen/");
  command->callback([options, context] {
    context.action = [options, &global = context.global] { return run_check(*options, global); };
  });
}

} // namespace weft::cli

// `weft build`: the build pipeline (build_pipeline.hpp), then the bundles,
// then a summary (human, or --json).
#include "build_pipeline.hpp"
#include "bundle.hpp"
#include "command.hpp"
#include "commands.hpp"
#include "project.hpp"

#include <weft/base/interrupt.hpp>
#include <weft/base/status.hpp>
#include <weft/config-schema/acl/project_acl.hpp>
#include <weft/config-schema/manifest.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <chrono>
#include <memory>

namespace weft::cli {

namespace fs = std::filesystem;

namespace {

struct BuildOptions {
  std::string project_dir;
  std::vector<std::string> config;
  std::string target_triple;
  bool debug = false;
  bool no_bundle = false;
  BundleRequest bundles;
  bool ci = false;
};

Result<int> run_build(const BuildOptions& options, const GlobalOptions& global) {
  install_interrupt_handlers();
  const auto started = std::chrono::steady_clock::now();
  std::unique_ptr<Status> status;
  // Progress shows on a terminal (not with --ci), or with -v; a log
  // otherwise starts with the error itself.
  if (global.json)
    status = std::make_unique<JsonStatus>(stderr, verbosity_from_level(global.verbosity));
  else if (global.verbosity > 0 || (!options.ci && ::isatty(STDERR_FILENO) == 1))
    status = std::make_unique<TerminalStatus>(stderr, TerminalStatusOptions{verbosity_from_level(global.verbosity)});
  else
    status = std::make_unique<NullStatus>();
  Steps steps(*status);
  SystemProcessRunner runner;

  PipelineOptions pipeline;
  WEFT_TRY_ASSIGN(pipeline.project_dir, find_project_dir(options.project_dir));
  pipeline.target_triple = options.target_triple;
  pipeline.debug = options.debug;
  pipeline.forward_output = global.verbosity > 0 && !global.json;
  WEFT_TRY_ASSIGN(config::Manifest manifest, load_app_manifest(pipeline.project_dir, options.config, steps, global));
  WEFT_TRY_ASSIGN(PipelineResult built, build_app(pipeline, manifest, steps, global, runner));
  const fs::path& binary = built.binary;

  MadeBundles bundles;
  const bool active =
      manifest.config.value(nlohmann::json::json_pointer("/bundle/active"), nlohmann::json(false)) == true;
  if (!options.no_bundle && (active || !options.bundles.formats.empty())) {
    bundlers::BundleOptions bundle;
    bundle.binary = binary;
    bundle.target = options.target_triple;
    bundle.profile = options.debug ? bundlers::Profile::debug : bundlers::Profile::release;
    WEFT_TRY_ASSIGN(bundles, steps.run("bundle", [&] {
      return make_bundles(manifest, std::move(bundle), options.bundles, global);
    }));
  }

  status->finish();
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  std::error_code ec;
  const auto size = fs::file_size(binary, ec);
  if (global.json) {
    const std::string binary_path = fs::absolute(binary).lexically_normal().string();
    nlohmann::json out = {{"ok", true},
                          {"profile", built.profile},
                          {"target", built.triple},
                          {"binary", binary_path},
                          {"artifacts", nlohmann::json::array({{{"format", "binary"}, {"path", binary_path}}})},
                          {"steps", steps.json()},
                          {"elapsedMs", elapsed.count()}};
    out["assets"] = {{"files", built.asset_files}, {"bytes", built.asset_bytes}};
    if (built.stored_bytes) out["assets"]["storedBytes"] = *built.stored_bytes;
    add_bundles_json(out, bundles);
    std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    std::printf("built %s (%.1f MB, %s) in %.1f s\n", config::acl::display_path(binary).c_str(),
                static_cast<double>(size) / 1e6, built.profile.c_str(), static_cast<double>(elapsed.count()) / 1000.0);
    print_bundles(bundles);
  }
  return 0;
}

} // namespace

void setup_build(CLI::App& root, CommandContext context) {
  auto options = std::make_shared<BuildOptions>();
  CLI::App* command =
      root.add_subcommand("build", "Build the app: security policy, frontend, generated context, C++ backend");
  command->add_option("-p,--project", options->project_dir, "The app's folder (default: nearest with weft.conf.json)");
  add_config_option(*command, options->config);
  command->add_flag("-d,--debug", options->debug, "Debug profile: target/debug/ instead of target/release/");
  command->add_option("-t,--target", options->target_triple,
                      "Target triple to cross-compile for, with the toolchain file from build.backend.toolchains");
  command->add_flag("--no-bundle", options->no_bundle, "Stop after the binary (make no bundles)");
  add_bundle_options(*command, options->bundles);
  command->add_flag("--ci", options->ci, "No progress display on a terminal either (errors and the result only)");
  command->callback([options, context] {
    context.action = [options, &global = context.global] { return run_build(*options, global); };
  });
}

} // namespace weft::cli

// `weft bundle`: packages a built binary in the formats bundle.targets (or
// --bundles) names, with the same code `weft build` runs after building.
#include "command.hpp"
#include "commands.hpp"
#include "diagnostic_printer.hpp"
#include "project.hpp"

#include <weft/base/interrupt.hpp>
#include <weft/bundlers/bundle_context.hpp>
#include <weft/config-schema/manifest.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <memory>

namespace weft::cli {

namespace {

namespace fs = std::filesystem;

struct BundleCommandOptions {
  std::string project_dir;
  std::vector<std::string> config;
  std::vector<std::string> bundles;
  std::string target;
  std::string binary;
  bool debug = false;
};

Result<int> run_bundle(const BundleCommandOptions& options, const GlobalOptions& global) {
  // Ctrl-C stops the archive writers and subprocesses; the temporary files
  // and the work folder are then removed on the way out (exit 130).
  install_interrupt_handlers();
  WEFT_TRY_ASSIGN(auto project_dir, find_project_dir(options.project_dir));
  config::LoadOptions load;
  load.project_dir = project_dir;
  load.overrides = options.config;
  WEFT_TRY_ASSIGN(config::Manifest manifest, config::load_manifest(load));
  for (const Error& w : manifest.warnings) print_warning(stderr, w, global.color);

  bundlers::BundleOptions bundle;
  bundle.profile = options.debug ? bundlers::Profile::debug : bundlers::Profile::release;
  bundle.target = options.target;
  bundle.binary = options.binary.empty()
                      ? project_dir / "target" / (options.debug ? "debug" : "release") / manifest.main_binary_name
                      : fs::path(options.binary);
  for (const std::string& name : options.bundles) bundle.formats.push_back(*bundlers::parse_bundle_format(name));
  // The signing key is named in the environment (CI secrets), never on the command line.
  if (const char* key = std::getenv("WEFT_RPM_SIGNING_KEY"); key && *key) {
    signing::GpgKey gpg{key, std::nullopt};
    if (const char* pass = std::getenv("WEFT_RPM_SIGNING_KEY_PASSPHRASE")) gpg.passphrase = pass;
    bundle.rpm_signing_key = std::move(gpg);
  }

  WEFT_TRY_ASSIGN(bundlers::BundleResult result, bundlers::bundle_app(manifest, bundle));
  for (const Error& w : result.warnings) print_warning(stderr, w, global.color);
  if (global.json) {
    nlohmann::json out = {{"ok", true}, {"artifacts", nlohmann::json::array()}};
    for (const bundlers::Artifact& a : result.artifacts)
      out["artifacts"].push_back({{"path", a.path.string()},
                                  {"format", bundlers::bundle_format_name(a.format)},
                                  {"size", a.size},
                                  {"sha256", a.sha256}});
    std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  }
  for (const bundlers::Artifact& a : result.artifacts)
    std::printf("%-4s %s (%s bytes)\n", std::string(bundlers::bundle_format_name(a.format)).c_str(), a.path.c_str(),
                fmt::format("{}", a.size).c_str());
  return 0;
}

} // namespace

void setup_bundle(CLI::App& root, CommandContext context) {
  auto options = std::make_shared<BundleCommandOptions>();
  CLI::App* command = root.add_subcommand("bundle", "Package the built app (deb, rpm) into target/<profile>/bundle/");
  command->add_option("-p,--project", options->project_dir, "The app's folder (default: nearest with weft.conf.json)");
  add_config_option(*command, options->config);
  std::vector<std::string> formats;
  for (const bundlers::BundleFormatInfo& f : bundlers::k_bundle_formats)
    if (f.implemented) formats.emplace_back(f.name);
  command
      ->add_option("-b,--bundles", options->bundles,
                   fmt::format("Formats to make, comma-separated ({}); default: bundle.targets", fmt::join(formats, ", ")))
      ->delimiter(',')
      ->check(CLI::IsMember(formats));
  command->add_option("-t,--target", options->target, "Target triple (default: the host's)");
  command->add_option("--binary", options->binary,
                      "The built executable (default: target/<profile>/<mainBinaryName>)");
  command->add_flag("-d,--debug", options->debug, "Keep debug symbols; read and write under target/debug/");
  command->callback([options, context] {
    context.action = [options, &global = context.global] { return run_bundle(*options, global); };
  });
}

} // namespace weft::cli

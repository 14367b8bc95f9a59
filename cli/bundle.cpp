// `weft bundle`: packages a built binary in the formats bundle.targets (or
// --bundles) names, with the same code `weft build` runs after building.
#include "bundle.hpp"
#include "build_hook.hpp"
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
  WEFT_TRY_ASSIGN(bundlers::BundleResult result, make_bundles(manifest, std::move(bundle), options.bundles, global));
  if (global.json) {
    nlohmann::json out = {{"ok", true}, {"artifacts", nlohmann::json::array()}};
    for (const bundlers::Artifact& a : result.artifacts) out["artifacts"].push_back(artifact_json(a));
    std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  }
  for (const bundlers::Artifact& a : result.artifacts) std::printf("%s\n", artifact_line(a).c_str());
  return 0;
}

} // namespace

Result<bundlers::BundleResult> make_bundles(const config::Manifest& manifest, bundlers::BundleOptions options,
                                            const std::vector<std::string>& formats, const GlobalOptions& global) {
  for (const std::string& name : formats) {
    const std::optional<bundlers::BundleFormat> format = bundlers::parse_bundle_format(name);
    if (!format) return fail(Error::usage(fmt::format("unknown bundle format `{}`", name)));
    options.formats.push_back(*format);
  }
  SystemProcessRunner runner;
  const bool debug = options.profile == bundlers::Profile::debug;
  const std::string triple = options.target.empty() ? bundlers::host_triple() : options.target;
  WEFT_TRY(run_hook(manifest, "beforeBundleCommand", hook_environment(triple, debug),
                    global.verbosity > 0 && !global.json, runner));
  if (const char* key = std::getenv("WEFT_RPM_SIGNING_KEY"); key && *key) {
    signing::GpgKey gpg;
    gpg.user = key;
    if (const char* pass = std::getenv("WEFT_RPM_SIGNING_KEY_PASSPHRASE")) gpg.passphrase = signing::SecretString(pass);
    options.rpm_signing_key = std::move(gpg);
  }
  WEFT_TRY_ASSIGN(bundlers::BundleResult result, bundlers::bundle_app(manifest, options));
  for (const Error& w : result.warnings) print_warning(stderr, w, global.color);
  return result;
}

void add_bundles_option(CLI::App& command, std::vector<std::string>& formats) {
  std::vector<std::string> names;
  for (const bundlers::BundleFormatInfo& f : bundlers::k_bundle_formats)
    if (f.implemented) names.emplace_back(f.name);
  command
      .add_option("-b,--bundles", formats,
                  fmt::format("Formats to make, comma-separated ({}); default: bundle.targets", fmt::join(names, ", ")))
      ->delimiter(',')
      ->check(CLI::IsMember(names));
}

nlohmann::json artifact_json(const bundlers::Artifact& a) {
  return {{"path", std::filesystem::absolute(a.path).lexically_normal().string()},
          {"format", bundlers::bundle_format_name(a.format)},
          {"size", a.size},
          {"sha256", a.sha256}};
}

std::string artifact_line(const bundlers::Artifact& a) {
  return fmt::format("{:<4} {} ({} bytes)", bundlers::bundle_format_name(a.format), a.path.string(), a.size);
}

void setup_bundle(CLI::App& root, CommandContext context) {
  auto options = std::make_shared<BundleCommandOptions>();
  CLI::App* command = root.add_subcommand("bundle", "Package the built app (deb, rpm) into target/<profile>/bundle/");
  command->add_option("-p,--project", options->project_dir, "The app's folder (default: nearest with weft.conf.json)");
  add_config_option(*command, options->config);
  add_bundles_option(*command, options->bundles);
  command->add_option("-t,--target", options->target, "Target triple (default: the host's)");
  command->add_option("--binary", options->binary, "The built executable (default: target/<profile>/<mainBinaryName>)");
  command->add_flag("-d,--debug", options->debug, "Keep debug symbols; read and write under target/debug/");
  command->callback([options, context] {
    context.action = [options, &global = context.global] { return run_bundle(*options, global); };
  });
}

} // namespace weft::cli

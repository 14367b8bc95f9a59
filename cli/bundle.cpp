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
  BundleRequest request;
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
  WEFT_TRY_ASSIGN(MadeBundles made, make_bundles(manifest, std::move(bundle), options.request, global));
  if (global.json) {
    nlohmann::json out = {{"ok", true}, {"artifacts", nlohmann::json::array()}};
    add_bundles_json(out, made);
    std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  }
  print_bundles(made);
  return 0;
}

} // namespace

Result<MadeBundles> make_bundles(const config::Manifest& manifest, bundlers::BundleOptions options,
                                 const BundleRequest& request, const GlobalOptions& global) {
  const bool updater = wants_updater_artifacts(manifest);
  if (updater) WEFT_TRY(check_updater_setup(manifest, request.artifact_base_url));
  for (const std::string& name : request.formats) {
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
  if (const char* key = std::getenv("WEFT_APPIMAGE_SIGNING_KEY"); key && *key) {
    signing::GpgKey gpg;
    gpg.user = key;
    if (const char* pass = std::getenv("WEFT_APPIMAGE_SIGNING_KEY_PASSPHRASE"))
      gpg.passphrase = signing::SecretString(pass);
    options.appimage_signing_key = std::move(gpg);
  }
  WEFT_TRY_ASSIGN(bundlers::BundleResult result, bundlers::bundle_app(manifest, options));
  for (const Error& w : result.warnings) print_warning(stderr, w, global.color);
  MadeBundles made{std::move(result.artifacts), std::nullopt};
  if (updater) {
    const fs::path bundle_dir = !options.output_root.empty()
                                    ? options.output_root
                                    : manifest.project_dir / "target" / (debug ? "debug" : "release") / "bundle";
    WEFT_TRY_ASSIGN(made.updater,
                    make_updater_artifacts(manifest, made.artifacts, bundle_dir, request.artifact_base_url));
  }
  return made;
}

void add_bundle_options(CLI::App& command, BundleRequest& request) {
  std::vector<std::string> names;
  for (const bundlers::BundleFormatInfo& f : bundlers::k_bundle_formats)
    if (f.implemented) names.emplace_back(f.name);
  command
      .add_option("-b,--bundles", request.formats,
                  fmt::format("Formats to make, comma-separated ({}); default: bundle.targets", fmt::join(names, ", ")))
      ->delimiter(',')
      ->check(CLI::IsMember(names));
  command.add_option("--artifact-base-url", request.artifact_base_url,
                     "With bundle.createUpdaterArtifacts: latest.json's download URLs are this URL + / + file name "
                     "(instead of plugins.updater.artifactUrl)");
}

void add_bundles_json(nlohmann::json& out, const MadeBundles& bundles) {
  const auto absolute = [](const fs::path& path) { return fs::absolute(path).lexically_normal().string(); };
  for (const bundlers::Artifact& a : bundles.artifacts)
    out["artifacts"].push_back({{"path", absolute(a.path)},
                                {"format", bundlers::bundle_format_name(a.format)},
                                {"size", a.size},
                                {"sha256", a.sha256}});
  if (!bundles.updater) return;
  nlohmann::json signatures = nlohmann::json::array();
  for (const fs::path& sig : bundles.updater->signatures) signatures.push_back(absolute(sig));
  out["updater"] = {{"signatures", signatures}, {"latestJson", absolute(bundles.updater->latest_json)}};
}

void print_bundles(const MadeBundles& bundles) {
  for (const bundlers::Artifact& a : bundles.artifacts)
    std::printf("%-4s %s (%llu bytes)\n", std::string(bundlers::bundle_format_name(a.format)).c_str(), a.path.c_str(),
                static_cast<unsigned long long>(a.size));
  if (!bundles.updater) return;
  for (const fs::path& sig : bundles.updater->signatures) std::printf("sig  %s\n", sig.c_str());
  std::printf("json %s\n", bundles.updater->latest_json.c_str());
}

void setup_bundle(CLI::App& root, CommandContext context) {
  auto options = std::make_shared<BundleCommandOptions>();
  CLI::App* command =
      root.add_subcommand("bundle", "Package the built app (deb, rpm, appimage) into target/<profile>/bundle/");
  command->add_option("-p,--project", options->project_dir, "The app's folder (default: nearest with weft.conf.json)");
  add_config_option(*command, options->config);
  add_bundle_options(*command, options->request);
  command->add_option("-t,--target", options->target, "Target triple (default: the host's)");
  command->add_option("--binary", options->binary, "The built executable (default: target/<profile>/<mainBinaryName>)");
  command->add_flag("-d,--debug", options->debug, "Keep debug symbols; read and write under target/debug/");
  command->callback([options, context] {
    context.action = [options, &global = context.global] { return run_bundle(*options, global); };
  });
}

} // namespace weft::cli

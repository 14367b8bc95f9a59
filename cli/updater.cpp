// `weft updater merge|check`: latest.json for the Tauri-style updater, and a
// dry run of what an installed app's updater will do with it.
#include "command.hpp"
#include "diagnostic_printer.hpp"

#include <weft/base/file.hpp>
#include <weft/signing/fetcher.hpp>
#include <weft/signing/key_source.hpp>
#include <weft/signing/update_manifest.hpp>
#include <weft/signing/updater_check.hpp>

#include <fmt/format.h>

#include <memory>

namespace weft::cli {

namespace {

// ------------------------------------------------------------------- merge

struct MergeOptions {
  std::vector<std::string> inputs;
  std::string output;
};

Result<int> run_merge(const MergeOptions& options, const GlobalOptions& global) {
  std::vector<signing::ManifestSource> sources;
  for (const std::string& input : options.inputs) {
    WEFT_TRY_ASSIGN(std::string text, read_file(input));
    WEFT_TRY_ASSIGN(signing::ParsedManifest parsed, signing::parse_update_manifest(std::move(text), input));
    for (const Error& w : parsed.warnings) print_warning(stderr, w, global.color);
    sources.push_back({input, std::move(parsed.manifest)});
  }
  WEFT_TRY_ASSIGN(signing::UpdateManifest merged, signing::merge_update_manifests(sources));

  if (options.output.empty() || options.output == "-") {
    if (global.json)
      std::printf("%s\n", nlohmann::json({{"ok", true}, {"manifest", nlohmann::json::parse(signing::to_json_text(merged))}})
                              .dump()
                              .c_str());
    else
      std::fputs(signing::to_json_text(merged).c_str(), stdout);
    return 0;
  }
  WEFT_TRY(signing::write_update_manifest(options.output, merged));
  if (global.json) {
    nlohmann::json platforms = nlohmann::json::array();
    for (const auto& [key, entry] : merged.platforms) platforms.push_back(key);
    std::printf("%s\n", nlohmann::json({{"ok", true},
                                        {"output", options.output},
                                        {"version", merged.version},
                                        {"platforms", platforms}})
                            .dump()
                            .c_str());
  } else {
    std::string keys;
    for (const auto& [key, entry] : merged.platforms) keys += (keys.empty() ? "" : ", ") + key;
    std::printf("Wrote %s: version %s, %zu platform(s): %s\n", options.output.c_str(), merged.version.c_str(),
                merged.platforms.size(), keys.c_str());
  }
  return 0;
}

// ------------------------------------------------------------------- check

struct CheckOptions {
  std::string manifest;
  std::string pubkey;
  std::string current_version;
  std::string target;
  std::string bundle;
  bool require_signed_version = false;
};

Result<int> run_updater_check(const CheckOptions& options, const GlobalOptions& global) {
  signing::UpdaterCheckOptions check;
  check.manifest = options.manifest;
  WEFT_TRY_ASSIGN(check.public_key, signing::load_public_key(options.pubkey));
  check.current_version = options.current_version;
  check.target = options.target;
  check.bundle = options.bundle;
  check.require_signed_version = options.require_signed_version;

  nlohmann::json steps = nlohmann::json::array();
  auto report = [&](const signing::CheckStep& step) {
    if (global.json) {
      steps.push_back({{"step", step.name}, {"detail", step.detail}, {"warning", step.warning}});
    } else {
      std::printf("%s %s: %s\n", step.warning ? "warn" : "  ok", step.name.c_str(), step.detail.c_str());
      std::fflush(stdout);
    }
  };
  // libcurl is loaded here, on the first URL, and by no other command.
  std::unique_ptr<signing::Fetcher> fetcher = signing::make_curl_fetcher();
  WEFT_TRY_ASSIGN(signing::UpdaterCheckResult result, signing::run_updater_check(check, *fetcher, report));
  if (global.json) {
    std::printf("%s\n", nlohmann::json({{"ok", true},
                                        {"version", result.version},
                                        {"platform", result.platform_key},
                                        {"url", result.url},
                                        {"bytes", result.bytes},
                                        {"trustedComment", result.trusted_comment},
                                        {"steps", steps}})
                            .dump()
                            .c_str());
  } else {
    std::printf("Update check passed: %s would update to %s.\n", options.current_version.c_str(),
                result.version.c_str());
  }
  return 0;
}

} // namespace

void setup_updater(CLI::App& root, CommandContext context) {
  CLI::App* updater = root.add_subcommand("updater", "Update manifests (latest.json): merge and check");
  updater->require_subcommand(1);

  auto merge = std::make_shared<MergeOptions>();
  CLI::App* m = updater->add_subcommand("merge", "Combine the latest.json files of a CI matrix into one");
  m->add_option("inputs", merge->inputs, "latest.json files, one per runner")->required()->type_name("FILE");
  m->add_option("-o,--output", merge->output, "Where to write the result (default: standard output)");
  m->callback([merge, context] {
    context.action = [merge, &global = context.global] { return run_merge(*merge, global); };
  });

  auto check = std::make_shared<CheckOptions>();
  CLI::App* c = updater->add_subcommand(
      "check", "Do what an installed app's updater will do: fetch, pick, compare, download, verify");
  c->add_option("-m,--manifest", check->manifest, "latest.json: an http(s) or file URL, or a path")->required();
  c->add_option("-P,--pubkey", check->pubkey,
                "The app's public key (plugins.updater.pubkey): `RW…`, .pub text, Tauri's base64 form, or a path")
      ->required();
  c->add_option("--current-version", check->current_version, "The version the installed app runs")->required();
  c->add_option("-t,--target", check->target,
                fmt::format("The updater's platform, `<os>-<arch>` (default: {})", signing::host_platform_key()));
  c->add_option("-b,--bundle", check->bundle,
                "The installed bundle type (appimage, deb, rpm, msi, nsis, app): `<target>-<bundle>` is tried first");
  c->add_flag("--require-signed-version", check->require_signed_version,
              "Fail when the signature carries no version (plugins.updater.requireSignedVersion)");
  c->callback([check, context] {
    context.action = [check, &global = context.global] { return run_updater_check(*check, global); };
  });
}

} // namespace weft::cli

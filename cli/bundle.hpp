#pragma once

#include "command.hpp"
#include "updater_artifacts.hpp"

#include <weft/bundlers/bundle_context.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace weft::cli {

// What the command line asks of bundling: -b/--bundles (limited to the
// formats weft can make; empty: bundle.targets) and --artifact-base-url.
struct BundleRequest {
  std::vector<std::string> formats;
  std::string artifact_base_url;
};
void add_bundle_options(CLI::App& command, BundleRequest& request);

struct MadeBundles {
  std::vector<bundlers::Artifact> artifacts;
  std::optional<UpdaterArtifacts> updater; // with bundle.createUpdaterArtifacts
};

// The bundling `weft bundle` and `weft build` share: the rpm signing key from
// the environment (WEFT_RPM_SIGNING_KEY, WEFT_RPM_SIGNING_KEY_PASSPHRASE: CI
// secrets, never on the command line), build.beforeBundleCommand first, the
// updater's .sig files and latest.json last, warnings printed to stderr.
Result<MadeBundles> make_bundles(const config::Manifest& manifest, bundlers::BundleOptions options,
                                 const BundleRequest& request, const GlobalOptions& global);

// Adds the bundles to --json output: each artifact (absolute path, format,
// size, sha256) to out["artifacts"], the updater files to out["updater"].
void add_bundles_json(nlohmann::json& out, const MadeBundles& bundles);

// One line per bundle and updater file, for people.
void print_bundles(const MadeBundles& bundles);

} // namespace weft::cli

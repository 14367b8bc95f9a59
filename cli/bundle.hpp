#pragma once

#include "command.hpp"

#include <weft/bundlers/bundle_context.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace weft::cli {

// The bundling `weft bundle` and `weft build` share: `formats` by name
// (empty: bundle.targets), the rpm signing key from the environment
// (WEFT_RPM_SIGNING_KEY, WEFT_RPM_SIGNING_KEY_PASSPHRASE: CI secrets, never
// on the command line), build.beforeBundleCommand run first, warnings
// printed to stderr.
Result<bundlers::BundleResult> make_bundles(const config::Manifest& manifest, bundlers::BundleOptions options,
                                            const std::vector<std::string>& formats, const GlobalOptions& global);

// -b/--bundles FORMAT,… limited to the formats weft can make.
void add_bundles_option(CLI::App& command, std::vector<std::string>& formats);

// One artifact as --json lists it: absolute path, format, size, sha256.
nlohmann::json artifact_json(const bundlers::Artifact& artifact);

// One artifact as a line of the human summary.
std::string artifact_line(const bundlers::Artifact& artifact);

} // namespace weft::cli

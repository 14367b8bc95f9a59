#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/bundle_context.hpp>
#include <weft/config-schema/manifest.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace weft::cli {

struct UpdaterArtifacts {
  std::vector<std::filesystem::path> signatures; // <artifact>.sig
  std::filesystem::path latest_json;
};

// Whether bundle.createUpdaterArtifacts asks for them.
bool wants_updater_artifacts(const config::Manifest& manifest);

// Checks what signing will need before anything is built: a download URL
// (plugins.updater.artifactUrl or `base_url`), plugins.updater.pubkey, and a
// secret key in WEFT_SIGNING_PRIVATE_KEY (or Tauri's variables).
Result<void> check_updater_setup(const config::Manifest& manifest, const std::string& base_url);

// Signs every updatable artifact (deb, rpm) with the key from the
// environment (its password from WEFT_SIGNING_PRIVATE_KEY_PASSWORD), checks
// each signature against plugins.updater.pubkey, and writes
// `bundle_dir`/latest.json with a `linux-<arch>-<format>` entry per artifact.
Result<UpdaterArtifacts> make_updater_artifacts(const config::Manifest& manifest,
                                                const std::vector<bundlers::Artifact>& artifacts,
                                                const std::filesystem::path& bundle_dir, const std::string& base_url);

} // namespace weft::cli

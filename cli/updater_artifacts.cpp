#include "updater_artifacts.hpp"

#include "manifest_location.hpp"

#include <weft/signing/key_source.hpp>
#include <weft/signing/reproducible_time.hpp>
#include <weft/signing/sign_file.hpp>
#include <weft/signing/update_manifest.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace weft::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_url_pointer = "/plugins/updater/artifactUrl";
constexpr std::string_view k_pubkey_pointer = "/plugins/updater/pubkey";

std::string string_at(const config::Manifest& manifest, std::string_view pointer) {
  const nlohmann::json::json_pointer p{std::string(pointer)};
  return manifest.config.contains(p) && manifest.config.at(p).is_string() ? manifest.config.at(p).get<std::string>()
                                                                          : std::string();
}

std::string url_template(const config::Manifest& manifest, const std::string& base_url) {
  if (!base_url.empty()) return base_url + (base_url.ends_with('/') ? "" : "/") + "{file}";
  return string_at(manifest, k_url_pointer);
}

} // namespace

bool wants_updater_artifacts(const config::Manifest& manifest) {
  const nlohmann::json::json_pointer p("/bundle/createUpdaterArtifacts");
  return manifest.config.contains(p) && manifest.config.at(p) != false;
}

Result<void> check_updater_setup(const config::Manifest& manifest, const std::string& base_url) {
  const Location where = manifest_location(manifest, "/bundle/createUpdaterArtifacts");
  if (manifest.config.at(nlohmann::json::json_pointer("/bundle/createUpdaterArtifacts")) == "v1Compatible")
    return fail(Error::at(where, "\"v1Compatible\" updater archives are not supported")
                    .with_hint("set bundle.createUpdaterArtifacts to true"));
  if (url_template(manifest, base_url).empty())
    return fail(Error::at(where, "updater artifacts need a download URL for latest.json")
                    .with_hint("set plugins.updater.artifactUrl (e.g. https://example.com/v{version}/{file}) or "
                               "pass --artifact-base-url"));
  if (string_at(manifest, k_pubkey_pointer).empty())
    return fail(Error::at(where, "updater artifacts need plugins.updater.pubkey to check the signatures against")
                    .with_hint("`weft signer generate` writes the key pair; put the .pub text in the manifest"));
  const signing::Environment environment = signing::process_environment();
  const bool key_set = std::any_of(std::begin(signing::k_key_variables), std::end(signing::k_key_variables),
                                   [&](std::string_view name) {
                                     const auto value = environment(name);
                                     return value && !value->empty();
                                   });
  if (!key_set)
    return fail(Error::at(where, "updater artifacts need the updater's secret key")
                    .with_hint("set WEFT_SIGNING_PRIVATE_KEY (the key's text or its file's path; a CI secret) and "
                               "WEFT_SIGNING_PRIVATE_KEY_PASSWORD"));
  WEFT_TRY(signing::load_secret_key({}, environment));
  return {};
}

Result<UpdaterArtifacts> make_updater_artifacts(const config::Manifest& manifest,
                                                const std::vector<bundlers::Artifact>& artifacts,
                                                const fs::path& bundle_dir, const std::string& base_url) {
  const signing::Environment environment = signing::process_environment();
  WEFT_TRY_ASSIGN(signing::LoadedSecretKey loaded, signing::load_secret_key({}, environment));
  signing::SecretString password;
  if (auto from_env = signing::password_from_environment(environment))
    password = std::move(from_env->password);
  else if (loaded.box.encryption() != signing::KeyEncryption::none)
    return fail(Error::input(fmt::format("the updater key from {} is encrypted and no password is set", loaded.origin))
                    .with_hint("set WEFT_SIGNING_PRIVATE_KEY_PASSWORD (a CI secret)"));
  WEFT_TRY_ASSIGN(signing::SecretKey key, loaded.box.open(password));
  password.clear();
  WEFT_TRY_ASSIGN(signing::PublicKey public_key, signing::load_public_key(string_at(manifest, k_pubkey_pointer)));

  WEFT_TRY_ASSIGN(int64_t now, signing::timestamp_now());
  signing::UpdateManifest latest;
  latest.version = manifest.version;
  latest.pub_date = signing::rfc3339_utc(now);
  signing::SignOptions options;
  options.timestamp = now;
  options.version = manifest.version;
  UpdaterArtifacts out;
  for (const bundlers::Artifact& artifact : artifacts) {
    const std::string format(bundlers::bundle_format_name(artifact.format));
    const bool appimage = artifact.format == bundlers::BundleFormat::appimage;
    if (artifact.format != bundlers::BundleFormat::deb && artifact.format != bundlers::BundleFormat::rpm && !appimage)
      continue;
    WEFT_TRY_ASSIGN(signing::Signature signature, signing::sign_file(artifact.path, key, options));
    WEFT_TRY(signing::verify_file(artifact.path, public_key, signature, {.expected_version = manifest.version})
                 .map_error([&](Error e) {
                   return e.with_context("checking the new signature against plugins.updater.pubkey")
                       .with_hint("the secret key in the environment does not match the manifest's pubkey");
                 }));
    const fs::path sig_path = signing::signature_path_for(artifact.path);
    WEFT_TRY(signing::write_sig_file(sig_path, signature));
    out.signatures.push_back(sig_path);
    const std::string target = signing::host_platform_key();
    WEFT_TRY_ASSIGN(std::string url, signing::expand_artifact_url(url_template(manifest, base_url), manifest.version,
                                                                  artifact.path.filename().string(), target));
    const signing::PlatformEntry entry{signing::encode_sig_file(signature), url};
    WEFT_TRY(latest.add_platform(target + "-" + format, entry));
    // The updater falls back to `<os>-<arch>` without an installer suffix; on
    // Linux that is the AppImage, which replaces itself in place.
    if (appimage) WEFT_TRY(latest.add_platform(target, entry));
  }
  out.latest_json = bundle_dir / "latest.json";
  WEFT_TRY(signing::write_update_manifest(out.latest_json, latest));
  return out;
}

} // namespace weft::cli

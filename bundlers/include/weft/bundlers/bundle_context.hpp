#pragma once

#include <weft/base/error.hpp>
#include <weft/config-schema/manifest.hpp>
#include <weft/signing/gpg.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::bundlers {

enum class BundleFormat { deb, rpm, appimage, msi, nsis, app, dmg, apk, ipa };

struct BundleFormatInfo {
  BundleFormat format;
  std::string_view name;     // as in bundle.targets and --bundles
  config::Platform platform; // the target platform it belongs to
  bool implemented;          // weft can make it today
};

// One row per format, in the order bundles are made (dmg after app).
inline constexpr auto k_bundle_formats = std::to_array<BundleFormatInfo>({
    {BundleFormat::deb, "deb", config::Platform::linux, true},
    {BundleFormat::rpm, "rpm", config::Platform::linux, true},
    {BundleFormat::appimage, "appimage", config::Platform::linux, true},
    {BundleFormat::msi, "msi", config::Platform::windows, false},
    {BundleFormat::nsis, "nsis", config::Platform::windows, false},
    {BundleFormat::app, "app", config::Platform::macos, false},
    {BundleFormat::dmg, "dmg", config::Platform::macos, false},
    {BundleFormat::apk, "apk", config::Platform::android, false},
    {BundleFormat::ipa, "ipa", config::Platform::ios, false},
});

std::string_view bundle_format_name(BundleFormat format);
std::optional<BundleFormat> parse_bundle_format(std::string_view name);

// What a target triple means to the package formats.
struct TargetInfo {
  std::string triple;   // e.g. x86_64-unknown-linux-gnu
  std::string deb_arch; // amd64
  std::string rpm_arch; // x86_64
  std::string multiarch; // x86_64-linux-gnu: /usr/lib/<multiarch>
  uint16_t elf_machine = 0;
  bool is_64_bit = true;
};

std::string host_triple();
Result<TargetInfo> target_info(std::string_view triple);

enum class Profile { release, debug };

// What `weft bundle` and `weft build` ask for.
struct BundleOptions {
  std::filesystem::path binary;      // the built executable (unstripped; left untouched)
  std::vector<BundleFormat> formats; // empty: bundle.targets (then every implemented host format)
  std::string target;                // target triple; empty: the host's
  Profile profile = Profile::release; // debug: symbols kept, output under target/debug
  std::filesystem::path output_root; // empty: <project>/target/<profile>/bundle
  std::optional<signing::GpgKey> rpm_signing_key; // signs the rpm when set
  // Signs the AppImage when bundle.linux.appimage.sign is true.
  std::optional<signing::GpgKey> appimage_signing_key;
};

// One finished package.
struct Artifact {
  std::filesystem::path path;
  BundleFormat format = BundleFormat::deb;
  uint64_t size = 0;
  std::string sha256; // lowercase hex
};

// Everything a bundler reads: the manifest, the resolved options and where
// to work. Bundlers never look at the environment themselves.
struct BundleContext {
  const config::Manifest* manifest = nullptr;
  BundleOptions options;
  TargetInfo target;
  int64_t epoch = 0;                // mtime of every entry (SOURCE_DATE_EPOCH, else a fixed date)
  std::filesystem::path output_root; // <format>/ folders go here
  std::filesystem::path work_dir;    // scratch space, removed afterwards
  // Problems that do not stop bundling, reported with the artifacts.
  mutable std::vector<Error> warnings;

  const nlohmann::json& config() const { return manifest->config; }
  // The manifest value at a JSON pointer, or null.
  const nlohmann::json& value(std::string_view pointer) const;
  // An input error located at the value's file:line:column.
  Error error_at(std::string_view pointer, std::string message) const;
};

// SOURCE_DATE_EPOCH is unset: 2024-01-01T00:00:00Z, so that two clean builds
// still agree (and lintian sees no ancient or future timestamps).
inline constexpr int64_t k_default_bundle_epoch = 1704067200;

// A package just written at `path`: its size and sha256.
Result<Artifact> finished_artifact(const std::filesystem::path& path, BundleFormat format);

struct BundleResult {
  std::vector<Artifact> artifacts;
  std::vector<Error> warnings;
};

// The entry point `weft bundle` and `weft build` share: resolves the
// options, stages once, runs each format's bundler in table order.
Result<BundleResult> bundle_app(const config::Manifest& manifest, const BundleOptions& options);

} // namespace weft::bundlers

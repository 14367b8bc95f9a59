#pragma once

#include <weft/base/error.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace weft::signing {

// One downloadable update: `signature` is the content of the artifact's .sig
// file (base64 of the minisign text), `url` where the updater downloads it.
struct PlatformEntry {
  std::string signature;
  std::string url;
  bool operator==(const PlatformEntry&) const = default;
};

// latest.json as the Tauri updater plugin reads it:
//   { "version": "1.2.3", "notes": "…", "pub_date": "2024-10-22T12:00:00Z",
//     "platforms": { "linux-x86_64": { "signature": "…", "url": "…" }, … } }
// or, from a dynamic update server, the same with one top-level
// signature/url instead of `platforms`.
struct UpdateManifest {
  std::string version;
  std::optional<std::string> notes;
  std::optional<std::string> pub_date; // RFC 3339
  std::map<std::string, PlatformEntry> platforms;
  std::optional<PlatformEntry> dynamic; // the top-level signature/url form

  // Adds an entry; the same key again is fine only with an identical entry.
  Result<void> add_platform(const std::string& key, PlatformEntry entry, std::string_view origin = {});
  // The entry an updater on `target` (`<os>-<arch>`) running as `bundle`
  // would pick: `<target>-<bundle>`, then `<target>`; for the dynamic form
  // the one entry. Returns the key used ("" for dynamic).
  std::optional<std::pair<std::string, const PlatformEntry*>> find(std::string_view target,
                                                                   std::string_view bundle = {}) const;
};

struct ParsedManifest {
  UpdateManifest manifest;
  std::vector<Error> warnings; // e.g. a platform key no updater looks up
};

// Parses and checks latest.json: a semantic `version`, an RFC 3339
// `pub_date`, string `signature`/`url` in every entry. Errors are located
// (file:line:column and JSON pointer); `origin` names the file or URL.
Result<ParsedManifest> parse_update_manifest(std::string text, std::string origin);

// Two-space indented JSON, keys in the order above, platforms sorted, with
// a final newline: equal manifests give identical bytes.
std::string to_json_text(const UpdateManifest& manifest);

// Writes to_json_text(manifest) to `path` atomically (mode 0644).
Result<void> write_update_manifest(const std::filesystem::path& path, const UpdateManifest& manifest);

struct ManifestSource {
  std::string origin;
  UpdateManifest manifest;
};

// Combines the per-runner manifests of a CI matrix: every version must be
// the same; platform keys may repeat only with identical entries; notes must
// agree where given; pub_date is the latest.
Result<UpdateManifest> merge_update_manifests(std::span<const ManifestSource> sources);

// Platform keys: `<os>-<arch>` or `<os>-<arch>-<bundle>`.
inline constexpr std::string_view k_updater_os[] = {"linux", "darwin", "windows"};
inline constexpr std::string_view k_updater_arch[] = {"x86_64", "aarch64", "i686", "armv7", "riscv64"};
inline constexpr std::string_view k_updater_bundles[] = {"appimage", "deb", "rpm", "msi", "nsis", "app"};

std::string platform_key(std::string_view os, std::string_view arch, std::string_view bundle = {});
// True when every part of `key` is one the updater knows.
bool is_known_platform_key(std::string_view key);
// The key of the machine weft was built for, e.g. "linux-x86_64".
std::string host_platform_key();

// Expands an artifact URL template (`plugins.updater.artifactUrl`):
// `{version}`, `{file}` (URL-encoded) and `{target}` (the platform key).
Result<std::string> expand_artifact_url(std::string_view url_template, std::string_view version,
                                        std::string_view file, std::string_view target);

} // namespace weft::signing

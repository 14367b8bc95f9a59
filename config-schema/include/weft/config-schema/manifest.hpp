#pragma once

#include <weft/base/error.hpp>
#include <weft/config-schema/json_source.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::config {

enum class Platform { linux, windows, macos, android, ios };

// "linux", "windows", "macos", "android", "ios".
std::string_view platform_name(Platform platform);
Platform host_platform();

inline constexpr std::string_view k_manifest_file = "weft.conf.json";

struct LoadOptions {
  std::filesystem::path project_dir;   // where weft.conf.json is
  Platform platform = host_platform(); // which overlay to merge
  // Each `--config` value: inline JSON (starts with `{`) or a path to a file.
  std::vector<std::string> overrides;
  // When set, used as the content of weft.conf.json instead of reading it.
  std::optional<std::string> base_text;
};

// The effective manifest: base file, platform overlay and overrides merged
// with JSON Merge Patch, validated against the schema and checked for what
// the schema can't express.
struct Manifest {
  std::filesystem::path project_dir;
  std::filesystem::path file;
  std::vector<std::string> sources; // files (or "--config #N") merged, in order
  nlohmann::json config;            // merged; `version` resolved to a string

  std::string product_name;     // productName, else the last identifier segment
  std::string main_binary_name; // mainBinaryName, else productName
  std::string version;          // semver; "0.1.0" when absent
  std::string identifier;

  std::vector<Error> warnings;

  // The merged sources, last one first, so that errors found after loading
  // (bundlers) can point at the value's file, line and column.
  std::vector<std::shared_ptr<const JsonDocument>> documents;

  // Where the effective value at `pointer` was set: the last source that
  // holds it, else the base file.
  Location locate(std::string_view pointer) const;
};

// Every error in every source is reported at once, as the related errors of
// the returned Error, each located at file:line:column.
Result<Manifest> load_manifest(const LoadOptions& options);

// The manifest schema compiled into weft.
std::string_view manifest_schema();

// Semantic rules shared with `weft init` (which validates before writing).
// Each returns "" when the value is fine, otherwise what is wrong with it.
std::string check_identifier(std::string_view identifier);
std::string check_semver(std::string_view version);
std::string check_product_name(std::string_view name);

} // namespace weft::config

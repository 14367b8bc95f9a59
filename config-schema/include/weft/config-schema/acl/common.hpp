#pragma once

#include <weft/config-schema/manifest.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::config::acl {

// Permission and capability files are TOML or JSON, told apart by extension.
enum class FileFormat { json, toml };

// FileFormat for `.json` / `.toml`, nothing for any other extension.
std::optional<FileFormat> format_of(const std::filesystem::path& path);

// Platform names as capability and permission files spell them (Tauri's):
// "linux", "windows", "macOS", "android", "iOS".
std::string_view acl_platform_name(Platform platform);
std::optional<Platform> parse_acl_platform(std::string_view name);
// Every platform name, for "did you mean" and the schema.
std::vector<std::string> acl_platform_names();

// Scope values: arbitrary JSON whose meaning belongs to the command that
// reads them. A deny always wins over an allow.
struct ScopeValues {
  std::vector<nlohmann::json> allow;
  std::vector<nlohmann::json> deny;

  bool empty() const { return allow.empty() && deny.empty(); }
};

} // namespace weft::config::acl

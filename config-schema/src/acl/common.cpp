#include <weft/config-schema/acl/common.hpp>

#include <array>

namespace weft::config::acl {

namespace {

struct PlatformName {
  Platform platform;
  std::string_view name;
};

constexpr std::array<PlatformName, 5> k_platform_names{{
    {Platform::linux, "linux"},
    {Platform::windows, "windows"},
    {Platform::macos, "macOS"},
    {Platform::android, "android"},
    {Platform::ios, "iOS"},
}};

} // namespace

std::optional<FileFormat> format_of(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  if (ext == ".json") return FileFormat::json;
  if (ext == ".toml") return FileFormat::toml;
  return std::nullopt;
}

std::string_view acl_platform_name(Platform platform) {
  for (const PlatformName& p : k_platform_names)
    if (p.platform == platform) return p.name;
  return "linux";
}

std::optional<Platform> parse_acl_platform(std::string_view name) {
  for (const PlatformName& p : k_platform_names)
    if (p.name == name) return p.platform;
  return std::nullopt;
}

std::vector<std::string> acl_platform_names() {
  std::vector<std::string> out;
  for (const PlatformName& p : k_platform_names) out.emplace_back(p.name);
  return out;
}

} // namespace weft::config::acl

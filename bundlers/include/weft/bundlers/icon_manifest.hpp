#pragma once

#include <weft/base/error.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace weft::bundlers {

// The JSON input `tauri icon` accepts, with the same keys:
//   {"default": "app-icon.png", "bg_color": "#fff", "android_bg": "bg.png",
//    "android_fg": "fg.png", "android_fg_scale": 85, "android_monochrome": "mono.png"}
// Only `default` is required. Paths are relative to the manifest's folder;
// bg_color overrides --ios-color and colours Android's adaptive background
// when android_bg is absent; android_fg_scale (percent) sizes the foreground
// on the legacy launcher icons drawn over android_bg.
struct IconManifest {
  std::filesystem::path default_image;
  std::optional<std::string> bg_color;
  std::optional<std::filesystem::path> android_bg;
  std::optional<std::filesystem::path> android_fg;
  std::optional<std::filesystem::path> android_monochrome;
  std::optional<double> android_fg_scale;
};

// Errors are located (file:line:col) and an unknown key gets the closest
// known one as a hint.
Result<IconManifest> parse_icon_manifest(std::string text, const std::filesystem::path& path);
Result<IconManifest> load_icon_manifest(const std::filesystem::path& path);

} // namespace weft::bundlers

#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace weft::bundlers {

// Who uses a file.
enum class Platform { desktop, windows, macos, android, ios };
// What kind of file it is.
enum class IconFormat { png, ico, icns, xml };
// Which input picture an image is drawn from (the manifest can give Android
// its own layers; each defaults as Tauri does).
enum class Layer { app, android_foreground, android_background, android_monochrome };
// How the picture is finished.
enum class Look {
  plain,           // as drawn, with its transparency
  opaque,          // over the iOS background colour, no alpha channel
  launcher_square, // Android legacy launcher: inset, rounded corners
  launcher_round,  // Android legacy round launcher: inset circle
  adaptive_icon,   // XML: Android 8+ adaptive icon naming the layers
  background_color // XML: the adaptive icon's background colour resource
};
// When a row applies.
enum class Needs { always, android_background, no_android_background, android_monochrome };

// One image in one output file. A file with several rows (.ico, .icns) holds
// their images in row order.
struct IconEntry {
  std::string_view file; // relative to the output folder, '/'-separated
  IconFormat format;
  Platform platform;
  int size;              // pixels; 0 for XML
  Layer layer;
  Look look;
  std::string_view icns_type; // icns element type, else ""
  Needs needs;
};

// The outputs of `weft icon`, with Tauri's file names and sizes, so that a
// Tauri project's bundle.icon list finds the same files. Two deliberate
// differences: Android hdpi launchers are 72 px (Tauri writes 49, a typo for
// 1.5 × 48), and the 16/32 px .icns elements are the PNG types icp4/icp5
// instead of the legacy RLE types is32/il32 (which need separate masks).
// This one table drives generation, --png and the --json listing.
// clang-format off
inline constexpr auto k_icon_set = std::to_array<IconEntry>({
    // Desktop PNGs (Linux bundles, window icons)
    {"32x32.png",      IconFormat::png, Platform::desktop, 32,  Layer::app, Look::plain, "", Needs::always},
    {"64x64.png",      IconFormat::png, Platform::desktop, 64,  Layer::app, Look::plain, "", Needs::always},
    {"128x128.png",    IconFormat::png, Platform::desktop, 128, Layer::app, Look::plain, "", Needs::always},
    {"128x128@2x.png", IconFormat::png, Platform::desktop, 256, Layer::app, Look::plain, "", Needs::always},
    {"icon.png",       IconFormat::png, Platform::desktop, 512, Layer::app, Look::plain, "", Needs::always},
    // Windows Store (Appx/MSIX)
    {"StoreLogo.png",          IconFormat::png, Platform::windows, 50,  Layer::app, Look::plain, "", Needs::always},
    {"Square30x30Logo.png",    IconFormat::png, Platform::windows, 30,  Layer::app, Look::plain, "", Needs::always},
    {"Square44x44Logo.png",    IconFormat::png, Platform::windows, 44,  Layer::app, Look::plain, "", Needs::always},
    {"Square71x71Logo.png",    IconFormat::png, Platform::windows, 71,  Layer::app, Look::plain, "", Needs::always},
    {"Square89x89Logo.png",    IconFormat::png, Platform::windows, 89,  Layer::app, Look::plain, "", Needs::always},
    {"Square107x107Logo.png",  IconFormat::png, Platform::windows, 107, Layer::app, Look::plain, "", Needs::always},
    {"Square142x142Logo.png",  IconFormat::png, Platform::windows, 142, Layer::app, Look::plain, "", Needs::always},
    {"Square150x150Logo.png",  IconFormat::png, Platform::windows, 150, Layer::app, Look::plain, "", Needs::always},
    {"Square284x284Logo.png",  IconFormat::png, Platform::windows, 284, Layer::app, Look::plain, "", Needs::always},
    {"Square310x310Logo.png",  IconFormat::png, Platform::windows, 310, Layer::app, Look::plain, "", Needs::always},
    // Windows .ico, in Tauri's frame order (32 first: read as the window icon)
    {"icon.ico", IconFormat::ico, Platform::windows, 32,  Layer::app, Look::plain, "", Needs::always},
    {"icon.ico", IconFormat::ico, Platform::windows, 16,  Layer::app, Look::plain, "", Needs::always},
    {"icon.ico", IconFormat::ico, Platform::windows, 24,  Layer::app, Look::plain, "", Needs::always},
    {"icon.ico", IconFormat::ico, Platform::windows, 48,  Layer::app, Look::plain, "", Needs::always},
    {"icon.ico", IconFormat::ico, Platform::windows, 64,  Layer::app, Look::plain, "", Needs::always},
    {"icon.ico", IconFormat::ico, Platform::windows, 256, Layer::app, Look::plain, "", Needs::always},
    // macOS .icns: every PNG element type, 16 to 1024 px including @2x
    {"icon.icns", IconFormat::icns, Platform::macos, 16,   Layer::app, Look::plain, "icp4", Needs::always},
    {"icon.icns", IconFormat::icns, Platform::macos, 32,   Layer::app, Look::plain, "icp5", Needs::always},
    {"icon.icns", IconFormat::icns, Platform::macos, 64,   Layer::app, Look::plain, "icp6", Needs::always},
    {"icon.icns", IconFormat::icns, Platform::macos, 128,  Layer::app, Look::plain, "ic07", Needs::always},
    {"icon.icns", IconFormat::icns, Platform::macos, 256,  Layer::app, Look::plain, "ic08", Needs::always},
    {"icon.icns", IconFormat::icns, Platform::macos, 512,  Layer::app, Look::plain, "ic09", Needs::always},
    {"icon.icns", IconFormat::icns, Platform::macos, 1024, Layer::app, Look::plain, "ic10", Needs::always},
    {"icon.icns", IconFormat::icns, Platform::macos, 32,   Layer::app, Look::plain, "ic11", Needs::always},
    {"icon.icns", IconFormat::icns, Platform::macos, 64,   Layer::app, Look::plain, "ic12", Needs::always},
    {"icon.icns", IconFormat::icns, Platform::macos, 256,  Layer::app, Look::plain, "ic13", Needs::always},
    {"icon.icns", IconFormat::icns, Platform::macos, 512,  Layer::app, Look::plain, "ic14", Needs::always},
    // Android: legacy launcher and round launcher per density, adaptive-icon layers at 108 dp
    {"android/mipmap-mdpi/ic_launcher.png",               IconFormat::png, Platform::android, 48,  Layer::app, Look::launcher_square, "", Needs::always},
    {"android/mipmap-mdpi/ic_launcher_round.png",         IconFormat::png, Platform::android, 48,  Layer::app, Look::launcher_round, "", Needs::always},
    {"android/mipmap-mdpi/ic_launcher_foreground.png",    IconFormat::png, Platform::android, 108, Layer::android_foreground, Look::plain, "", Needs::always},
    {"android/mipmap-mdpi/ic_launcher_background.png",    IconFormat::png, Platform::android, 108, Layer::android_background, Look::plain, "", Needs::android_background},
    {"android/mipmap-mdpi/ic_launcher_monochrome.png",    IconFormat::png, Platform::android, 108, Layer::android_monochrome, Look::plain, "", Needs::android_monochrome},
    {"android/mipmap-hdpi/ic_launcher.png",               IconFormat::png, Platform::android, 72,  Layer::app, Look::launcher_square, "", Needs::always},
    {"android/mipmap-hdpi/ic_launcher_round.png",         IconFormat::png, Platform::android, 72,  Layer::app, Look::launcher_round, "", Needs::always},
    {"android/mipmap-hdpi/ic_launcher_foreground.png",    IconFormat::png, Platform::android, 162, Layer::android_foreground, Look::plain, "", Needs::always},
    {"android/mipmap-hdpi/ic_launcher_background.png",    IconFormat::png, Platform::android, 162, Layer::android_background, Look::plain, "", Needs::android_background},
    {"android/mipmap-hdpi/ic_launcher_monochrome.png",    IconFormat::png, Platform::android, 162, Layer::android_monochrome, Look::plain, "", Needs::android_monochrome},
    {"android/mipmap-xhdpi/ic_launcher.png",              IconFormat::png, Platform::android, 96,  Layer::app, Look::launcher_square, "", Needs::always},
    {"android/mipmap-xhdpi/ic_launcher_round.png",        IconFormat::png, Platform::android, 96,  Layer::app, Look::launcher_round, "", Needs::always},
    {"android/mipmap-xhdpi/ic_launcher_foreground.png",   IconFormat::png, Platform::android, 216, Layer::android_foreground, Look::plain, "", Needs::always},
    {"android/mipmap-xhdpi/ic_launcher_background.png",   IconFormat::png, Platform::android, 216, Layer::android_background, Look::plain, "", Needs::android_background},
    {"android/mipmap-xhdpi/ic_launcher_monochrome.png",   IconFormat::png, Platform::android, 216, Layer::android_monochrome, Look::plain, "", Needs::android_monochrome},
    {"android/mipmap-xxhdpi/ic_launcher.png",             IconFormat::png, Platform::android, 144, Layer::app, Look::launcher_square, "", Needs::always},
    {"android/mipmap-xxhdpi/ic_launcher_round.png",       IconFormat::png, Platform::android, 144, Layer::app, Look::launcher_round, "", Needs::always},
    {"android/mipmap-xxhdpi/ic_launcher_foreground.png",  IconFormat::png, Platform::android, 324, Layer::android_foreground, Look::plain, "", Needs::always},
    {"android/mipmap-xxhdpi/ic_launcher_background.png",  IconFormat::png, Platform::android, 324, Layer::android_background, Look::plain, "", Needs::android_background},
    {"android/mipmap-xxhdpi/ic_launcher_monochrome.png",  IconFormat::png, Platform::android, 324, Layer::android_monochrome, Look::plain, "", Needs::android_monochrome},
    {"android/mipmap-xxxhdpi/ic_launcher.png",            IconFormat::png, Platform::android, 192, Layer::app, Look::launcher_square, "", Needs::always},
    {"android/mipmap-xxxhdpi/ic_launcher_round.png",      IconFormat::png, Platform::android, 192, Layer::app, Look::launcher_round, "", Needs::always},
    {"android/mipmap-xxxhdpi/ic_launcher_foreground.png", IconFormat::png, Platform::android, 432, Layer::android_foreground, Look::plain, "", Needs::always},
    {"android/mipmap-xxxhdpi/ic_launcher_background.png", IconFormat::png, Platform::android, 432, Layer::android_background, Look::plain, "", Needs::android_background},
    {"android/mipmap-xxxhdpi/ic_launcher_monochrome.png", IconFormat::png, Platform::android, 432, Layer::android_monochrome, Look::plain, "", Needs::android_monochrome},
    {"android/mipmap-anydpi-v26/ic_launcher.xml",         IconFormat::xml, Platform::android, 0,   Layer::app, Look::adaptive_icon, "", Needs::always},
    {"android/values/ic_launcher_background.xml",         IconFormat::xml, Platform::android, 0,   Layer::app, Look::background_color, "", Needs::no_android_background},
    // iOS AppIcon set (Xcode names as Tauri writes them), opaque
    {"ios/AppIcon-20x20@1x.png",      IconFormat::png, Platform::ios, 20,   Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-20x20@2x.png",      IconFormat::png, Platform::ios, 40,   Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-20x20@2x-1.png",    IconFormat::png, Platform::ios, 40,   Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-20x20@3x.png",      IconFormat::png, Platform::ios, 60,   Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-29x29@1x.png",      IconFormat::png, Platform::ios, 29,   Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-29x29@2x.png",      IconFormat::png, Platform::ios, 58,   Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-29x29@2x-1.png",    IconFormat::png, Platform::ios, 58,   Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-29x29@3x.png",      IconFormat::png, Platform::ios, 87,   Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-40x40@1x.png",      IconFormat::png, Platform::ios, 40,   Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-40x40@2x.png",      IconFormat::png, Platform::ios, 80,   Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-40x40@2x-1.png",    IconFormat::png, Platform::ios, 80,   Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-40x40@3x.png",      IconFormat::png, Platform::ios, 120,  Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-60x60@2x.png",      IconFormat::png, Platform::ios, 120,  Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-60x60@3x.png",      IconFormat::png, Platform::ios, 180,  Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-76x76@1x.png",      IconFormat::png, Platform::ios, 76,   Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-76x76@2x.png",      IconFormat::png, Platform::ios, 152,  Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-83.5x83.5@2x.png",  IconFormat::png, Platform::ios, 167,  Layer::app, Look::opaque, "", Needs::always},
    {"ios/AppIcon-512@2x.png",        IconFormat::png, Platform::ios, 1024, Layer::app, Look::opaque, "", Needs::always},
});
// clang-format on

// `--png N` writes only `NxN.png` files, named like the desktop rows.
inline constexpr std::string_view k_custom_png_name = "{0}x{0}.png";
inline constexpr int k_custom_png_max = 4096;

// Names as they appear in --json.
std::string_view platform_name(Platform platform);
std::string_view format_name(IconFormat format);

// One image to draw: the same image can serve several files (icon.ico's 256
// frame is 128x128@2x.png), and is drawn and encoded once.
struct ImageSpec {
  Layer layer = Layer::app;
  Look look = Look::plain;
  int size = 0;

  friend auto operator<=>(const ImageSpec&, const ImageSpec&) = default;
};

// One output file and the images it holds, in order; an XML file holds one
// spec of size 0 whose look says which XML.
struct PlannedFile {
  std::string path;
  IconFormat format = IconFormat::png;
  Platform platform = Platform::desktop;
  std::vector<ImageSpec> images;
  std::vector<std::string_view> icns_types; // parallel to images for .icns
};

struct IconSetOptions {
  bool android_background = false; // the manifest gives android_bg
  bool android_monochrome = false; // the manifest gives android_monochrome
  std::vector<int> png_sizes;      // non-empty: only these NxN.png files
};

// The files to write, in table order (or --png order).
std::vector<PlannedFile> plan_icon_set(const IconSetOptions& options);

} // namespace weft::bundlers

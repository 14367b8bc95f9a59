#include <weft/bundlers/icon_set.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace weft::bundlers {

namespace {

struct PlatformName {
  Platform platform;
  std::string_view name;
};
constexpr std::array<PlatformName, 5> k_platform_names{{
    {Platform::desktop, "desktop"},
    {Platform::windows, "windows"},
    {Platform::macos, "macos"},
    {Platform::android, "android"},
    {Platform::ios, "ios"},
}};

struct FormatName {
  IconFormat format;
  std::string_view name;
};
constexpr std::array<FormatName, 4> k_format_names{{
    {IconFormat::png, "png"},
    {IconFormat::ico, "ico"},
    {IconFormat::icns, "icns"},
    {IconFormat::xml, "xml"},
}};

bool applies(Needs needs, const IconSetOptions& options) {
  switch (needs) {
    case Needs::always: return true;
    case Needs::android_background: return options.android_background;
    case Needs::no_android_background: return !options.android_background;
    case Needs::android_monochrome: return options.android_monochrome;
  }
  return false;
}

} // namespace

std::string_view platform_name(Platform platform) {
  for (const PlatformName& p : k_platform_names)
    if (p.platform == platform) return p.name;
  return "?";
}

std::string_view format_name(IconFormat format) {
  for (const FormatName& f : k_format_names)
    if (f.format == format) return f.name;
  return "?";
}

std::vector<PlannedFile> plan_icon_set(const IconSetOptions& options) {
  std::vector<PlannedFile> files;
  if (!options.png_sizes.empty()) {
    for (int size : options.png_sizes) {
      std::string path = fmt::format(fmt::runtime(k_custom_png_name), size);
      if (std::any_of(files.begin(), files.end(), [&](const PlannedFile& f) { return f.path == path; })) continue;
      files.push_back({std::move(path), IconFormat::png, Platform::desktop, {{Layer::app, Look::plain, size}}, {}});
    }
    return files;
  }
  for (const IconEntry& row : k_icon_set) {
    if (!applies(row.needs, options)) continue;
    auto it = std::find_if(files.begin(), files.end(), [&](const PlannedFile& f) { return f.path == row.file; });
    if (it == files.end()) {
      files.push_back({std::string(row.file), row.format, row.platform, {}, {}});
      it = files.end() - 1;
    }
    it->images.push_back({row.layer, row.look, row.size});
    if (row.format == IconFormat::icns) it->icns_types.push_back(row.icns_type);
  }
  return files;
}

} // namespace weft::bundlers

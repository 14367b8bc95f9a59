#include <weft/bundlers/icon_set.hpp>

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace weft::bundlers {
namespace {

const PlannedFile* find(const std::vector<PlannedFile>& plan, std::string_view path) {
  for (const PlannedFile& f : plan)
    if (f.path == path) return &f;
  return nullptr;
}

TEST(IconSet, DefaultPlanHasTauriFiles) {
  const std::vector<PlannedFile> plan = plan_icon_set({});
  EXPECT_EQ(plan.size(), 52u);
  std::set<std::string> paths;
  for (const PlannedFile& f : plan) EXPECT_TRUE(paths.insert(f.path).second) << "duplicate " << f.path;
  for (const char* name : {"32x32.png", "64x64.png", "128x128.png", "128x128@2x.png", "icon.png", "icon.ico",
                           "icon.icns", "StoreLogo.png", "Square30x30Logo.png", "Square44x44Logo.png",
                           "Square71x71Logo.png", "Square89x89Logo.png", "Square107x107Logo.png",
                           "Square142x142Logo.png", "Square150x150Logo.png", "Square284x284Logo.png",
                           "Square310x310Logo.png"})
    EXPECT_TRUE(paths.count(name)) << name;
  EXPECT_EQ(find(plan, "128x128@2x.png")->images.front().size, 256);
  EXPECT_EQ(find(plan, "icon.png")->images.front().size, 512);
  EXPECT_EQ(find(plan, "StoreLogo.png")->images.front().size, 50);
}

TEST(IconSet, IcoFrames) {
  const std::vector<PlannedFile> plan = plan_icon_set({});
  const PlannedFile* ico = find(plan, "icon.ico");
  ASSERT_TRUE(ico);
  std::vector<int> sizes;
  for (const ImageSpec& s : ico->images) sizes.push_back(s.size);
  EXPECT_EQ(sizes, (std::vector<int>{32, 16, 24, 48, 64, 256}));
}

TEST(IconSet, IcnsHasEveryPngTypeAtItsAppleSize) {
  const std::map<std::string_view, int> apple = {{"icp4", 16},  {"icp5", 32},  {"icp6", 64},  {"ic07", 128},
                                                 {"ic08", 256}, {"ic09", 512}, {"ic10", 1024}, {"ic11", 32},
                                                 {"ic12", 64},  {"ic13", 256}, {"ic14", 512}};
  const std::vector<PlannedFile> plan = plan_icon_set({});
  const PlannedFile* icns = find(plan, "icon.icns");
  ASSERT_TRUE(icns);
  ASSERT_EQ(icns->icns_types.size(), apple.size());
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < icns->images.size(); ++i) {
    EXPECT_EQ(apple.at(icns->icns_types[i]), icns->images[i].size) << icns->icns_types[i];
    seen.insert(icns->icns_types[i]);
  }
  EXPECT_EQ(seen.size(), apple.size());
}

TEST(IconSet, AndroidSetIsComplete) {
  const std::map<std::string, std::pair<int, int>> densities = {
      {"mdpi", {48, 108}}, {"hdpi", {72, 162}}, {"xhdpi", {96, 216}}, {"xxhdpi", {144, 324}}, {"xxxhdpi", {192, 432}}};
  for (bool bg : {false, true}) {
    for (bool mono : {false, true}) {
      const std::vector<PlannedFile> plan = plan_icon_set({bg, mono, {}});
      EXPECT_EQ(plan.size(), 52u + (bg ? 5 : 0) - (bg ? 1 : 0) + (mono ? 5 : 0));
      for (const auto& [density, sizes] : densities) {
        const std::string dir = "android/mipmap-" + density + "/";
        const PlannedFile* launcher = find(plan, dir + "ic_launcher.png");
        const PlannedFile* round = find(plan, dir + "ic_launcher_round.png");
        const PlannedFile* fg = find(plan, dir + "ic_launcher_foreground.png");
        ASSERT_TRUE(launcher && round && fg) << density;
        EXPECT_EQ(launcher->images.front().size, sizes.first);
        EXPECT_EQ(launcher->images.front().look, Look::launcher_square);
        EXPECT_EQ(round->images.front().size, sizes.first);
        EXPECT_EQ(round->images.front().look, Look::launcher_round);
        EXPECT_EQ(fg->images.front().size, sizes.second);
        EXPECT_EQ(fg->images.front().layer, Layer::android_foreground);
        EXPECT_EQ(find(plan, dir + "ic_launcher_background.png") != nullptr, bg);
        EXPECT_EQ(find(plan, dir + "ic_launcher_monochrome.png") != nullptr, mono);
      }
      EXPECT_TRUE(find(plan, "android/mipmap-anydpi-v26/ic_launcher.xml"));
      EXPECT_EQ(find(plan, "android/values/ic_launcher_background.xml") != nullptr, !bg);
    }
  }
}

TEST(IconSet, IosSetIsCompleteAndOpaque) {
  const std::map<std::string, int> want = {
      {"AppIcon-20x20@1x.png", 20},  {"AppIcon-20x20@2x.png", 40},   {"AppIcon-20x20@2x-1.png", 40},
      {"AppIcon-20x20@3x.png", 60},  {"AppIcon-29x29@1x.png", 29},   {"AppIcon-29x29@2x.png", 58},
      {"AppIcon-29x29@2x-1.png", 58}, {"AppIcon-29x29@3x.png", 87},  {"AppIcon-40x40@1x.png", 40},
      {"AppIcon-40x40@2x.png", 80},  {"AppIcon-40x40@2x-1.png", 80}, {"AppIcon-40x40@3x.png", 120},
      {"AppIcon-60x60@2x.png", 120}, {"AppIcon-60x60@3x.png", 180},  {"AppIcon-76x76@1x.png", 76},
      {"AppIcon-76x76@2x.png", 152}, {"AppIcon-83.5x83.5@2x.png", 167}, {"AppIcon-512@2x.png", 1024}};
  int ios = 0;
  for (const PlannedFile& f : plan_icon_set({})) {
    if (f.platform != Platform::ios) continue;
    ++ios;
    const std::string name = f.path.substr(4);
    ASSERT_TRUE(want.count(name)) << f.path;
    EXPECT_EQ(f.path.substr(0, 4), "ios/");
    EXPECT_EQ(f.images.front().size, want.at(name));
    EXPECT_EQ(f.images.front().look, Look::opaque);
  }
  EXPECT_EQ(ios, 18);
}

TEST(IconSet, PngOptionWritesOnlyThoseSizes) {
  const std::vector<PlannedFile> plan = plan_icon_set({false, false, {16, 48, 16, 300}});
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0].path, "16x16.png");
  EXPECT_EQ(plan[1].path, "48x48.png");
  EXPECT_EQ(plan[2].path, "300x300.png");
  EXPECT_EQ(plan[2].images.front().size, 300);
}

TEST(IconSet, NamesForJson) {
  EXPECT_EQ(platform_name(Platform::macos), "macos");
  EXPECT_EQ(format_name(IconFormat::icns), "icns");
  for (const IconEntry& row : k_icon_set) {
    EXPECT_NE(platform_name(row.platform), "?");
    EXPECT_NE(format_name(row.format), "?");
    EXPECT_EQ(row.size == 0, row.format == IconFormat::xml) << row.file;
    EXPECT_EQ(!row.icns_type.empty(), row.format == IconFormat::icns) << row.file;
  }
}

} // namespace
} // namespace weft::bundlers

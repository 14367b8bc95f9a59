#include <weft/bundlers/icon_manifest.hpp>

#include <gtest/gtest.h>

namespace weft::bundlers {
namespace {

TEST(IconManifest, AllKeysResolvedAgainstTheManifestFolder) {
  Result<IconManifest> m = parse_icon_manifest(R"({
    "default": "app-icon.png",
    "bg_color": "#123456",
    "android_bg": "layers/bg.png",
    "android_fg": "layers/fg.svg",
    "android_fg_scale": 85,
    "android_monochrome": "mono.png"
  })",
                                               "/proj/icons/manifest.json");
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->default_image, "/proj/icons/app-icon.png");
  EXPECT_EQ(m->bg_color, "#123456");
  EXPECT_EQ(m->android_bg, std::filesystem::path("/proj/icons/layers/bg.png"));
  EXPECT_EQ(m->android_fg, std::filesystem::path("/proj/icons/layers/fg.svg"));
  EXPECT_EQ(m->android_monochrome, std::filesystem::path("/proj/icons/mono.png"));
  EXPECT_EQ(m->android_fg_scale, 85.0);
}

TEST(IconManifest, OnlyDefaultIsRequired) {
  Result<IconManifest> m = parse_icon_manifest(R"({"default": "a.png"})", "m.json");
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->bg_color || m->android_bg || m->android_fg || m->android_monochrome || m->android_fg_scale);
  Result<IconManifest> missing = parse_icon_manifest(R"({"bg_color": "#fff"})", "m.json");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("default"), std::string::npos);
}

TEST(IconManifest, UnknownKeyIsLocatedWithASuggestion) {
  Result<IconManifest> m = parse_icon_manifest("{\n  \"default\": \"a.png\",\n  \"android_bgg\": \"b.png\"\n}", "m.json");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().location().file, "m.json");
  EXPECT_EQ(m.error().location().line, 3);
  EXPECT_EQ(m.error().location().column, 3);
  EXPECT_EQ(m.error().hint(), "did you mean `android_bg`?");
}

TEST(IconManifest, WrongTypesAreLocated) {
  for (const char* text : {R"({"default": 3})", R"({"default": ""})", R"({"default": "a", "android_fg_scale": "85"})",
                           R"({"default": "a", "android_fg_scale": 0})", R"({"default": "a", "bg_color": 1})", "[1]",
                           "{\"default\": \"a\",}"}) {
    Result<IconManifest> m = parse_icon_manifest(text, "m.json");
    ASSERT_FALSE(m) << text;
    EXPECT_EQ(m.error().code(), ExitCode::input);
    EXPECT_GT(m.error().location().line, 0) << text;
  }
}

} // namespace
} // namespace weft::bundlers

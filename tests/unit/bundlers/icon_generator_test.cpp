#include "icon_test_util.hpp"
#include "test_dir.hpp"

#include <weft/base/atomic_file.hpp>
#include <weft/bundlers/icon_generator.hpp>
#include <weft/bundlers/png_codec.hpp>

#include <gtest/gtest.h>

#include <fstream>

namespace weft::bundlers {
namespace {

// A w × h icon: a transparent border 1/8 wide around an opaque blue square
// with a red quarter.
void write_icon(const std::filesystem::path& path, int w, int h) {
  Rgba8Image image(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      std::uint8_t* p = image.at(x, y);
      if (x < w / 8 || x >= w - w / 8 || y < h / 8 || y >= h - h / 8) continue;
      const bool red = x < w / 2 && y < h / 2;
      p[0] = red ? 255 : 0;
      p[2] = red ? 0 : 255;
      p[3] = 255;
    }
  Result<std::string> png = encode_png(image, PngChannels::rgba);
  ASSERT_TRUE(png);
  ASSERT_TRUE(write_file_atomic(path, *png));
}

const GeneratedFile* find(const GeneratedIcons& icons, std::string_view path) {
  for (const GeneratedFile& f : icons.files)
    if (f.path == path) return &f;
  return nullptr;
}

test::DecodedPng decode(const GeneratedIcons& icons, std::string_view path) {
  const GeneratedFile* f = find(icons, path);
  EXPECT_TRUE(f) << path;
  return f ? test::read_png_with_libpng(f->bytes) : test::DecodedPng{};
}

class IconGenerator : public ::testing::Test {
protected:
  Result<GeneratedIcons> run(IconRequest request) { return generate_icons(request); }
  test::TempDir m_dir;
};

TEST_F(IconGenerator, FullSetFromPng) {
  write_icon(m_dir / "app-icon.png", 1024, 1024);
  Result<GeneratedIcons> icons = run({m_dir / "app-icon.png", {}, "#fff", Fit::none, 0});
  ASSERT_TRUE(icons) << icons.error().message();
  EXPECT_TRUE(icons->warnings.empty());
  ASSERT_EQ(icons->files.size(), 52u);
  for (const GeneratedFile& f : icons->files) {
    SCOPED_TRACE(f.path);
    if (f.format != IconFormat::png) continue;
    const test::DecodedPng png = test::read_png_with_libpng(f.bytes);
    ASSERT_EQ(f.sizes.size(), 1u);
    EXPECT_EQ(png.width, f.sizes[0]);
    EXPECT_EQ(png.height, f.sizes[0]);
    EXPECT_EQ(png.color_type, f.platform == Platform::ios ? 2 : 6);
  }
  // iOS: the transparent border becomes the background colour.
  const test::DecodedPng ios = decode(*icons, "ios/AppIcon-512@2x.png");
  EXPECT_EQ(ios.rgba[0], 255);
  EXPECT_EQ(ios.rgba[3], 255);
  // Desktop keeps transparency and colours.
  const test::DecodedPng desktop = decode(*icons, "128x128.png");
  EXPECT_EQ(desktop.rgba[3], 0);
  const std::uint8_t* red = &desktop.rgba[(40 * 128 + 40) * 4];
  EXPECT_EQ(red[0], 255);
  EXPECT_EQ(red[2], 0);
  // Android XML: colour background by default.
  const GeneratedFile* xml = find(*icons, "android/mipmap-anydpi-v26/ic_launcher.xml");
  ASSERT_TRUE(xml);
  EXPECT_NE(xml->bytes.find("@color/ic_launcher_background"), std::string::npos);
  EXPECT_EQ(xml->bytes.find("monochrome"), std::string::npos);
  EXPECT_NE(find(*icons, "android/values/ic_launcher_background.xml")->bytes.find(">#FFFFFF<"), std::string::npos);
  // The .ico holds the desktop PNG bytes for its 256 frame (drawn once).
  const GeneratedFile* ico = find(*icons, "icon.ico");
  EXPECT_EQ(ico->sizes, (std::vector<int>{32, 16, 24, 48, 64, 256}));
  EXPECT_NE(ico->bytes.find(find(*icons, "128x128@2x.png")->bytes), std::string::npos);
}

TEST_F(IconGenerator, LauncherIconsAreInsetAndRounded) {
  write_icon(m_dir / "a.png", 256, 256);
  Result<GeneratedIcons> icons = run({m_dir / "a.png", {}, "#fff", Fit::none, 0});
  ASSERT_TRUE(icons);
  const test::DecodedPng round = decode(*icons, "android/mipmap-xxxhdpi/ic_launcher_round.png");
  ASSERT_EQ(round.width, 192);
  EXPECT_EQ(round.rgba[(30 * 192 + 30) * 4 + 3], 0);   // outside the circle
  EXPECT_EQ(round.rgba[(96 * 192 + 96) * 4 + 3], 255); // centre
  const test::DecodedPng square = decode(*icons, "android/mipmap-mdpi/ic_launcher.png");
  EXPECT_EQ(square.rgba[(1 * 48 + 24) * 4 + 3], 0); // in the inset
}

TEST_F(IconGenerator, SvgInputRendersEverySize) {
  std::ofstream(m_dir / "icon.svg")
      << R"(<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#0a0"/></svg>)";
  Result<GeneratedIcons> icons = run({m_dir / "icon.svg", {}, "#000", Fit::none, 0});
  ASSERT_TRUE(icons) << icons.error().message();
  EXPECT_TRUE(icons->warnings.empty()); // an SVG has no resolution to warn about
  const test::DecodedPng big = decode(*icons, "ios/AppIcon-512@2x.png");
  EXPECT_EQ(big.width, 1024);
  EXPECT_EQ(big.rgba[0], 0); // black iOS background in the corner
  const std::uint8_t* centre = &big.rgba[(512 * 1024 + 512) * 4];
  EXPECT_EQ(centre[1], 0xaa);
}

TEST_F(IconGenerator, DeterministicWhateverTheThreads) {
  write_icon(m_dir / "a.png", 300, 300);
  Result<GeneratedIcons> one = run({m_dir / "a.png", {}, "#fff", Fit::none, 1});
  Result<GeneratedIcons> many = run({m_dir / "a.png", {}, "#fff", Fit::none, 5});
  Result<GeneratedIcons> again = run({m_dir / "a.png", {}, "#fff", Fit::none, 0});
  ASSERT_TRUE(one && many && again);
  ASSERT_EQ(one->files.size(), many->files.size());
  for (std::size_t i = 0; i < one->files.size(); ++i) {
    EXPECT_EQ(one->files[i].bytes, many->files[i].bytes) << one->files[i].path;
    EXPECT_EQ(one->files[i].bytes, again->files[i].bytes) << one->files[i].path;
  }
}

TEST_F(IconGenerator, NonSquareNeedsFit) {
  write_icon(m_dir / "wide.png", 300, 200);
  Result<GeneratedIcons> refused = run({m_dir / "wide.png", {32}, "#fff", Fit::none, 0});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ExitCode::input);
  EXPECT_NE(refused.error().message().find("not square"), std::string::npos);
  EXPECT_NE(refused.error().message().find("--fit"), std::string::npos);

  Result<GeneratedIcons> contain = run({m_dir / "wide.png", {30}, "#fff", Fit::contain, 0});
  ASSERT_TRUE(contain);
  const test::DecodedPng c = decode(*contain, "30x30.png");
  EXPECT_EQ(c.width, 30);
  EXPECT_EQ(c.rgba[(2 * 30 + 15) * 4 + 3], 0); // bar above (2 rows inside the 5-row bar)
  Result<GeneratedIcons> cover = run({m_dir / "wide.png", {30}, "#fff", Fit::cover, 0});
  ASSERT_TRUE(cover);
  const test::DecodedPng k = decode(*cover, "30x30.png");
  EXPECT_EQ(k.rgba[(15 * 30 + 1) * 4 + 3], 255); // cropped: the left edge is the opaque middle
}

TEST_F(IconGenerator, SourceSizeLimits) {
  write_icon(m_dir / "tiny.png", 15, 15);
  Result<GeneratedIcons> tiny = run({m_dir / "tiny.png", {}, "#fff", Fit::none, 0});
  ASSERT_FALSE(tiny);
  EXPECT_NE(tiny.error().message().find("too small"), std::string::npos);

  write_icon(m_dir / "small.png", 16, 16);
  Result<GeneratedIcons> small = run({m_dir / "small.png", {16}, "#fff", Fit::none, 0});
  ASSERT_TRUE(small);
  ASSERT_EQ(small->warnings.size(), 1u);
  EXPECT_EQ(small->warnings[0].severity(), Severity::warning);
  EXPECT_NE(small->warnings[0].message().find("1024"), std::string::npos);
}

TEST_F(IconGenerator, PngSizesOnly) {
  write_icon(m_dir / "a.png", 1024, 1024);
  Result<GeneratedIcons> icons = run({m_dir / "a.png", {16, 20, 16}, "#fff", Fit::none, 0});
  ASSERT_TRUE(icons);
  ASSERT_EQ(icons->files.size(), 2u);
  EXPECT_EQ(decode(*icons, "20x20.png").width, 20);
  for (int bad : {0, -3, 5000}) {
    Result<GeneratedIcons> r = run({m_dir / "a.png", {bad}, "#fff", Fit::none, 0});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ExitCode::usage);
  }
}

TEST_F(IconGenerator, IosColour) {
  write_icon(m_dir / "a.png", 64, 64);
  Result<GeneratedIcons> bad = run({m_dir / "a.png", {}, "#nothex", Fit::none, 0});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("--ios-color"), std::string::npos);
  Result<GeneratedIcons> clear = run({m_dir / "a.png", {}, "transparent", Fit::none, 0});
  ASSERT_FALSE(clear);
  EXPECT_NE(clear.error().message().find("opaque"), std::string::npos);
  // --png writes no iOS icons: no need for an opaque colour
  EXPECT_TRUE(run({m_dir / "a.png", {32}, "transparent", Fit::none, 0}));
}

TEST_F(IconGenerator, ManifestWithAndroidLayers) {
  write_icon(m_dir / "app.png", 1024, 1024);
  Rgba8Image bg(1024, 1024);
  for (std::size_t i = 0; i < bg.pixels.size(); i += 4) bg.pixels[i + 1] = bg.pixels[i + 3] = 255; // green
  ASSERT_TRUE(write_file_atomic(m_dir / "bg.png", *encode_png(bg, PngChannels::rgba)));
  write_icon(m_dir / "mono.png", 1024, 1024);
  std::ofstream(m_dir / "icon.json") << R"json({"default": "app.png", "bg_color": "rgb(0 0 255)",
    "android_bg": "bg.png", "android_monochrome": "mono.png", "android_fg_scale": 50})json";
  Result<GeneratedIcons> icons = run({m_dir / "icon.json", {}, "#fff", Fit::none, 0});
  ASSERT_TRUE(icons) << icons.error().message();
  EXPECT_EQ(icons->files.size(), 61u);
  const GeneratedFile* xml = find(*icons, "android/mipmap-anydpi-v26/ic_launcher.xml");
  ASSERT_TRUE(xml);
  EXPECT_NE(xml->bytes.find("@mipmap/ic_launcher_background"), std::string::npos);
  EXPECT_NE(xml->bytes.find("@mipmap/ic_launcher_monochrome"), std::string::npos);
  EXPECT_FALSE(find(*icons, "android/values/ic_launcher_background.xml"));
  EXPECT_EQ(decode(*icons, "android/mipmap-xxxhdpi/ic_launcher_background.png").width, 432);
  // bg_color overrides --ios-color
  EXPECT_EQ(decode(*icons, "ios/AppIcon-20x20@1x.png").rgba[2], 255);
  // Legacy launcher: the foreground (content box scaled to 50 %) over the green layer.
  const test::DecodedPng launcher = decode(*icons, "android/mipmap-xxxhdpi/ic_launcher.png");
  const std::uint8_t* edge = &launcher.rgba[(96 * 192 + 30) * 4]; // outside the 50 % foreground
  EXPECT_EQ(edge[1], 255);
  EXPECT_EQ(edge[3], 255);
  const std::uint8_t* centre = &launcher.rgba[(120 * 192 + 120) * 4]; // blue quarter of the foreground
  EXPECT_EQ(centre[2], 255);
  EXPECT_EQ(centre[1], 0);
}

TEST_F(IconGenerator, UnreadableInputs) {
  std::ofstream(m_dir / "broken.png") << "\x89PNG\r\n\x1a\n garbage";
  Result<GeneratedIcons> broken = run({m_dir / "broken.png", {}, "#fff", Fit::none, 0});
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().location().file, (m_dir / "broken.png").string());
  Result<GeneratedIcons> missing = run({m_dir / "none.png", {}, "#fff", Fit::none, 0});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ExitCode::input);
  std::ofstream(m_dir / "m.json") << R"({"default": "none.png"})";
  EXPECT_FALSE(run({m_dir / "m.json", {}, "#fff", Fit::none, 0}));
}

} // namespace
} // namespace weft::bundlers

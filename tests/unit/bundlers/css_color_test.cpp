#include <weft/bundlers/css_color.hpp>

#include <gtest/gtest.h>

namespace weft::bundlers {
namespace {

Color parse(std::string_view s) {
  Result<Color> c = parse_css_color(s);
  EXPECT_TRUE(c) << s << ": " << (c ? "" : c.error().message());
  return c ? *c : Color{};
}

TEST(CssColor, HexForms) {
  EXPECT_EQ(parse("#fff"), (Color{255, 255, 255, 255}));
  EXPECT_EQ(parse("#1a2B3c"), (Color{0x1a, 0x2b, 0x3c, 255}));
  EXPECT_EQ(parse("#f008"), (Color{255, 0, 0, 0x88}));
  EXPECT_EQ(parse(" #11223344 "), (Color{0x11, 0x22, 0x33, 0x44}));
}

TEST(CssColor, Functions) {
  EXPECT_EQ(parse("rgb(255, 0, 128)"), (Color{255, 0, 128, 255}));
  EXPECT_EQ(parse("rgba(10,20,30,0.5)"), (Color{10, 20, 30, 128}));
  EXPECT_EQ(parse("rgb(100% 0% 50% / 25%)"), (Color{255, 0, 128, 64}));
  EXPECT_EQ(parse("RGB(1 2 3)"), (Color{1, 2, 3, 255}));
}

TEST(CssColor, Names) {
  EXPECT_EQ(parse("white"), (Color{255, 255, 255, 255}));
  EXPECT_EQ(parse("RebeccaPurple"), (Color{0x66, 0x33, 0x99, 255}));
  EXPECT_EQ(parse("transparent").a, 0);
  EXPECT_EQ(parse("yellowgreen"), (Color{0x9a, 0xcd, 0x32, 255}));
}

TEST(CssColor, Errors) {
  for (const char* bad : {"", "#ff", "#12345", "#ggg", "rgb(1,2)", "rgb(1 2 3", "rgb(a b c)", "blurple", "hsl(0 0% 0%)"}) {
    Result<Color> c = parse_css_color(bad);
    EXPECT_FALSE(c) << bad;
    if (!c) {
      EXPECT_EQ(c.error().code(), ExitCode::input);
    }
  }
}

TEST(CssColor, AndroidForm) {
  EXPECT_EQ(android_color({0x12, 0xab, 0x0f, 255}), "#12AB0F");
  EXPECT_EQ(android_color({1, 2, 3, 0x80}), "#80010203");
}

} // namespace
} // namespace weft::bundlers

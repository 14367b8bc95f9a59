#include <weft/bundlers/icon_compose.hpp>
#include <weft/bundlers/placement.hpp>

#include <gtest/gtest.h>

namespace weft::bundlers {
namespace {

TEST(Placement, SquareSourceFillsTheSquare) {
  const Placement p = place({0, 0, 500, 500}, {0, 0, 32, 32}, Fit::none, 32);
  EXPECT_EQ(p.to, (PixelRect{0, 0, 32, 32}));
  EXPECT_DOUBLE_EQ(p.from.width, 500);
}

TEST(Placement, CoverCropsTheLongSideEqually) {
  const Placement p = place({0, 0, 300, 200}, {0, 0, 64, 64}, Fit::cover, 64);
  EXPECT_EQ(p.to, (PixelRect{0, 0, 64, 64}));
  EXPECT_DOUBLE_EQ(p.from.x, 50);
  EXPECT_DOUBLE_EQ(p.from.y, 0);
  EXPECT_DOUBLE_EQ(p.from.width, 200);
  EXPECT_DOUBLE_EQ(p.from.height, 200);
}

TEST(Placement, ContainCentresWithBars) {
  const Placement p = place({0, 0, 300, 200}, {0, 0, 60, 60}, Fit::contain, 60);
  EXPECT_EQ(p.to, (PixelRect{0, 10, 60, 40}));
  EXPECT_DOUBLE_EQ(p.from.width, 300);
}

TEST(Placement, ClipsToTheCanvasAndShrinksTheSource) {
  const Placement p = place({0, 0, 100, 100}, {-10, -10, 120, 120}, Fit::none, 100);
  EXPECT_EQ(p.to, (PixelRect{0, 0, 100, 100}));
  EXPECT_NEAR(p.from.x, 100.0 * 10 / 120, 1e-9);
  EXPECT_NEAR(p.from.width, 100.0 * 100 / 120, 1e-9);
  EXPECT_EQ(place({0, 0, 10, 10}, {200, 0, 10, 10}, Fit::none, 100).to.width, 0);
}

TEST(Placement, FitNames) {
  EXPECT_EQ(parse_fit("cover"), Fit::cover);
  EXPECT_EQ(parse_fit("contain"), Fit::contain);
  EXPECT_FALSE(parse_fit("stretch"));
}

Rgba8Image solid(int size, std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a) {
  Rgba8Image image(size, size);
  for (std::size_t i = 0; i < image.pixels.size(); i += 4) {
    image.pixels[i] = r;
    image.pixels[i + 1] = g;
    image.pixels[i + 2] = b;
    image.pixels[i + 3] = a;
  }
  return image;
}

TEST(Compose, FlattenMakesEveryPixelOpaque) {
  Rgba8Image image = solid(4, 0, 0, 0, 128);
  image.at(0, 0)[3] = 0;
  const Rgba8Image out = flatten(image, {255, 255, 255, 255});
  for (std::size_t i = 3; i < out.pixels.size(); i += 4) EXPECT_EQ(out.pixels[i], 255);
  EXPECT_EQ(out.at(0, 0)[0], 255);  // transparent: the background
  EXPECT_EQ(out.at(1, 1)[0], 127);  // half black over white, in sRGB as editors do
}

TEST(Compose, CompositeOver) {
  Rgba8Image bottom = solid(2, 0, 0, 255, 255);
  Rgba8Image top = solid(2, 255, 0, 0, 0);
  top.at(1, 1)[3] = 255;
  top.at(0, 1)[3] = 51;
  composite_over(top, bottom);
  EXPECT_EQ(bottom.at(0, 0)[2], 255);
  EXPECT_EQ(bottom.at(1, 1)[0], 255);
  EXPECT_EQ(bottom.at(1, 1)[2], 0);
  EXPECT_EQ(bottom.at(0, 1)[0], 51);
  EXPECT_EQ(bottom.at(0, 1)[2], 204);
  EXPECT_EQ(bottom.at(0, 1)[3], 255);
}

TEST(Compose, RoundedMaskIsSymmetricAndAntialiased) {
  Rgba8Image image = solid(48, 200, 100, 50, 255);
  mask_rounded_rect(image, {4, 4, 40, 40}, 20); // a circle
  EXPECT_EQ(image.at(24, 24)[3], 255);
  EXPECT_EQ(image.at(0, 0)[3], 0);
  EXPECT_EQ(image.at(0, 0)[0], 0); // cleared colour where fully transparent
  EXPECT_EQ(image.at(5, 5)[3], 0); // the corner of the inner square lies outside the circle
  int partial = 0;
  for (int y = 0; y < 48; ++y)
    for (int x = 0; x < 48; ++x) {
      EXPECT_EQ(image.at(x, y)[3], image.at(47 - x, y)[3]);
      EXPECT_EQ(image.at(x, y)[3], image.at(y, x)[3]);
      partial += image.at(x, y)[3] > 0 && image.at(x, y)[3] < 255;
    }
  EXPECT_GT(partial, 40); // the edge is anti-aliased
  Rgba8Image square = solid(48, 1, 2, 3, 255);
  mask_rounded_rect(square, {4, 4, 40, 40}, 4);
  EXPECT_EQ(square.at(4, 24)[3], 255); // straight edges are untouched
  EXPECT_EQ(square.at(3, 24)[3], 0);
  EXPECT_LT(square.at(4, 4)[3], 128);
}

} // namespace
} // namespace weft::bundlers

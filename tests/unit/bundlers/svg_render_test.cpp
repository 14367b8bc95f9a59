#include "test_dir.hpp"

#include <weft/bundlers/icon_source.hpp>
#include <weft/bundlers/srgb.hpp>
#include <weft/bundlers/svg_render.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace weft::bundlers {
namespace {

constexpr std::string_view k_half_red =
    R"(<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="50" height="100" fill="#ff0000"/></svg>)";

TEST(Svg, Sniffing) {
  EXPECT_TRUE(looks_like_svg(k_half_red));
  EXPECT_TRUE(looks_like_svg("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE svg>\n<svg>"));
  EXPECT_FALSE(looks_like_svg("<html><svg>"));
  EXPECT_FALSE(looks_like_svg("\x89PNG"));
  EXPECT_FALSE(looks_like_svg("<svgfoo>"));
}

TEST(Svg, SizeAndRenderAtTargetSize) {
  Result<SvgDocument> doc = SvgDocument::parse(std::string(k_half_red), "half.svg");
  ASSERT_TRUE(doc) << doc.error().message();
  EXPECT_EQ(doc->width(), 100);
  EXPECT_EQ(doc->height(), 100);
  Result<Image> image = doc->render(16, 16, {0, 0, 100, 100}, {0, 0, 16, 16});
  ASSERT_TRUE(image);
  const Rgba8Image px = to_rgba8(*image);
  EXPECT_EQ(px.at(2, 8)[0], 255);
  EXPECT_EQ(px.at(2, 8)[3], 255);
  EXPECT_EQ(px.at(12, 8)[3], 0);
  // Drawn at 16 px directly: the boundary at x = 8 is sharp.
  EXPECT_EQ(px.at(7, 8)[3], 255);
  EXPECT_EQ(px.at(8, 8)[3], 0);
}

TEST(Svg, RendersAWindowIntoARectangle) {
  Result<SvgDocument> doc = SvgDocument::parse(std::string(k_half_red), "half.svg");
  ASSERT_TRUE(doc);
  // The right half of the document (transparent) into the left of the canvas,
  // the left half (red) nowhere.
  Result<Image> image = doc->render(20, 20, {50, 0, 50, 100}, {0, 0, 10, 20});
  ASSERT_TRUE(image);
  for (float v : image->pixels) EXPECT_EQ(v, 0.0f);
  Result<Image> shifted = doc->render(20, 20, {0, 0, 100, 100}, {10, 0, 10, 10});
  ASSERT_TRUE(shifted);
  const Rgba8Image px = to_rgba8(*shifted);
  EXPECT_EQ(px.at(11, 5)[3], 255);
  EXPECT_EQ(px.at(5, 5)[3], 0);   // left of the rectangle: clipped away
  EXPECT_EQ(px.at(11, 15)[3], 0); // below it too
}

TEST(Svg, WithoutSizeIsAnError) {
  for (std::string text : {R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>)",
                           R"(<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="100%"/>)"}) {
    Result<SvgDocument> doc = SvgDocument::parse(text, "nosize.svg");
    ASSERT_FALSE(doc);
    EXPECT_EQ(doc.error().code(), ExitCode::input);
    EXPECT_EQ(doc.error().location().file, "nosize.svg");
    EXPECT_NE(doc.error().message().find("no size"), std::string::npos);
  }
}

TEST(Svg, MalformedIsAnError) {
  Result<SvgDocument> doc = SvgDocument::parse("<svg width=\"10\" height=\"10\"><rect", "bad.svg");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().message().find('\n'), std::string::npos);
}

TEST(Svg, ParallelRendersAgree) {
  Result<SvgDocument> doc = SvgDocument::parse(std::string(k_half_red), "half.svg");
  ASSERT_TRUE(doc);
  std::vector<std::vector<float>> results(6);
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < results.size(); ++i)
      threads.emplace_back([&, i] { results[i] = doc->render(37, 37, {0, 0, 100, 100}, {0, 0, 37, 37})->pixels; });
  }
  for (const auto& r : results) EXPECT_EQ(r, results[0]);
}

TEST(IconSource, LoadsByContentNotName) {
  test::TempDir dir;
  std::ofstream(dir / "icon.png") << k_half_red; // an SVG with a .png name
  Result<IconSource> svg = IconSource::load(dir / "icon.png");
  ASSERT_TRUE(svg) << svg.error().message();
  EXPECT_EQ(svg->kind(), IconSource::Kind::vector);
  std::ofstream(dir / "notes.txt") << "hello";
  Result<IconSource> text = IconSource::load(dir / "notes.txt");
  ASSERT_FALSE(text);
  EXPECT_NE(text.error().message().find("not a PNG or SVG"), std::string::npos);
  EXPECT_FALSE(IconSource::load(dir / "missing.png"));
}

TEST(IconSource, ContentBounds) {
  Result<SvgDocument> doc = SvgDocument::parse(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><rect x="50" y="20" width="100" height="40"/></svg>)",
      "box.svg");
  ASSERT_TRUE(doc);
  const IconSource svg = IconSource::from_svg(std::move(*doc), "box.svg");
  Result<SourceRect> b = svg.content_bounds();
  ASSERT_TRUE(b);
  EXPECT_NEAR(b->x, 50, 0.5);
  EXPECT_NEAR(b->y, 20, 0.5);
  EXPECT_NEAR(b->width, 100, 0.5);
  EXPECT_NEAR(b->height, 40, 0.5);

  Image raster(10, 10);
  raster.row(3)[4 * 4 + 3] = 1.0f;
  raster.row(6)[8 * 4 + 3] = 0.5f;
  Result<SourceRect> rb = IconSource::from_image(std::move(raster), "r").content_bounds();
  ASSERT_TRUE(rb);
  EXPECT_EQ(rb->x, 4);
  EXPECT_EQ(rb->y, 3);
  EXPECT_EQ(rb->width, 5);
  EXPECT_EQ(rb->height, 4);
}

} // namespace
} // namespace weft::bundlers

#include <weft/bundlers/pyramid.hpp>
#include <weft/bundlers/resample.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace weft::bundlers {
namespace {

Image filled(int w, int h, float r, float g, float b, float a) {
  Image image(w, h);
  for (std::size_t i = 0; i < image.pixels.size(); i += 4) {
    image.pixels[i] = r * a;
    image.pixels[i + 1] = g * a;
    image.pixels[i + 2] = b * a;
    image.pixels[i + 3] = a;
  }
  return image;
}

Image stripes(int w, int h) {
  Image image(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      float* p = image.row(y) + static_cast<std::size_t>(x) * 4;
      const float v = ((x / 3 + y / 5) % 2) ? 1.0f : 0.0f;
      p[0] = v;
      p[1] = 1 - v;
      p[2] = 0.25f;
      p[3] = 1;
    }
  return image;
}

TEST(Lanczos3, Kernel) {
  EXPECT_DOUBLE_EQ(lanczos3(0), 1.0);
  for (int i = 1; i <= 3; ++i) {
    EXPECT_NEAR(lanczos3(i), 0.0, 1e-15);
    EXPECT_NEAR(lanczos3(-i), 0.0, 1e-15);
  }
  EXPECT_EQ(lanczos3(3.5), 0.0);
  EXPECT_DOUBLE_EQ(lanczos3(0.7), lanczos3(-0.7));
  EXPECT_LT(lanczos3(1.5), 0.0); // the negative lobe that keeps edges sharp
}

TEST(Resample, SameSizeIsIdentity) {
  const Image image = stripes(37, 23);
  EXPECT_EQ(resample(image, 37, 23).pixels, image.pixels);
  // Also through the general path: a same-size window at an integer offset is a crop.
  const Image crop = resample(image, SourceRect{5, 4, 20, 10}, 20, 10);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 20; ++x)
      for (int c = 0; c < 4; ++c)
        EXPECT_FLOAT_EQ(crop.row(y)[x * 4 + c], image.row(y + 4)[(x + 5) * 4 + c]);
}

TEST(Resample, ExactSizes) {
  const Image image = stripes(100, 60);
  for (auto [w, h] : {std::pair{1, 1}, {7, 3}, {99, 61}, {250, 17}}) {
    const Image out = resample(image, w, h);
    EXPECT_EQ(out.width, w);
    EXPECT_EQ(out.height, h);
    EXPECT_EQ(out.pixels.size(), static_cast<std::size_t>(w) * h * 4);
  }
}

// Renormalised edge taps: a flat colour stays flat everywhere, edges included,
// shrinking and enlarging.
TEST(Resample, FlatStaysFlat) {
  const Image image = filled(64, 64, 0.2f, 0.5f, 0.9f, 0.75f);
  for (int size : {1, 5, 16, 63, 64, 65, 200}) {
    const Image out = resample(image, size, size);
    for (std::size_t i = 0; i < out.pixels.size(); i += 4) {
      ASSERT_NEAR(out.pixels[i], 0.2f * 0.75f, 1e-5) << size;
      ASSERT_NEAR(out.pixels[i + 1], 0.5f * 0.75f, 1e-5);
      ASSERT_NEAR(out.pixels[i + 2], 0.9f * 0.75f, 1e-5);
      ASSERT_NEAR(out.pixels[i + 3], 0.75f, 1e-5);
    }
  }
}

TEST(Resample, KeepsTheMean) {
  const Image image = stripes(96, 96);
  const Image out = resample(image, 32, 32);
  double in_sum = 0, out_sum = 0;
  for (float v : image.pixels) in_sum += v;
  for (float v : out.pixels) out_sum += v;
  EXPECT_NEAR(out_sum / out.pixels.size(), in_sum / image.pixels.size(), 2e-3);
}

TEST(Pyramid, HalvesDownToTheMinimum) {
  Pyramid pyramid(filled(1000, 1000, 1, 1, 1, 1));
  ASSERT_EQ(pyramid.levels(), 8); // 1000 500 250 125 63 32 16 8
  EXPECT_EQ(pyramid.level(3).width, 125);
  EXPECT_EQ(pyramid.level(6).width, 16);
}

TEST(Pyramid, ChoosesALevelWithEnoughPixels) {
  Pyramid pyramid(stripes(1024, 1024));
  const SourceRect whole{0, 0, 1024, 1024};
  EXPECT_EQ(pyramid.choose(whole, 1024, 1024).image, &pyramid.base());
  EXPECT_EQ(pyramid.choose(whole, 600, 600).image, &pyramid.base());
  EXPECT_EQ(pyramid.choose(whole, 512, 512).image, &pyramid.level(1)); // exactly level 1
  EXPECT_EQ(pyramid.choose(whole, 341, 341).image, &pyramid.level(1)); // 512 ≥ 1.5 × 341
  EXPECT_EQ(pyramid.choose(SourceRect{1, 0, 1023, 1024}, 512, 512).image, &pyramid.base()); // a window
  EXPECT_EQ(pyramid.choose(whole, 342, 342).image, &pyramid.base());
  const Pyramid::Choice c = pyramid.choose(whole, 22, 22);
  EXPECT_EQ(c.image->width, 64); // 32 would be under 1.5 × 22
  EXPECT_DOUBLE_EQ(c.from.width, 64.0);
  // A window scales with its level.
  const Pyramid::Choice w = pyramid.choose(SourceRect{100, 200, 512, 512}, 50, 50);
  EXPECT_EQ(w.image->width, 256); // 128 level pixels ≥ 1.5 × 50; 64 would not be
  EXPECT_DOUBLE_EQ(w.from.x, 25.0);
  EXPECT_DOUBLE_EQ(w.from.width, 128.0);
}

TEST(Pyramid, LevelsAreBuiltOnceUnderConcurrency) {
  Pyramid pyramid(stripes(512, 512));
  std::vector<const Image*> seen(8);
  {
    std::vector<std::jthread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t) threads.emplace_back([&, t] { seen[t] = &pyramid.level(4); });
  }
  for (const Image* p : seen) EXPECT_EQ(p, seen[0]);
  EXPECT_EQ(seen[0]->pixels, resample(resample(resample(resample(stripes(512, 512), 256, 256), 128, 128), 64, 64), 32, 32).pixels);
}

} // namespace
} // namespace weft::bundlers

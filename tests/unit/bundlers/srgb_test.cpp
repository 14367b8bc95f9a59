#include "icon_test_util.hpp"

#include <weft/bundlers/srgb.hpp>

#include <gtest/gtest.h>

namespace weft::bundlers {
namespace {

TEST(Srgb, TransferFunctionRoundTrips) {
  for (int i = 0; i <= 1000; ++i) EXPECT_NEAR(linear_to_srgb(srgb_to_linear(i / 1000.0)), i / 1000.0, 1e-12);
  EXPECT_NEAR(srgb_to_linear(0.5), 0.214041, 1e-6);
}

TEST(Srgb, TablesAgreeWithTheFormula) {
  for (int code = 0; code < 256; ++code) {
    EXPECT_FLOAT_EQ(srgb8_to_linear(static_cast<std::uint8_t>(code)),
                    static_cast<float>(srgb_to_linear(code / 255.0)));
    EXPECT_EQ(linear_to_srgb8(srgb8_to_linear(static_cast<std::uint8_t>(code))), code);
  }
  EXPECT_EQ(linear_to_srgb8(-0.5f), 0);
  EXPECT_EQ(linear_to_srgb8(7.0f), 255);
}

TEST(Srgb, EightBitRoundTripAtEveryAlpha) {
  Rgba8Image image(256, 8);
  const std::uint8_t alphas[8] = {0, 1, 2, 17, 64, 128, 254, 255};
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 256; ++x) {
      std::uint8_t* p = image.at(x, y);
      p[0] = static_cast<std::uint8_t>(x);
      p[1] = static_cast<std::uint8_t>(255 - x);
      p[2] = static_cast<std::uint8_t>(x / 2);
      p[3] = alphas[y];
    }
  const Rgba8Image back = to_rgba8(to_linear(image));
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 256; ++x) {
      const std::uint8_t* want = image.at(x, y);
      const std::uint8_t* got = back.at(x, y);
      if (want[3] == 0) {
        EXPECT_EQ(got[0] | got[1] | got[2] | got[3], 0); // transparent carries no colour
        continue;
      }
      for (int c = 0; c < 4; ++c) ASSERT_EQ(got[c], want[c]) << x << "," << y << " channel " << c;
    }
}

TEST(Srgb, OvershootIsClamped) {
  Image image(2, 1);
  image.pixels = {1.5f, -0.2f, 0.3f, 0.5f, 0.1f, 0.1f, 0.1f, -0.01f};
  const Rgba8Image out = to_rgba8(image);
  EXPECT_EQ(out.pixels[0], 255); // colour above alpha: white at that alpha
  EXPECT_EQ(out.pixels[1], 0);
  EXPECT_EQ(out.pixels[3], 128);
  EXPECT_EQ(out.pixels[4] | out.pixels[5] | out.pixels[6] | out.pixels[7], 0);
}

} // namespace
} // namespace weft::bundlers

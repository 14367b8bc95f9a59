#include "icon_test_util.hpp"

#include <weft/bundlers/png_codec.hpp>
#include <weft/bundlers/srgb.hpp>

#include <png.h>
#include <zlib.h> // crc32, to forge a header

#include <gtest/gtest.h>

#include <csetjmp>

namespace weft::bundlers {
namespace {

// A PNG written by libpng's own low-level API in any format, so that the
// decoder meets every variant a user's editor can produce.
struct RawPng {
  int width = 0;
  int height = 0;
  int bit_depth = 8;
  int color_type = PNG_COLOR_TYPE_RGBA;
  bool interlaced = false;
  std::vector<std::vector<std::uint8_t>> rows; // packed samples, big-endian for 16-bit
  std::vector<png_color> palette;
  std::vector<std::uint8_t> trns_alpha; // palette alpha
  std::optional<png_color_16> trns_color; // grey or RGB colour key
  std::optional<double> gamma;           // gAMA (file gamma, e.g. 1/2.2)
};

void append(png_structp png, png_bytep data, png_size_t n) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), n);
}

std::string write_raw(RawPng& raw) {
  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  std::vector<png_bytep> rows;
  for (auto& r : raw.rows) rows.push_back(r.data());
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    ADD_FAILURE() << "libpng could not write the test image";
    return {};
  }
  png_set_write_fn(png, &out, append, nullptr);
  png_set_IHDR(png, info, static_cast<png_uint_32>(raw.width), static_cast<png_uint_32>(raw.height), raw.bit_depth,
               raw.color_type, raw.interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  if (!raw.palette.empty()) png_set_PLTE(png, info, raw.palette.data(), static_cast<int>(raw.palette.size()));
  if (!raw.trns_alpha.empty())
    png_set_tRNS(png, info, raw.trns_alpha.data(), static_cast<int>(raw.trns_alpha.size()), nullptr);
  if (raw.trns_color) png_set_tRNS(png, info, nullptr, 0, &*raw.trns_color);
  if (raw.gamma) png_set_gAMA(png, info, *raw.gamma);
  png_write_info(png, info);
  png_write_image(png, rows.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

const float* px(const Image& image, int x, int y) { return image.row(y) + static_cast<std::size_t>(x) * 4; }

void expect_pixel(const Image& image, int x, int y, double r, double g, double b, double a, double tolerance = 2e-3) {
  SCOPED_TRACE("pixel " + std::to_string(x) + "," + std::to_string(y));
  const float* p = px(image, x, y);
  EXPECT_NEAR(p[0], r * a, tolerance);
  EXPECT_NEAR(p[1], g * a, tolerance);
  EXPECT_NEAR(p[2], b * a, tolerance);
  EXPECT_NEAR(p[3], a, tolerance);
}

double lin(double srgb) { return test::srgb_to_linear(srgb); }

Image decode_ok(const std::string& bytes) {
  Result<Image> image = decode_png(bytes, "test.png");
  EXPECT_TRUE(image) << (image ? "" : image.error().message());
  return image ? *image : Image();
}

TEST(PngDecode, LowBitDepthGrey) {
  for (int depth : {1, 2, 4}) {
    SCOPED_TRACE("depth " + std::to_string(depth));
    const int max = (1 << depth) - 1;
    RawPng raw{max + 1, 1, depth, PNG_COLOR_TYPE_GRAY, false, {}, {}, {}, {}, {}};
    std::vector<std::uint8_t> row(8, 0);
    for (int x = 0; x <= max; ++x) {
      const int bit = x * depth;
      row[static_cast<std::size_t>(bit / 8)] |= static_cast<std::uint8_t>(x << (8 - depth - bit % 8));
    }
    raw.rows.push_back(row);
    const Image image = decode_ok(write_raw(raw));
    ASSERT_EQ(image.width, max + 1);
    for (int x = 0; x <= max; ++x) {
      const double v = lin(static_cast<double>(x) / max);
      expect_pixel(image, x, 0, v, v, v, 1, 2e-3);
    }
  }
}

TEST(PngDecode, GreyWithColourKeyIsTransparentThere) {
  RawPng raw{2, 1, 8, PNG_COLOR_TYPE_GRAY, false, {{7, 200}}, {}, {}, png_color_16{0, 0, 0, 0, 7}, {}};
  const Image image = decode_ok(write_raw(raw));
  expect_pixel(image, 0, 0, 0, 0, 0, 0);
  EXPECT_NEAR(px(image, 1, 0)[0], lin(200 / 255.0), 1e-6);
  EXPECT_EQ(px(image, 1, 0)[3], 1.0f);
}

TEST(PngDecode, GreyAlpha8And16) {
  RawPng raw8{1, 1, 8, PNG_COLOR_TYPE_GRAY_ALPHA, false, {{128, 64}}, {}, {}, {}, {}};
  expect_pixel(decode_ok(write_raw(raw8)), 0, 0, lin(128 / 255.0), lin(128 / 255.0), lin(128 / 255.0), 64 / 255.0);
  RawPng raw16{1, 1, 16, PNG_COLOR_TYPE_GRAY_ALPHA, false, {{0x80, 0x80, 0x40, 0x40}}, {}, {}, {}, {}};
  const double g = lin(0x8080 / 65535.0);
  expect_pixel(decode_ok(write_raw(raw16)), 0, 0, g, g, g, 0x4040 / 65535.0);
}

TEST(PngDecode, RgbWithColourKey) {
  RawPng raw{2, 1, 8, PNG_COLOR_TYPE_RGB, false, {{10, 20, 30, 200, 100, 50}}, {}, {},
             png_color_16{0, 10, 20, 30, 0}, {}};
  const Image image = decode_ok(write_raw(raw));
  expect_pixel(image, 0, 0, 0, 0, 0, 0);
  expect_pixel(image, 1, 0, lin(200 / 255.0), lin(100 / 255.0), lin(50 / 255.0), 1);
}

// libpng reads 16-bit samples without gAMA/sRGB as linear unless told
// otherwise; weft takes them as sRGB, like 8-bit ones.
TEST(PngDecode, SixteenBitWithoutGammaIsSrgb) {
  RawPng raw{1, 1, 16, PNG_COLOR_TYPE_RGB, false, {{0x80, 0x80, 0x40, 0x00, 0xff, 0xff}}, {}, {}, {}, {}};
  expect_pixel(decode_ok(write_raw(raw)), 0, 0, lin(0x8080 / 65535.0), lin(0x4000 / 65535.0), 1.0, 1.0);
}

TEST(PngDecode, SixteenBitRgba) {
  RawPng raw{1, 1, 16, PNG_COLOR_TYPE_RGBA, false, {{0xff, 0xff, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00}}, {}, {}, {}, {}};
  expect_pixel(decode_ok(write_raw(raw)), 0, 0, 1.0, 0.0, lin(0x8000 / 65535.0), 0x8000 / 65535.0);
}

TEST(PngDecode, GammaChunkIsHonoured) {
  // gAMA 1.0: the samples are linear already.
  RawPng raw{1, 1, 8, PNG_COLOR_TYPE_GRAY, false, {{128}}, {}, {}, {}, 1.0};
  EXPECT_NEAR(px(decode_ok(write_raw(raw)), 0, 0)[0], 128 / 255.0, 3e-3);
}

TEST(PngDecode, PaletteWithTransparencyAtEveryDepth) {
  for (int depth : {1, 2, 4, 8}) {
    SCOPED_TRACE("depth " + std::to_string(depth));
    RawPng raw{2, 1, depth, PNG_COLOR_TYPE_PALETTE, false, {}, {{255, 0, 0}, {0, 0, 255}}, {255, 51}, {}, {}};
    // Index 0 then index 1, packed from the high bits.
    const std::vector<std::uint8_t> row =
        depth == 8 ? std::vector<std::uint8_t>{0, 1} : std::vector<std::uint8_t>{static_cast<std::uint8_t>(1 << (8 - 2 * depth)), 0};
    raw.rows.push_back(row);
    const Image image = decode_ok(write_raw(raw));
    expect_pixel(image, 0, 0, 1, 0, 0, 1);
    expect_pixel(image, 1, 0, 0, 0, 1, 51 / 255.0);
  }
}

TEST(PngDecode, InterlacedEqualsProgressive) {
  RawPng raw{13, 11, 8, PNG_COLOR_TYPE_RGBA, false, {}, {}, {}, {}, {}};
  for (int y = 0; y < raw.height; ++y) {
    std::vector<std::uint8_t> row;
    for (int x = 0; x < raw.width; ++x)
      for (int c = 0; c < 4; ++c) row.push_back(static_cast<std::uint8_t>((x * 37 + y * 11 + c * 59) & 0xff));
    raw.rows.push_back(row);
  }
  const Image plain = decode_ok(write_raw(raw));
  raw.interlaced = true;
  const std::string interlaced_bytes = write_raw(raw);
  ASSERT_GT(interlaced_bytes.size(), 29u);
  EXPECT_EQ(interlaced_bytes[28], 1); // IHDR interlace method: Adam7
  const Image interlaced = decode_ok(interlaced_bytes);
  EXPECT_EQ(plain.pixels, interlaced.pixels);
}

std::string tiny_rgba_png() {
  RawPng raw{4, 4, 8, PNG_COLOR_TYPE_RGBA, false, {}, {}, {}, {}, {}};
  for (int y = 0; y < 4; ++y) raw.rows.push_back(std::vector<std::uint8_t>(16, static_cast<std::uint8_t>(y * 60)));
  return write_raw(raw);
}

TEST(PngDecode, CorruptFilesSayWhyInOneLine) {
  const std::string good = tiny_rgba_png();
  std::vector<std::string> bad = {"", "GIF89a....", good.substr(0, 8), good.substr(0, good.size() / 2)};
  std::string bad_crc = good;
  bad_crc[good.find("IDAT") + 6] ^= 0x55; // data byte of IDAT: CRC mismatch
  bad.push_back(bad_crc);
  for (const std::string& bytes : bad) {
    Result<Image> image = decode_png(bytes, "broken.png");
    ASSERT_FALSE(image);
    EXPECT_EQ(image.error().code(), ExitCode::input);
    EXPECT_EQ(image.error().location().file, "broken.png");
    EXPECT_EQ(image.error().message().find('\n'), std::string::npos) << image.error().message();
  }
}

TEST(PngDecode, RefusesHugeDimensionsBeforeAllocating) {
  std::string bytes = tiny_rgba_png();
  // IHDR width/height start 16 bytes in; rewrite them and fix the CRC.
  const std::uint32_t side = 100000;
  for (int i = 0; i < 2; ++i)
    for (int b = 0; b < 4; ++b) bytes[16 + i * 4 + b] = static_cast<char>((side >> (24 - 8 * b)) & 0xff);
  const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(bytes.data() + 12), 17);
  for (int b = 0; b < 4; ++b) bytes[29 + b] = static_cast<char>((crc >> (24 - 8 * b)) & 0xff);
  Result<Image> image = decode_png(bytes, "huge.png");
  ASSERT_FALSE(image);
  EXPECT_NE(image.error().message().find("limit"), std::string::npos) << image.error().message();
}

Rgba8Image gradient(int w, int h) {
  Rgba8Image image(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      std::uint8_t* p = image.at(x, y);
      p[0] = static_cast<std::uint8_t>(x * 255 / (w - 1));
      p[1] = static_cast<std::uint8_t>(y * 255 / (h - 1));
      p[2] = static_cast<std::uint8_t>((x + y) & 0xff);
      p[3] = static_cast<std::uint8_t>(255 - x);
    }
  return image;
}

TEST(PngEncode, DeterministicWithOnlyFixedChunks) {
  const Rgba8Image image = gradient(64, 48);
  Result<std::string> a = encode_png(image, PngChannels::rgba);
  Result<std::string> b = encode_png(image, PngChannels::rgba);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  std::vector<std::string> chunks = test::png_chunks(*a);
  ASSERT_GE(chunks.size(), 4u);
  EXPECT_EQ(chunks.front(), "IHDR");
  EXPECT_EQ(chunks[1], "sRGB");
  EXPECT_EQ(chunks.back(), "IEND");
  for (std::size_t i = 2; i + 1 < chunks.size(); ++i) EXPECT_EQ(chunks[i], "IDAT");
}

TEST(PngEncode, RoundTripsThroughLibpng) {
  const Rgba8Image image = gradient(64, 48);
  for (PngFilter filter : {PngFilter::none, PngFilter::sub, PngFilter::up, PngFilter::average, PngFilter::paeth,
                           PngFilter::adaptive, PngFilter::smallest}) {
    for (int level : {0, 1, 6, 12}) {
      Result<std::string> bytes = encode_png(image, PngChannels::rgba, {level, filter});
      ASSERT_TRUE(bytes);
      const test::DecodedPng back = test::read_png_with_libpng(*bytes);
      EXPECT_EQ(back.color_type, 6);
      EXPECT_EQ(back.rgba, image.pixels);
    }
  }
}

TEST(PngEncode, SmallestPicksTheSmallerOfNoneAndAdaptive) {
  Rgba8Image flat(64, 64);
  for (int y = 0; y < 64; ++y)
    for (int x = 0; x < 64; ++x) {
      std::uint8_t* p = flat.at(x, y);
      p[0] = static_cast<std::uint8_t>((x + y) * 2);
      p[3] = 255;
    }
  const std::size_t none = encode_png(flat, PngChannels::rgba, {6, PngFilter::none})->size();
  const std::size_t adaptive = encode_png(flat, PngChannels::rgba, {6, PngFilter::adaptive})->size();
  // 64 rows: decided on a band, which here says the same as the whole.
  EXPECT_EQ(encode_png(flat, PngChannels::rgba, {6, PngFilter::smallest})->size(), std::min(none, adaptive));
  EXPECT_FALSE(encode_png(flat, PngChannels::rgba, {13, PngFilter::none}));
}

TEST(PngEncode, RgbDropsAlpha) {
  Rgba8Image image = gradient(16, 16);
  for (std::size_t i = 3; i < image.pixels.size(); i += 4) image.pixels[i] = 255;
  Result<std::string> bytes = encode_png(image, PngChannels::rgb);
  ASSERT_TRUE(bytes);
  const test::DecodedPng back = test::read_png_with_libpng(*bytes);
  EXPECT_EQ(back.color_type, 2);
  EXPECT_EQ(back.rgba, image.pixels);
}

TEST(PngCodec, EncodeThenDecodeIsLinear) {
  const Rgba8Image image = gradient(32, 32);
  Result<std::string> bytes = encode_png(image, PngChannels::rgba);
  ASSERT_TRUE(bytes);
  const Image decoded = decode_ok(*bytes);
  EXPECT_EQ(to_rgba8(decoded).pixels, image.pixels);
}

} // namespace
} // namespace weft::bundlers

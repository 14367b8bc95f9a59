// The quality check: every output of a test pattern with fine stripes
// and a sharp alpha edge against a slow, exact reference downscale.
#include "icon_test_util.hpp"
#include "test_dir.hpp"

#include <weft/base/atomic_file.hpp>
#include <weft/base/file.hpp>
#include <weft/bundlers/icon_generator.hpp>
#include <weft/bundlers/icon_set.hpp>

#include <gtest/gtest.h>

#include <functional>
#include <map>

namespace weft::bundlers {
namespace {

using test::Picture;

constexpr int k_side = 1024;
constexpr std::uint8_t k_disc[3] = {255, 210, 0};

// Top half: opaque black/white stripes 1 to 8 pixels wide, vertical then
// horizontal, and coloured stripes. Bottom half: transparent black with a
// hard-edged yellow disc and a hard-edged half-transparent square.
std::vector<std::uint8_t> make_pattern() {
  std::vector<std::uint8_t> px(static_cast<std::size_t>(k_side) * k_side * 4, 0);
  constexpr int widths[8] = {1, 1, 2, 2, 3, 4, 6, 8};
  for (int y = 0; y < k_side; ++y) {
    for (int x = 0; x < k_side; ++x) {
      std::uint8_t* p = &px[(static_cast<std::size_t>(y) * k_side + x) * 4];
      if (y < 256) {
        const int w = widths[x / 128];
        const std::uint8_t v = (x / w) % 2 ? 255 : 0;
        p[0] = p[1] = p[2] = v;
        p[3] = 255;
      } else if (y < 512) {
        const int w = widths[x / 128];
        const bool on = (y / w) % 2 != 0;
        p[0] = on ? 230 : 20;
        p[1] = on ? 40 : 20;
        p[2] = on ? 40 : 200;
        p[3] = 255;
      } else {
        const double dx = x + 0.5 - 300;
        const double dy = y + 0.5 - 768;
        if (dx * dx + dy * dy <= 180.0 * 180.0) {
          p[0] = k_disc[0];
          p[1] = k_disc[1];
          p[2] = k_disc[2];
          p[3] = 255;
        } else if (x >= 620 && x < 900 && y >= 640 && y < 920) {
          p[0] = 40;
          p[1] = 200;
          p[2] = 90;
          p[3] = 128;
        }
      }
    }
  }
  return px;
}

std::string encode_with_libpng(const std::vector<std::uint8_t>& rgba, int side) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(side);
  image.height = static_cast<png_uint_32>(side);
  image.format = PNG_FORMAT_RGBA;
  png_alloc_size_t size = 0;
  EXPECT_TRUE(png_image_write_to_memory(&image, nullptr, &size, 0, rgba.data(), 0, nullptr));
  std::string out(size, '\0');
  EXPECT_TRUE(png_image_write_to_memory(&image, out.data(), &size, 0, rgba.data(), 0, nullptr));
  out.resize(size);
  return out;
}

// Edge pixels (partly transparent in the reference) whose colour is darker
// than the reference's by more than `tolerance` 8-bit steps: a dark halo.
int dark_halo_pixels(const std::vector<std::uint8_t>& got, const Picture& want, int tolerance) {
  int count = 0;
  for (int y = want.height / 2; y < want.height; ++y) {
    for (int x = 0; x < want.width; ++x) {
      const double* w = want.at(x, y);
      if (w[3] < 0.1 || w[3] > 0.9) continue;
      const std::uint8_t* g = &got[(static_cast<std::size_t>(y) * want.width + x) * 4];
      for (int c = 0; c < 3; ++c)
        if (g[c] < w[c] * 255.0 - tolerance) {
          ++count;
          break;
        }
    }
  }
  return count;
}

class IconQuality : public ::testing::Test {
protected:
  static void SetUpTestSuite() { s_pattern = new std::vector<std::uint8_t>(make_pattern()); }
  static void TearDownTestSuite() { delete s_pattern; }

  const Picture& reference(int size) {
    auto it = m_references.find(size);
    if (it == m_references.end())
      it = m_references.emplace(size, test::reference_downscale(*s_pattern, k_side, k_side, size, size)).first;
    return it->second;
  }

  static std::vector<std::uint8_t>* s_pattern;
  std::map<int, Picture> m_references;
};
std::vector<std::uint8_t>* IconQuality::s_pattern = nullptr;

// What an output should look like, from the table's description of it.
struct Expected {
  Picture picture;
  std::function<bool(int, int)> compared; // pixels the comparison covers
};

Expected expected_for(const ImageSpec& spec, const std::function<const Picture&(int)>& ref) {
  const int size = spec.size;
  switch (spec.look) {
    case Look::plain: return {ref(size), [](int, int) { return true; }};
    case Look::opaque: {
      Picture p = ref(size);
      for (std::size_t i = 0; i < p.rgba.size(); i += 4) {
        const double a = p.rgba[i + 3];
        for (int c = 0; c < 3; ++c) p.rgba[i + static_cast<std::size_t>(c)] = p.rgba[i + static_cast<std::size_t>(c)] * a + (1 - a);
        p.rgba[i + 3] = 1;
      }
      return {p, [](int, int) { return true; }};
    }
    case Look::launcher_square:
    case Look::launcher_round: {
      const bool round = spec.look == Look::launcher_round;
      const int margin = static_cast<int>(std::lround(size * (round ? 0.04 : 0.0833)));
      const int inner = size - 2 * margin;
      const Picture& small = ref(inner);
      Picture p(size, size);
      for (int y = 0; y < inner; ++y)
        for (int x = 0; x < inner; ++x)
          for (int c = 0; c < 4; ++c) p.at(x + margin, y + margin)[c] = small.at(x, y)[c];
      // Compare well inside the mask only: its anti-aliased edge is not a resampling matter.
      const double r = round ? inner / 2.0 : margin;
      auto inside = [=](int x, int y) {
        const double cx = size / 2.0;
        const double qx = std::abs(x + 0.5 - cx) - (inner / 2.0 - r);
        const double qy = std::abs(y + 0.5 - cx) - (inner / 2.0 - r);
        const double d = std::hypot(std::max(qx, 0.0), std::max(qy, 0.0)) + std::min(std::max(qx, qy), 0.0) - r;
        return d < -1.5;
      };
      return {p, inside};
    }
    case Look::adaptive_icon:
    case Look::background_color: break;
  }
  return {Picture(0, 0), [](int, int) { return false; }};
}

std::uint32_t be32(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}
std::uint32_t le32(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

// The PNGs inside a file, in order.
std::vector<std::string_view> images_in(const GeneratedFile& file) {
  std::string_view b = file.bytes;
  std::vector<std::string_view> out;
  switch (file.format) {
    case IconFormat::png: out.push_back(b); break;
    case IconFormat::ico: {
      const std::size_t count = static_cast<unsigned char>(b[4]) | static_cast<unsigned char>(b[5]) << 8;
      for (std::size_t i = 0; i < count; ++i)
        out.push_back(b.substr(le32(b, 6 + i * 16 + 12), le32(b, 6 + i * 16 + 8)));
      break;
    }
    case IconFormat::icns:
      for (std::size_t at = 8; at + 8 <= b.size(); at += be32(b, at + 4)) out.push_back(b.substr(at + 8, be32(b, at + 4) - 8));
      break;
    case IconFormat::xml: break;
  }
  return out;
}

TEST_F(IconQuality, EveryOutputMatchesTheExactReference) {
  test::TempDir dir;
  ASSERT_TRUE(write_file_atomic(dir / "pattern.png", encode_with_libpng(*s_pattern, k_side)));
  IconRequest request;
  request.input = dir / "pattern.png";
  Result<GeneratedIcons> icons = generate_icons(request);
  ASSERT_TRUE(icons) << icons.error().message();

  std::vector<PlannedFile> plan = plan_icon_set({});
  ASSERT_EQ(plan.size(), icons->files.size());
  auto ref = [this](int size) -> const Picture& { return reference(size); };
  int compared = 0;
  double worst = 99;
  for (std::size_t f = 0; f < plan.size(); ++f) {
    const std::vector<std::string_view> pngs = images_in(icons->files[f]);
    if (plan[f].format == IconFormat::xml) continue;
    ASSERT_EQ(pngs.size(), plan[f].images.size()) << plan[f].path;
    for (std::size_t i = 0; i < pngs.size(); ++i) {
      const ImageSpec& spec = plan[f].images[i];
      SCOPED_TRACE(plan[f].path + " image " + std::to_string(i) + " (" + std::to_string(spec.size) + " px)");
      const test::DecodedPng got = test::read_png_with_libpng(pngs[i]);
      ASSERT_EQ(got.width, spec.size);
      ASSERT_EQ(got.height, spec.size);
      const Expected want = expected_for(spec, ref);
      const double db = test::psnr(got.rgba, want.picture, want.compared);
      EXPECT_GE(db, 40.0);
      worst = std::min(worst, db);
      if (spec.look == Look::plain) {
        EXPECT_EQ(dark_halo_pixels(got.rgba, want.picture, 4), 0);
      }
      ++compared;
    }
  }
  EXPECT_EQ(compared, 65); // 5 desktop + 10 store + 6 ico + 11 icns + 15 Android + 18 iOS
  std::printf("lowest PSNR of %d images: %.1f dB\n", compared, worst);
}

// The checks above can fail: a naive resize (sRGB values averaged as if they
// were light, alpha not premultiplied) is caught by both.
TEST_F(IconQuality, NaiveResizingFailsTheChecks) {
  const int size = 64;
  // Naive: Lanczos on the raw 8-bit values, each channel on its own.
  std::vector<std::uint8_t> raw_as_linear(s_pattern->size());
  for (std::size_t i = 0; i < raw_as_linear.size(); i += 4) {
    // encode so that the exact reference's sRGB decoding yields the raw value
    // scaled by 1 (no premultiplication: alpha is made opaque here and
    // applied back below)
    for (int c = 0; c < 3; ++c)
      raw_as_linear[i + static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(
          std::lround(test::linear_to_srgb((*s_pattern)[i + static_cast<std::size_t>(c)] / 255.0) * 255.0));
    raw_as_linear[i + 3] = 255;
  }
  const Picture colour = test::reference_downscale(raw_as_linear, k_side, k_side, size, size);
  std::vector<std::uint8_t> alpha_only(s_pattern->size());
  for (std::size_t i = 0; i < alpha_only.size(); i += 4) {
    alpha_only[i] = alpha_only[i + 1] = alpha_only[i + 2] = 255;
    alpha_only[i + 3] = (*s_pattern)[i + 3];
  }
  const Picture alpha = test::reference_downscale(alpha_only, k_side, k_side, size, size);
  std::vector<std::uint8_t> naive(static_cast<std::size_t>(size) * size * 4);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      std::uint8_t* p = &naive[(static_cast<std::size_t>(y) * size + x) * 4];
      for (int c = 0; c < 3; ++c)
        p[c] = static_cast<std::uint8_t>(std::lround(std::clamp(test::srgb_to_linear(colour.at(x, y)[c]), 0.0, 1.0) * 255));
      p[3] = static_cast<std::uint8_t>(std::lround(alpha.at(x, y)[3] * 255));
    }
  const Picture& want = reference(size);
  EXPECT_LT(test::psnr(naive, want, [](int, int y) { return y < size / 2; }), 40.0);
  EXPECT_GT(dark_halo_pixels(naive, want, 4), 10);
}

} // namespace
} // namespace weft::bundlers

#pragma once

// Helpers for the bundlers tests that do not go through the code under test:
// PNGs are read back with libpng's simplified API, and reference images are
// computed in double precision straight from the definitions.

#include <weft/bundlers/image.hpp>

#include <png.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

namespace weft::test {

// A PNG decoded by libpng as 8-bit sRGB RGBA (straight alpha), with its
// header's colour type.
struct DecodedPng {
  int width = 0;
  int height = 0;
  int color_type = -1;
  std::vector<std::uint8_t> rgba;
};

inline DecodedPng read_png_with_libpng(std::string_view bytes) {
  DecodedPng out;
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) {
    ADD_FAILURE() << "libpng cannot read the PNG: " << image.message;
    return out;
  }
  out.color_type = (image.format & PNG_FORMAT_FLAG_ALPHA ? 4 : 0) | (image.format & PNG_FORMAT_FLAG_COLOR ? 2 : 0);
  image.format = PNG_FORMAT_RGBA;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.rgba.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height) * 4);
  if (!png_image_finish_read(&image, nullptr, out.rgba.data(), 0, nullptr))
    ADD_FAILURE() << "libpng cannot decode the PNG: " << image.message;
  return out;
}

// The chunk types of a PNG, in order.
inline std::vector<std::string> png_chunks(std::string_view bytes) {
  std::vector<std::string> chunks;
  std::size_t at = 8;
  while (at + 12 <= bytes.size()) {
    const auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])); };
    const std::uint32_t length = b(at) << 24 | b(at + 1) << 16 | b(at + 2) << 8 | b(at + 3);
    chunks.emplace_back(bytes.substr(at + 4, 4));
    at += 12 + length;
  }
  return chunks;
}

inline double srgb_to_linear(double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); }
inline double linear_to_srgb(double v) {
  return v <= 0.0031308 ? v * 12.92 : 1.055 * std::pow(v, 1.0 / 2.4) - 0.055;
}

// A straight-alpha sRGB picture in doubles (0..1), the test's own format.
struct Picture {
  int width = 0;
  int height = 0;
  std::vector<double> rgba;

  Picture(int w, int h) : width(w), height(h), rgba(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4) {}
  double* at(int x, int y) { return &rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + x) * 4]; }
  const double* at(int x, int y) const {
    return &rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + x) * 4];
  }
};

inline std::vector<std::uint8_t> to_rgba8(const Picture& p) {
  std::vector<std::uint8_t> out(p.rgba.size());
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::uint8_t>(std::lround(std::clamp(p.rgba[i], 0.0, 1.0) * 255.0));
  return out;
}

inline double lanczos3(double x) {
  if (x == 0) return 1;
  if (std::abs(x) >= 3) return 0;
  const double px = std::numbers::pi * x;
  return 3 * std::sin(px) * std::sin(px / 3) / (px * px);
}

// The slow, exact reference: Lanczos-3 (widened by the shrink factor) in
// linear light with premultiplied alpha, in double precision, pixel centres
// at half-integers, taps outside the source dropped and the rest
// renormalised; the result is 8-bit-exact straight sRGB (rounded here).
inline Picture reference_downscale(const std::vector<std::uint8_t>& rgba8, int sw, int sh, int dw, int dh) {
  // premultiplied linear source
  std::vector<double> src(rgba8.size());
  for (std::size_t i = 0; i < rgba8.size(); i += 4) {
    const double a = rgba8[i + 3] / 255.0;
    for (int c = 0; c < 3; ++c) src[i + static_cast<std::size_t>(c)] = srgb_to_linear(rgba8[i + static_cast<std::size_t>(c)] / 255.0) * a;
    src[i + 3] = a;
  }
  auto weights = [](int n_src, int n_dst, int i, int& first) {
    const double scale = static_cast<double>(n_src) / n_dst;
    const double fs = std::max(1.0, scale);
    const double centre = (i + 0.5) * scale;
    const int lo = std::max(0, static_cast<int>(std::floor(centre - 3 * fs)));
    const int hi = std::min(n_src, static_cast<int>(std::ceil(centre + 3 * fs)));
    std::vector<double> w;
    double sum = 0;
    for (int j = lo; j < hi; ++j) {
      w.push_back(lanczos3((j + 0.5 - centre) / fs));
      sum += w.back();
    }
    for (double& v : w) v /= sum;
    first = lo;
    return w;
  };
  // rows first (exact: the 2-D kernel is the product of the 1-D ones)
  std::vector<double> tmp(static_cast<std::size_t>(dw) * static_cast<std::size_t>(sh) * 4, 0.0);
  for (int x = 0; x < dw; ++x) {
    int first = 0;
    const std::vector<double> w = weights(sw, dw, x, first);
    for (int y = 0; y < sh; ++y)
      for (std::size_t k = 0; k < w.size(); ++k)
        for (int c = 0; c < 4; ++c)
          tmp[(static_cast<std::size_t>(y) * dw + x) * 4 + c] +=
              w[k] * src[(static_cast<std::size_t>(y) * sw + first + k) * 4 + c];
  }
  Picture out(dw, dh);
  for (int y = 0; y < dh; ++y) {
    int first = 0;
    const std::vector<double> w = weights(sh, dh, y, first);
    for (int x = 0; x < dw; ++x) {
      double acc[4] = {0, 0, 0, 0};
      for (std::size_t k = 0; k < w.size(); ++k)
        for (int c = 0; c < 4; ++c) acc[c] += w[k] * tmp[((first + k) * dw + x) * 4 + c];
      double* p = out.at(x, y);
      const double a = std::clamp(acc[3], 0.0, 1.0);
      const double a8 = std::round(a * 255) / 255;
      for (int c = 0; c < 3; ++c) p[c] = a8 > 0 ? linear_to_srgb(std::clamp(acc[c], 0.0, a) / a) : 0.0;
      p[3] = a8;
    }
  }
  return out;
}

// PSNR in dB of 8-bit RGBA against a reference, on alpha-weighted colour
// (the colour of a transparent pixel does not matter) and alpha; pixels
// outside `keep` (when given) are ignored.
template <typename Keep>
double psnr(const std::vector<std::uint8_t>& got, const Picture& want, Keep keep) {
  double sum = 0;
  std::size_t n = 0;
  for (int y = 0; y < want.height; ++y) {
    for (int x = 0; x < want.width; ++x) {
      if (!keep(x, y)) continue;
      const std::uint8_t* g = &got[(static_cast<std::size_t>(y) * want.width + x) * 4];
      const double* w = want.at(x, y);
      const double ga = g[3] / 255.0;
      for (int c = 0; c < 3; ++c) {
        const double d = g[c] * ga - w[c] * 255.0 * w[3];
        sum += d * d;
      }
      const double da = g[3] - w[3] * 255.0;
      sum += da * da;
      n += 4;
    }
  }
  if (n == 0 || sum == 0) return 99.0;
  return 10.0 * std::log10(255.0 * 255.0 / (sum / static_cast<double>(n)));
}

inline double psnr(const std::vector<std::uint8_t>& got, const Picture& want) {
  return psnr(got, want, [](int, int) { return true; });
}

} // namespace weft::test

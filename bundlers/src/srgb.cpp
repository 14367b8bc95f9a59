#include <weft/bundlers/srgb.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <memory>

namespace weft::bundlers {

namespace {

// 2^16 steps of linear light: near black, where sRGB is steepest (slope
// 12.92), one step is 1/20 of an 8-bit code, so the table rounds like the
// formula except within a hair of a code boundary.
constexpr int k_encode_steps = 65535;

const std::array<float, 256>& decode_table() {
  static const std::array<float, 256> table = [] {
    std::array<float, 256> t{};
    for (std::size_t i = 0; i < t.size(); ++i)
      t[i] = static_cast<float>(srgb_to_linear(static_cast<double>(i) / 255.0));
    return t;
  }();
  return table;
}

const std::uint8_t* encode_table() {
  static const std::unique_ptr<std::uint8_t[]> table = [] {
    auto t = std::make_unique<std::uint8_t[]>(k_encode_steps + 1);
    for (int i = 0; i <= k_encode_steps; ++i)
      t[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(
          std::lround(linear_to_srgb(static_cast<double>(i) / k_encode_steps) * 255.0));
    return t;
  }();
  return table.get();
}

} // namespace

double srgb_to_linear(double encoded) {
  if (encoded <= 0.04045) return encoded / 12.92;
  return std::pow((encoded + 0.055) / 1.055, 2.4);
}

double linear_to_srgb(double linear) {
  if (linear <= 0.0031308) return linear * 12.92;
  return 1.055 * std::pow(linear, 1.0 / 2.4) - 0.055;
}

float srgb8_to_linear(std::uint8_t code) { return decode_table()[code]; }

std::uint8_t linear_to_srgb8(float linear) {
  const float clamped = std::clamp(linear, 0.0f, 1.0f);
  return encode_table()[static_cast<std::size_t>(clamped * static_cast<float>(k_encode_steps) + 0.5f)];
}

Rgba8Image to_rgba8(const Image& image) {
  Rgba8Image out(image.width, image.height);
  const std::uint8_t* encode = encode_table();
  const std::size_t count = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
  const float* in = image.pixels.data();
  std::uint8_t* dst = out.pixels.data();
  for (std::size_t i = 0; i < count; ++i, in += 4, dst += 4) {
    const float alpha = std::clamp(in[3], 0.0f, 1.0f);
    const auto alpha8 = static_cast<std::uint8_t>(alpha * 255.0f + 0.5f);
    if (alpha8 == 0) continue; // already 0, 0, 0, 0
    const float scale = static_cast<float>(k_encode_steps) / alpha;
    for (int c = 0; c < 3; ++c) {
      // premultiplied colour cannot exceed alpha; clamp before dividing
      const float v = std::clamp(in[c], 0.0f, alpha) * scale;
      dst[c] = encode[static_cast<std::size_t>(v + 0.5f)];
    }
    dst[3] = alpha8;
  }
  return out;
}

Image to_linear(const Rgba8Image& image) {
  Image out(image.width, image.height);
  const std::array<float, 256>& decode = decode_table();
  const std::size_t count = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
  const std::uint8_t* in = image.pixels.data();
  float* dst = out.pixels.data();
  for (std::size_t i = 0; i < count; ++i, in += 4, dst += 4) {
    const float alpha = static_cast<float>(in[3]) / 255.0f;
    for (int c = 0; c < 3; ++c) dst[c] = decode[in[c]] * alpha;
    dst[3] = alpha;
  }
  return out;
}

} // namespace weft::bundlers

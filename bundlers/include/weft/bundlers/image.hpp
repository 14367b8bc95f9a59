#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace weft::bundlers {

// A picture in linear light with premultiplied alpha: four floats per pixel
// (R, G, B, A), rows top to bottom. Resampling and rendering work on this form,
// so that averaging pixels averages light and transparent pixels carry no
// colour (no dark fringes at transparent edges).
struct Image {
  int width = 0;
  int height = 0;
  std::vector<float> pixels; // width * height * 4, all 0 = transparent

  Image() = default;
  Image(int w, int h) : width(w), height(h), pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4, 0.0f) {}

  float* row(int y) { return pixels.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width) * 4; }
  const float* row(int y) const {
    return pixels.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width) * 4;
  }
};

// A rectangle of whole pixels.
struct PixelRect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;

  friend bool operator==(const PixelRect&, const PixelRect&) = default;
};

// What a PNG stores: 8-bit sRGB with straight (unassociated) alpha, four bytes
// per pixel (R, G, B, A).
struct Rgba8Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels; // width * height * 4

  Rgba8Image() = default;
  Rgba8Image(int w, int h)
      : width(w), height(h), pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4, 0) {}

  std::uint8_t* at(int x, int y) {
    return pixels.data() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4;
  }
  const std::uint8_t* at(int x, int y) const {
    return pixels.data() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4;
  }
};

} // namespace weft::bundlers

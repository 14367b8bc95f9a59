#include <weft/bundlers/icon_compose.hpp>

#include <algorithm>
#include <cmath>

namespace weft::bundlers {

namespace {

// Round half up; v is never negative here, so truncating v + 0.5 rounds.
std::uint8_t round_byte(double v) { return static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0) + 0.5); }

} // namespace

Rgba8Image flatten(const Rgba8Image& image, const Color& background) {
  Rgba8Image out(image.width, image.height);
  const std::uint8_t bg[3] = {background.r, background.g, background.b};
  const std::size_t count = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t* in = &image.pixels[i * 4];
    std::uint8_t* dst = &out.pixels[i * 4];
    const double a = in[3] / 255.0;
    for (int c = 0; c < 3; ++c) dst[c] = round_byte(in[c] * a + bg[c] * (1.0 - a));
    dst[3] = 255;
  }
  return out;
}

void composite_over(const Rgba8Image& top, Rgba8Image& bottom) {
  const std::size_t count = static_cast<std::size_t>(top.width) * static_cast<std::size_t>(top.height);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t* t = &top.pixels[i * 4];
    std::uint8_t* b = &bottom.pixels[i * 4];
    const double ta = t[3] / 255.0;
    if (ta == 0.0) continue;
    const double ba = b[3] / 255.0 * (1.0 - ta);
    const double a = ta + ba;
    for (int c = 0; c < 3; ++c) b[c] = round_byte((t[c] * ta + b[c] * ba) / a);
    b[3] = round_byte(a * 255.0);
  }
}

void mask_rounded_rect(Rgba8Image& image, const PixelRect& area, double radius) {
  const double half_w = area.width / 2.0;
  const double half_h = area.height / 2.0;
  radius = std::clamp(radius, 0.0, std::min(half_w, half_h));
  const double cx = area.x + half_w;
  const double cy = area.y + half_h;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      // Signed distance from the pixel centre to the rounded rectangle's edge.
      const double qx = std::abs(x + 0.5 - cx) - (half_w - radius);
      const double qy = std::abs(y + 0.5 - cy) - (half_h - radius);
      const double outside = std::hypot(std::max(qx, 0.0), std::max(qy, 0.0));
      const double distance = outside + std::min(std::max(qx, qy), 0.0) - radius;
      const double coverage = std::clamp(0.5 - distance, 0.0, 1.0);
      if (coverage >= 1.0) continue;
      std::uint8_t* p = image.at(x, y);
      p[3] = round_byte(p[3] * coverage);
      if (p[3] == 0) p[0] = p[1] = p[2] = 0;
    }
  }
}

} // namespace weft::bundlers

#pragma once

#include <weft/base/error.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace weft::bundlers {

// An 8-bit sRGB colour with straight alpha.
struct Color {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
  std::uint8_t a = 255;

  friend bool operator==(const Color&, const Color&) = default;
};

// A CSS colour (Color Module Level 4 sRGB forms): #rgb, #rgba, #rrggbb,
// #rrggbbaa, rgb()/rgba() with numbers or percentages and an optional alpha
// (comma- or space-separated), or one of the named colours, case-insensitive.
Result<Color> parse_css_color(std::string_view text);

// Android's resource form: #RRGGBB, or #AARRGGBB when not opaque.
std::string android_color(const Color& color);

} // namespace weft::bundlers

#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace weft::bundlers {

struct NamedColor {
  std::string_view name;
  std::uint32_t rgba; // 0xRRGGBBAA
};

extern const std::array<NamedColor, 149> k_css_named_colors;

} // namespace weft::bundlers

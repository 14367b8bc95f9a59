#pragma once

#include <weft/bundlers/image.hpp>

#include <cstdint>

namespace weft::bundlers {

// The sRGB transfer function (IEC 61966-2-1), both ways, on values in [0, 1].
double srgb_to_linear(double encoded);
double linear_to_srgb(double linear);

// Table lookups for the hot loops: an 8-bit code to linear light, and linear
// light (clamped to [0, 1]) to the nearest 8-bit code.
float srgb8_to_linear(std::uint8_t code);
std::uint8_t linear_to_srgb8(float linear);

// Linear premultiplied floats to 8-bit sRGB with straight alpha: alpha is
// rounded to 8 bits, colour is unpremultiplied, clamped (Lanczos overshoots)
// and encoded; a pixel whose 8-bit alpha is 0 becomes 0, 0, 0, 0.
Rgba8Image to_rgba8(const Image& image);

// 8-bit sRGB with straight alpha to linear premultiplied floats.
Image to_linear(const Rgba8Image& image);

} // namespace weft::bundlers

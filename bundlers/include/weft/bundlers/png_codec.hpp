#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/image.hpp>

#include <string>
#include <string_view>

namespace weft::bundlers {

// Largest width or height weft decodes; a larger header is refused before any
// pixel memory is allocated (a 1 KB file can claim 2^31 × 2^31 pixels).
inline constexpr int k_png_max_side = 16384;

// Whether `bytes` start with the PNG signature.
bool is_png(std::string_view bytes);

// Any PNG (bit depth 1 to 16, grey, grey+alpha, RGB, RGBA, palette, tRNS,
// interlaced or not) to linear light with premultiplied alpha, through the
// exact transfer function. A file is sRGB unless a gAMA chunk (without sRGB
// or iCCP) says another gamma; 16-bit files without gAMA are sRGB too
// (libpng's simplified API would take them as linear). `name` is used in
// errors, which say what is wrong in one line.
Result<Image> decode_png(std::string_view bytes, std::string_view name);

enum class PngChannels { rgb, rgba };

// PNG row filters (PNG spec §9). `adaptive` picks one per row by the
// minimum sum of absolute differences, as libpng does; `smallest` uses
// whichever of `none` and `adaptive` compresses the image (or, for a tall
// one, a band of its rows) better: flat artwork often compresses best
// unfiltered, gradients and photos filtered.
enum class PngFilter { none, sub, up, average, paeth, adaptive, smallest };

// How PNGs are compressed: a DEFLATE level of libdeflate (0 to 12) and the
// row filter. The default was chosen by measurement (bench/RESULTS.md,
// "weft icon (issue 10)").
struct PngEncodeSettings {
  int level;
  PngFilter filter;
};
extern const PngEncodeSettings k_png_default_settings;

// An 8-bit sRGB PNG, byte-for-byte deterministic: IHDR, sRGB, IDAT and IEND
// only (no time, text or other variable chunks), not interlaced. The
// datastream is written here and compressed with libdeflate, which
// compresses better than zlib at a given speed. `channels == rgb` drops the
// alpha channel (it must be opaque: iOS icons).
Result<std::string> encode_png(const Rgba8Image& image, PngChannels channels,
                               const PngEncodeSettings& settings = k_png_default_settings);

} // namespace weft::bundlers

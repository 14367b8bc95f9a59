#pragma once

#include <weft/bundlers/image.hpp>

namespace weft::bundlers {

// A rectangle of a source image in its pixel units; may be fractional.
struct SourceRect {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
};

// The Lanczos-3 kernel: sinc(x) · sinc(x / 3) for |x| < 3, else 0.
double lanczos3(double x);

// Resamples `rect` of `source` to exactly `width` × `height` pixels with a
// separable Lanczos-3 filter, widened by the shrink factor when shrinking so
// that it also low-passes. Works on linear premultiplied pixels, so the
// result is too. Pixel centres sit at half-integers; taps that fall outside
// the source are dropped and the rest renormalised (edges are not darkened).
Image resample(const Image& source, const SourceRect& rect, int width, int height);

// The whole of `source`.
Image resample(const Image& source, int width, int height);

} // namespace weft::bundlers

#include <weft/bundlers/resample.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <vector>

namespace weft::bundlers {

namespace {

// Four floats, one pixel: GCC and Clang map it onto one SSE/NEON register and
// keep the order of operations, so results do not depend on the machine.
using Pixel = float __attribute__((vector_size(16)));

Pixel load(const float* p) {
  Pixel v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

void store(float* p, Pixel v) { std::memcpy(p, &v, sizeof v); }

// For each output index, the first source index and the normalised weights
// of the source pixels that contribute to it.
struct Taps {
  int stride = 0;              // weights per output index (padded with 0)
  std::vector<int> first;      // first source index
  std::vector<int> count;      // contributing source pixels
  std::vector<float> weights;  // stride per output index
};

Taps make_taps(int source_length, double origin, double extent, int length) {
  const double scale = extent / length;
  const double filter_scale = std::max(1.0, scale);
  const double support = 3.0 * filter_scale;
  Taps taps;
  taps.stride = static_cast<int>(std::ceil(2.0 * support)) + 2;
  taps.first.resize(static_cast<std::size_t>(length));
  taps.count.resize(static_cast<std::size_t>(length));
  taps.weights.assign(static_cast<std::size_t>(length) * static_cast<std::size_t>(taps.stride), 0.0f);
  std::vector<double> w(static_cast<std::size_t>(taps.stride));
  for (int i = 0; i < length; ++i) {
    const double centre = origin + (i + 0.5) * scale;
    int lo = std::max(0, static_cast<int>(std::floor(centre - support)));
    int hi = std::min(source_length, static_cast<int>(std::ceil(centre + support)));
    double sum = 0;
    for (int j = lo; j < hi; ++j) {
      w[static_cast<std::size_t>(j - lo)] = lanczos3((j + 0.5 - centre) / filter_scale);
      sum += w[static_cast<std::size_t>(j - lo)];
    }
    if (hi <= lo || std::abs(sum) < 1e-12) { // the centre lies outside the source: nearest pixel
      lo = std::clamp(static_cast<int>(std::floor(centre)), 0, source_length - 1);
      hi = lo + 1;
      w[0] = sum = 1.0;
    }
    // Drop zero weights at both ends (exact 0 at integer offsets when the scale is 1).
    while (hi - lo > 1 && w[0] == 0.0) {
      std::copy(w.begin() + 1, w.begin() + (hi - lo), w.begin());
      ++lo;
    }
    while (hi - lo > 1 && w[static_cast<std::size_t>(hi - lo - 1)] == 0.0) --hi;
    taps.first[static_cast<std::size_t>(i)] = lo;
    taps.count[static_cast<std::size_t>(i)] = hi - lo;
    float* out = &taps.weights[static_cast<std::size_t>(i) * static_cast<std::size_t>(taps.stride)];
    for (int k = 0; k < hi - lo; ++k) out[k] = static_cast<float>(w[static_cast<std::size_t>(k)] / sum);
  }
  return taps;
}

} // namespace

double lanczos3(double x) {
  if (x == 0.0) return 1.0;
  if (x <= -3.0 || x >= 3.0 || x == std::trunc(x)) return 0.0; // exact zeros, not sin(π n) ≈ 1e-16
  const double px = std::numbers::pi * x;
  return 3.0 * std::sin(px) * std::sin(px / 3.0) / (px * px);
}

Image resample(const Image& source, const SourceRect& rect, int width, int height) {
  if (rect.x == 0 && rect.y == 0 && rect.width == source.width && rect.height == source.height &&
      width == source.width && height == source.height)
    return source;

  const Taps across = make_taps(source.width, rect.x, rect.width, width);
  const Taps down = make_taps(source.height, rect.y, rect.height, height);

  // Source rows the vertical pass reads.
  int row_lo = source.height;
  int row_hi = 0;
  for (int j = 0; j < height; ++j) {
    row_lo = std::min(row_lo, down.first[static_cast<std::size_t>(j)]);
    row_hi = std::max(row_hi, down.first[static_cast<std::size_t>(j)] + down.count[static_cast<std::size_t>(j)]);
  }

  // Horizontal pass: those rows, narrowed to `width`.
  Image narrow(width, row_hi - row_lo);
  for (int y = row_lo; y < row_hi; ++y) {
    const float* in = source.row(y);
    float* out = narrow.row(y - row_lo);
    for (int x = 0; x < width; ++x) {
      const float* w = &across.weights[static_cast<std::size_t>(x) * static_cast<std::size_t>(across.stride)];
      const float* p = in + static_cast<std::size_t>(across.first[static_cast<std::size_t>(x)]) * 4;
      const int n = across.count[static_cast<std::size_t>(x)];
      Pixel sum{};
      for (int k = 0; k < n; ++k) sum += w[k] * load(p + static_cast<std::size_t>(k) * 4);
      store(out + static_cast<std::size_t>(x) * 4, sum);
    }
  }

  // Vertical pass: each output row is a weighted sum of narrowed rows.
  Image result(width, height);
  for (int y = 0; y < height; ++y) {
    float* out = result.row(y);
    const float* w = &down.weights[static_cast<std::size_t>(y) * static_cast<std::size_t>(down.stride)];
    const int first = down.first[static_cast<std::size_t>(y)] - row_lo;
    const int n = down.count[static_cast<std::size_t>(y)];
    // Taps outermost: rows stream through the cache; each pixel still sums
    // its taps in order, so the result is the same as tap-by-tap per pixel.
    for (int k = 0; k < n; ++k) {
      const float* in = narrow.row(first + k);
      for (int x = 0; x < width; ++x) {
        const std::size_t at = static_cast<std::size_t>(x) * 4;
        store(out + at, load(out + at) + w[k] * load(in + at));
      }
    }
  }
  return result;
}

Image resample(const Image& source, int width, int height) {
  return resample(source, SourceRect{0, 0, static_cast<double>(source.width), static_cast<double>(source.height)},
                  width, height);
}

} // namespace weft::bundlers

#pragma once

#include <weft/bundlers/image.hpp>
#include <weft/bundlers/resample.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace weft::bundlers {

// An image and its successive halvings (each made with Lanczos-3 from the
// one above), built on first use. A small icon resampled from a level a
// little larger than itself costs a fraction of a pass over the full source
// and looks the same: the final pass still sees at least k_min_ratio level
// pixels per output pixel. Measured on a torture pattern (1- to 8-pixel
// stripes, hard alpha edges), every icon of the set stays within 51 dB PSNR
// of a single exact Lanczos-3 pass from the full source (ratio 3: 59 dB,
// ratio 2: 54 dB; tests/unit/bundlers/icon_quality_test.cpp).
// Thread-safe: concurrent users wait for a level being built.
class Pyramid {
public:
  // Level pixels per output pixel that the final pass keeps at least.
  static constexpr double k_min_ratio = 1.5;
  // Halving stops before a side would drop below this.
  static constexpr int k_min_side = 8;

  explicit Pyramid(Image base);

  const Image& base() const { return m_base; }
  int levels() const { return static_cast<int>(m_sizes.size()); }

  // What to resample to draw `from` (in base pixels) at `to_width` ×
  // `to_height`: the smallest suitable level, and `from` in its pixels. The
  // whole image at exactly a level's size is that level (resampling it is
  // then a copy).
  struct Choice {
    const Image* image;
    SourceRect from;
  };
  Choice choose(const SourceRect& from, int to_width, int to_height);

  const Image& level(int k);

private:
  struct Level {
    std::once_flag built;
    Image image;
  };
  Image m_base;
  std::vector<PixelRect> m_sizes;               // level 0 = base
  std::vector<std::unique_ptr<Level>> m_levels; // index k - 1 for level k
};

} // namespace weft::bundlers

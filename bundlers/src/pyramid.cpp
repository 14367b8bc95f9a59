#include <weft/bundlers/pyramid.hpp>

namespace weft::bundlers {

Pyramid::Pyramid(Image base) : m_base(std::move(base)) {
  m_sizes.push_back({0, 0, m_base.width, m_base.height});
  for (;;) {
    const PixelRect& last = m_sizes.back();
    const int w = (last.width + 1) / 2;
    const int h = (last.height + 1) / 2;
    if (w < k_min_side || h < k_min_side) break;
    m_sizes.push_back({0, 0, w, h});
    m_levels.push_back(std::make_unique<Level>());
  }
}

const Image& Pyramid::level(int k) {
  if (k <= 0) return m_base;
  Level& entry = *m_levels[static_cast<std::size_t>(k - 1)];
  std::call_once(entry.built, [&] {
    const Image& above = level(k - 1);
    const PixelRect& size = m_sizes[static_cast<std::size_t>(k)];
    entry.image = resample(above, size.width, size.height);
  });
  return entry.image;
}

Pyramid::Choice Pyramid::choose(const SourceRect& from, int to_width, int to_height) {
  // The whole image at a level's exact size is that level: no second pass.
  if (from.x == 0 && from.y == 0 && from.width == m_base.width && from.height == m_base.height)
    for (int k = 1; k < levels(); ++k)
      if (m_sizes[static_cast<std::size_t>(k)].width == to_width &&
          m_sizes[static_cast<std::size_t>(k)].height == to_height)
        return {&level(k), {0, 0, static_cast<double>(to_width), static_cast<double>(to_height)}};
  int best = 0;
  for (int k = 1; k < levels(); ++k) {
    const double sx = static_cast<double>(m_sizes[static_cast<std::size_t>(k)].width) / m_base.width;
    const double sy = static_cast<double>(m_sizes[static_cast<std::size_t>(k)].height) / m_base.height;
    if (from.width * sx < k_min_ratio * to_width || from.height * sy < k_min_ratio * to_height) break;
    best = k;
  }
  const double sx = static_cast<double>(m_sizes[static_cast<std::size_t>(best)].width) / m_base.width;
  const double sy = static_cast<double>(m_sizes[static_cast<std::size_t>(best)].height) / m_base.height;
  return {&level(best), {from.x * sx, from.y * sy, from.width * sx, from.height * sy}};
}

} // namespace weft::bundlers

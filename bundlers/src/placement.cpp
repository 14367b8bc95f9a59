#include <weft/bundlers/placement.hpp>

#include <algorithm>
#include <cmath>

namespace weft::bundlers {

std::optional<Fit> parse_fit(std::string_view name) {
  for (const FitName& entry : k_fit_names)
    if (entry.name == name) return entry.fit;
  return std::nullopt;
}

Placement place(const SourceRect& from, const PixelRect& square, Fit fit, int canvas) {
  Placement p{from, square};
  if (fit == Fit::cover && from.width != from.height) {
    const double side = std::min(from.width, from.height);
    p.from = {from.x + (from.width - side) / 2, from.y + (from.height - side) / 2, side, side};
  } else if (fit == Fit::contain && from.width != from.height) {
    const double k = square.width / std::max(from.width, from.height);
    const int w = std::max(1, static_cast<int>(std::lround(from.width * k)));
    const int h = std::max(1, static_cast<int>(std::lround(from.height * k)));
    p.to = {square.x + (square.width - w) / 2, square.y + (square.height - h) / 2, w, h};
  }

  // Clip to the canvas; the source shrinks by the same fraction.
  const double sx = p.from.width / p.to.width;
  const double sy = p.from.height / p.to.height;
  const int x0 = std::max(p.to.x, 0);
  const int y0 = std::max(p.to.y, 0);
  const int x1 = std::min(p.to.x + p.to.width, canvas);
  const int y1 = std::min(p.to.y + p.to.height, canvas);
  if (x1 <= x0 || y1 <= y0) return {p.from, {0, 0, 0, 0}};
  p.from = {p.from.x + (x0 - p.to.x) * sx, p.from.y + (y0 - p.to.y) * sy, (x1 - x0) * sx, (y1 - y0) * sy};
  p.to = {x0, y0, x1 - x0, y1 - y0};
  return p;
}

} // namespace weft::bundlers

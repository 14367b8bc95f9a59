#pragma once

#include <weft/bundlers/image.hpp>
#include <weft/bundlers/resample.hpp>

#include <array>
#include <optional>
#include <string_view>

namespace weft::bundlers {

// How a source that is not square becomes a square icon.
enum class Fit {
  none,    // it must be square (stretching is never silent)
  cover,   // fill the square, cropping the longer side equally at both ends
  contain, // fit inside the square, centred, with transparent bars
};

struct FitName {
  Fit fit;
  std::string_view name;
};
inline constexpr std::array<FitName, 2> k_fit_names{{{Fit::cover, "cover"}, {Fit::contain, "contain"}}};
std::optional<Fit> parse_fit(std::string_view name);

// Which part of a source lands on which pixels of a square canvas.
struct Placement {
  SourceRect from;
  PixelRect to;
};

// Puts `from` into the square `square` of a canvas × canvas canvas as `fit`
// says, then clips to the canvas (shrinking `from` in proportion), so that
// `to` never leaves the canvas. `to` may end up empty.
Placement place(const SourceRect& from, const PixelRect& square, Fit fit, int canvas);

} // namespace weft::bundlers

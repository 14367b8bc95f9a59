#pragma once

#include <weft/bundlers/css_color.hpp>
#include <weft/bundlers/image.hpp>

namespace weft::bundlers {

// Finishing steps on 8-bit icons. Compositing happens on sRGB values, as in
// browsers and design tools, so that a half-transparent shadow over the
// background colour looks as it did in the editor.

// The image over an opaque `background`: every pixel ends up opaque (iOS
// icons must have no transparency).
Rgba8Image flatten(const Rgba8Image& image, const Color& background);

// `top` over `bottom`, in place; both the same size.
void composite_over(const Rgba8Image& top, Rgba8Image& bottom);

// Keeps only what lies inside the rectangle `area` with corners rounded by
// `radius` pixels (radius = half the side: a circle), with anti-aliased
// edges: alpha is scaled by the pixel's coverage.
void mask_rounded_rect(Rgba8Image& image, const PixelRect& area, double radius);

} // namespace weft::bundlers

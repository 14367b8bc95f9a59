#include <weft/base/file.hpp>
#include <weft/bundlers/icon_source.hpp>
#include <weft/bundlers/png_codec.hpp>
#include <weft/bundlers/resample.hpp>
#include <weft/bundlers/srgb.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace weft::bundlers {

namespace {

// SVG content is measured on a render this many pixels across.
constexpr int k_bounds_render_side = 1024;

// Pixel bounds of alpha above half an 8-bit step, or nullopt.
std::optional<PixelRect> opaque_bounds(const Image& image) {
  int x0 = image.width;
  int y0 = image.height;
  int x1 = -1;
  int y1 = -1;
  for (int y = 0; y < image.height; ++y) {
    const float* row = image.row(y);
    for (int x = 0; x < image.width; ++x) {
      if (row[static_cast<std::size_t>(x) * 4 + 3] < 0.5f / 255.0f) continue;
      x0 = std::min(x0, x);
      x1 = std::max(x1, x);
      y0 = std::min(y0, y);
      y1 = std::max(y1, y);
    }
  }
  if (x1 < 0) return std::nullopt;
  return PixelRect{x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

bool is_gzip(std::string_view bytes) { return bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b'; }

} // namespace

Result<IconSource> IconSource::load(const std::filesystem::path& path) {
  Result<std::string> read = read_file(path);
  if (!read) return fail(Error::input(read.error().message())); // the message names the path already
  std::string bytes = std::move(*read);
  const std::string name = path.string();
  if (is_png(bytes)) {
    WEFT_TRY_ASSIGN(Image image, decode_png(bytes, name));
    return from_image(std::move(image), name);
  }
  if (looks_like_svg(bytes) || is_gzip(bytes)) { // .svgz is gzip-compressed SVG
    WEFT_TRY_ASSIGN(SvgDocument document, SvgDocument::parse(std::move(bytes), path));
    return from_svg(std::move(document), name);
  }
  return fail(Error::at(Location{name, 0, 0, {}, {}}, "not a PNG or SVG image"));
}

IconSource IconSource::from_image(Image image, std::string name) {
  IconSource source;
  source.m_name = std::move(name);
  source.m_raster = std::make_shared<Pyramid>(std::move(image));
  return source;
}

IconSource IconSource::from_svg(SvgDocument document, std::string name) {
  IconSource source;
  source.m_name = std::move(name);
  source.m_svg = std::make_shared<const SvgDocument>(std::move(document));
  return source;
}

double IconSource::width() const { return m_raster ? m_raster->base().width : m_svg->width(); }
double IconSource::height() const { return m_raster ? m_raster->base().height : m_svg->height(); }

Result<Image> IconSource::render(int canvas, const Placement& placement) const {
  const PixelRect& to = placement.to;
  if (to.width <= 0 || to.height <= 0) return Image(canvas, canvas);
  if (m_svg) return m_svg->render(canvas, canvas, placement.from, to);

  const Pyramid::Choice level = m_raster->choose(placement.from, to.width, to.height);
  Image drawn = resample(*level.image, level.from, to.width, to.height);
  if (to == PixelRect{0, 0, canvas, canvas}) return drawn;
  Image out(canvas, canvas);
  for (int y = 0; y < to.height; ++y)
    std::memcpy(out.row(to.y + y) + static_cast<std::size_t>(to.x) * 4, drawn.row(y),
                static_cast<std::size_t>(to.width) * 4 * sizeof(float));
  return out;
}

Result<Rgba8Image> IconSource::render_rgba8(int canvas, const Placement& placement) const {
  if (m_raster && placement.to == PixelRect{0, 0, canvas, canvas}) {
    const Pyramid::Choice level = m_raster->choose(placement.from, canvas, canvas);
    const SourceRect& from = level.from;
    if (from.x == 0 && from.y == 0 && from.width == canvas && from.height == canvas &&
        level.image->width == canvas && level.image->height == canvas)
      return to_rgba8(*level.image);
  }
  WEFT_TRY_ASSIGN(Image image, render(canvas, placement));
  return to_rgba8(image);
}

Result<SourceRect> IconSource::content_bounds() const {
  if (m_raster) {
    const std::optional<PixelRect> r = opaque_bounds(m_raster->base());
    if (!r) return whole();
    return SourceRect{static_cast<double>(r->x), static_cast<double>(r->y), static_cast<double>(r->width),
                      static_cast<double>(r->height)};
  }
  const double k = k_bounds_render_side / std::max(width(), height());
  const int w = std::max(1, static_cast<int>(std::ceil(width() * k)));
  const int h = std::max(1, static_cast<int>(std::ceil(height() * k)));
  WEFT_TRY_ASSIGN(Image image, m_svg->render(w, h, whole(), PixelRect{0, 0, w, h}));
  const std::optional<PixelRect> r = opaque_bounds(image);
  if (!r) return whole();
  const double sx = width() / w;
  const double sy = height() / h;
  return SourceRect{r->x * sx, r->y * sy, r->width * sx, r->height * sy};
}

} // namespace weft::bundlers

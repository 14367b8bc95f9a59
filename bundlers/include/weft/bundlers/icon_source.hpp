#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/image.hpp>
#include <weft/bundlers/placement.hpp>
#include <weft/bundlers/pyramid.hpp>
#include <weft/bundlers/svg_render.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace weft::bundlers {

// One input picture, PNG or SVG, ready to be drawn at any size. A PNG is
// decoded once and resampled per size (from a pyramid level a few times the
// size); an SVG is rendered per size.
class IconSource {
public:
  enum class Kind { raster, vector };

  // Reads and decodes `path`, telling PNG from SVG by content.
  static Result<IconSource> load(const std::filesystem::path& path);
  static IconSource from_image(Image image, std::string name);
  static IconSource from_svg(SvgDocument document, std::string name);

  Kind kind() const { return m_raster ? Kind::raster : Kind::vector; }
  double width() const;
  double height() const;
  const std::string& name() const { return m_name; }
  SourceRect whole() const { return {0, 0, width(), height()}; }

  // A transparent canvas × canvas image with `placement.from` of the source
  // drawn into `placement.to`. Thread-safe.
  Result<Image> render(int canvas, const Placement& placement) const;
  // The same, straight to 8-bit sRGB; a raster drawn whole at the size of
  // one of its pyramid levels is converted from that level without a copy.
  Result<Rgba8Image> render_rgba8(int canvas, const Placement& placement) const;

  // The smallest rectangle holding every pixel that is not fully
  // transparent, in source units; the whole source when there is none.
  Result<SourceRect> content_bounds() const;

private:
  std::string m_name;
  std::shared_ptr<Pyramid> m_raster;
  std::shared_ptr<const SvgDocument> m_svg;
};

} // namespace weft::bundlers

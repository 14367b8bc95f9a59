#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/image.hpp>
#include <weft/bundlers/resample.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace weft::bundlers {

// Whether `bytes` look like an SVG document (XML whose first element is
// <svg>), as opposed to another format with an .svg name.
bool looks_like_svg(std::string_view bytes);

// An SVG icon, rendered by librsvg straight at each size it is asked for: a
// 16-pixel icon is drawn at 16 pixels, not shrunk from a large raster.
class SvgDocument {
public:
  // Parses the document; relative references resolve against `path`'s folder.
  // Fails on malformed SVG and on a document without an intrinsic size (no
  // absolute width and height on <svg>): icon sizes would be guesses.
  static Result<SvgDocument> parse(std::string bytes, std::filesystem::path path);

  // Intrinsic size in CSS pixels (96 per inch).
  double width() const { return m_width; }
  double height() const { return m_height; }

  // Draws the part `from` of the document (in its CSS pixels) into the
  // rectangle `to` of a transparent canvas_width × canvas_height canvas.
  // Thread-safe: each call parses its own copy of the document.
  Result<Image> render(int canvas_width, int canvas_height, const SourceRect& from, const PixelRect& to) const;

private:
  SvgDocument(std::string bytes, std::filesystem::path path, double width, double height)
      : m_bytes(std::move(bytes)), m_path(std::move(path)), m_width(width), m_height(height) {}

  std::string m_bytes;
  std::filesystem::path m_path;
  double m_width = 0;
  double m_height = 0;
};

} // namespace weft::bundlers

#include <weft/bundlers/srgb.hpp>
#include <weft/bundlers/svg_render.hpp>

#include <cairo.h>
#include <librsvg/rsvg.h>

#include <fmt/format.h>

#include <cstring>
#include <memory>

namespace weft::bundlers {

namespace {

struct HandleDelete {
  void operator()(RsvgHandle* handle) const { g_object_unref(handle); }
};
using HandlePtr = std::unique_ptr<RsvgHandle, HandleDelete>;

struct SurfaceDelete {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDelete {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

// The GError's message (one line), freeing it.
std::string take_message(GError* error) {
  std::string message = error && error->message ? error->message : "unknown librsvg error";
  if (error) g_error_free(error);
  for (char& c : message)
    if (c == '\n') c = ' ';
  while (!message.empty() && message.back() == ' ') message.pop_back();
  return message;
}

Error bad_svg(const std::filesystem::path& path, std::string why) {
  return Error::at(Location{path.string(), 0, 0, {}, {}}, std::move(why));
}

Result<HandlePtr> open_handle(const std::string& bytes, const std::filesystem::path& path) {
  GInputStream* stream = g_memory_input_stream_new_from_data(bytes.data(), static_cast<gssize>(bytes.size()), nullptr);
  GFile* base = g_file_new_for_path(path.c_str());
  GError* error = nullptr;
  RsvgHandle* handle = rsvg_handle_new_from_stream_sync(stream, base, RSVG_HANDLE_FLAGS_NONE, nullptr, &error);
  g_object_unref(base);
  g_object_unref(stream);
  if (!handle) return fail(bad_svg(path, fmt::format("not a readable SVG image: {}", take_message(error))));
  rsvg_handle_set_dpi(handle, 96.0);
  return HandlePtr(handle);
}

// Cairo's premultiplied 8-bit sRGB (native-endian 0xAARRGGBB) to linear
// premultiplied floats.
Image from_cairo(cairo_surface_t* surface, int width, int height) {
  Image out(width, height);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; y < height; ++y) {
    const unsigned char* row = data + static_cast<std::ptrdiff_t>(y) * stride;
    float* dst = out.row(y);
    for (int x = 0; x < width; ++x, dst += 4) {
      std::uint32_t argb = 0;
      std::memcpy(&argb, row + static_cast<std::size_t>(x) * 4, 4);
      const std::uint32_t a = argb >> 24;
      if (a == 0) continue;
      const float alpha = static_cast<float>(a) / 255.0f;
      for (int c = 0; c < 3; ++c) {
        const std::uint32_t premultiplied = (argb >> (16 - 8 * c)) & 0xffu;
        const std::uint32_t straight = std::min<std::uint32_t>(255, (premultiplied * 255 + a / 2) / a);
        dst[c] = srgb8_to_linear(static_cast<std::uint8_t>(straight)) * alpha;
      }
      dst[3] = alpha;
    }
  }
  return out;
}

} // namespace

bool looks_like_svg(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::size_t at = bytes.find_first_not_of(" \t\r\n");
  if (at == std::string_view::npos || bytes[at] != '<') return false;
  // The root element follows the XML declaration, comments and a DOCTYPE.
  const std::string_view head = bytes.substr(0, 65536);
  for (std::size_t pos = head.find('<'); pos != std::string_view::npos; pos = head.find('<', pos + 1)) {
    const std::string_view rest = head.substr(pos + 1);
    if (rest.starts_with('?') || rest.starts_with('!')) continue;
    return rest.starts_with("svg") && rest.size() > 3 && std::string_view(" \t\r\n>/").find(rest[3]) != std::string_view::npos;
  }
  return false;
}

Result<SvgDocument> SvgDocument::parse(std::string bytes, std::filesystem::path path) {
  WEFT_TRY_ASSIGN(HandlePtr handle, open_handle(bytes, path));
  double width = 0;
  double height = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle.get(), &width, &height))
    return fail(bad_svg(path, "the SVG has no size: give its <svg> element an absolute width and height, "
                              "e.g. width=\"1024\" height=\"1024\""));
  if (!(width >= 1 && height >= 1 && width <= 1e6 && height <= 1e6))
    return fail(bad_svg(path, fmt::format("the SVG's size {}×{} is not usable", width, height)));
  return SvgDocument(std::move(bytes), std::move(path), width, height);
}

Result<Image> SvgDocument::render(int canvas_width, int canvas_height, const SourceRect& from,
                                  const PixelRect& to) const {
  WEFT_TRY_ASSIGN(HandlePtr handle, open_handle(m_bytes, m_path));
  std::unique_ptr<cairo_surface_t, SurfaceDelete> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, canvas_width, canvas_height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return fail(Error::tool("cairo", fmt::format("cannot make a {}×{} canvas", canvas_width, canvas_height)));
  {
    std::unique_ptr<cairo_t, ContextDelete> cr(cairo_create(surface.get()));
    cairo_rectangle(cr.get(), to.x, to.y, to.width, to.height);
    cairo_clip(cr.get());
    const double kx = to.width / from.width;
    const double ky = to.height / from.height;
    const RsvgRectangle viewport{to.x - from.x * kx, to.y - from.y * ky, m_width * kx, m_height * ky};
    GError* error = nullptr;
    if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &error))
      return fail(bad_svg(m_path, fmt::format("cannot render the SVG: {}", take_message(error))));
  }
  cairo_surface_flush(surface.get());
  return from_cairo(surface.get(), canvas_width, canvas_height);
}

} // namespace weft::bundlers

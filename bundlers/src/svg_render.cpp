#include <weft/base/shared_library.hpp>
#include <weft/bundlers/srgb.hpp>
#include <weft/bundlers/svg_render.hpp>

// Headers for types only: librsvg, glib and cairo are loaded with dlopen the
// first time an SVG is read, so the other commands never pay for them.
#include <cairo.h>
#include <librsvg/rsvg.h>

#include <fmt/format.h>

#include <cstring>
#include <memory>
#include <mutex>

namespace weft::bundlers {

namespace {

// The entry points of librsvg and of the libraries it brings (gio, gobject,
// glib, cairo) that rendering uses.
struct RsvgApi {
  GInputStream* (*memory_input_stream_new_from_data)(const void*, gssize, GDestroyNotify) = nullptr;
  GFile* (*file_new_for_path)(const char*) = nullptr;
  void (*object_unref)(gpointer) = nullptr;
  void (*error_free)(GError*) = nullptr;
  RsvgHandle* (*handle_new_from_stream_sync)(GInputStream*, GFile*, RsvgHandleFlags, GCancellable*, GError**) = nullptr;
  void (*handle_set_dpi)(RsvgHandle*, double) = nullptr;
  gboolean (*handle_get_intrinsic_size_in_pixels)(RsvgHandle*, gdouble*, gdouble*) = nullptr;
  gboolean (*handle_render_document)(RsvgHandle*, cairo_t*, const RsvgRectangle*, GError**) = nullptr;
  cairo_surface_t* (*image_surface_create)(cairo_format_t, int, int) = nullptr;
  cairo_status_t (*surface_status)(cairo_surface_t*) = nullptr;
  void (*surface_flush)(cairo_surface_t*) = nullptr;
  void (*surface_destroy)(cairo_surface_t*) = nullptr;
  unsigned char* (*image_surface_get_data)(cairo_surface_t*) = nullptr;
  int (*image_surface_get_stride)(cairo_surface_t*) = nullptr;
  cairo_t* (*create)(cairo_surface_t*) = nullptr;
  void (*destroy)(cairo_t*) = nullptr;
  void (*rectangle)(cairo_t*, double, double, double, double) = nullptr;
  void (*clip)(cairo_t*) = nullptr;
};

Result<const RsvgApi*> load_rsvg() {
  static std::once_flag once;
  static RsvgApi api;
  static Result<void> loaded;
  std::call_once(once, [] {
    Result<SharedLibrary> library = SharedLibrary::open({"librsvg-2.so.2", "librsvg-2.so"}, "librsvg", "librsvg2-2");
    if (!library) {
      loaded = fail(std::move(library.error()));
      return;
    }
    const SharedLibrary& lib = *library;
    const bool ok = lib.resolve("g_memory_input_stream_new_from_data", api.memory_input_stream_new_from_data) &&
                    lib.resolve("g_file_new_for_path", api.file_new_for_path) &&
                    lib.resolve("g_object_unref", api.object_unref) && lib.resolve("g_error_free", api.error_free) &&
                    lib.resolve("rsvg_handle_new_from_stream_sync", api.handle_new_from_stream_sync) &&
                    lib.resolve("rsvg_handle_set_dpi", api.handle_set_dpi) &&
                    lib.resolve("rsvg_handle_get_intrinsic_size_in_pixels", api.handle_get_intrinsic_size_in_pixels) &&
                    lib.resolve("rsvg_handle_render_document", api.handle_render_document) &&
                    lib.resolve("cairo_image_surface_create", api.image_surface_create) &&
                    lib.resolve("cairo_surface_status", api.surface_status) &&
                    lib.resolve("cairo_surface_flush", api.surface_flush) &&
                    lib.resolve("cairo_surface_destroy", api.surface_destroy) &&
                    lib.resolve("cairo_image_surface_get_data", api.image_surface_get_data) &&
                    lib.resolve("cairo_image_surface_get_stride", api.image_surface_get_stride) &&
                    lib.resolve("cairo_create", api.create) && lib.resolve("cairo_destroy", api.destroy) &&
                    lib.resolve("cairo_rectangle", api.rectangle) && lib.resolve("cairo_clip", api.clip);
    if (!ok)
      loaded = fail(Error::tool("librsvg", "librsvg-2.so.2 lacks a needed function (librsvg older than 2.52?)")
                        .with_hint("install librsvg 2.52 or newer (Debian: apt-get install librsvg2-2)"));
  });
  if (!loaded) return fail(loaded.error());
  return &api;
}

// Only ever called once load_rsvg() succeeded.
const RsvgApi& rsvg() { return **load_rsvg(); }

struct HandleDelete {
  void operator()(RsvgHandle* handle) const { rsvg().object_unref(handle); }
};
using HandlePtr = std::unique_ptr<RsvgHandle, HandleDelete>;

struct SurfaceDelete {
  void operator()(cairo_surface_t* surface) const { rsvg().surface_destroy(surface); }
};
struct ContextDelete {
  void operator()(cairo_t* cr) const { rsvg().destroy(cr); }
};

// The GError's message (one line), freeing it.
std::string take_message(GError* error) {
  std::string message = error && error->message ? error->message : "unknown librsvg error";
  if (error) rsvg().error_free(error);
  for (char& c : message)
    if (c == '\n') c = ' ';
  while (!message.empty() && message.back() == ' ') message.pop_back();
  return message;
}

Error bad_svg(const std::filesystem::path& path, std::string why) {
  return Error::at(Location{path.string(), 0, 0, {}, {}}, std::move(why));
}

Result<HandlePtr> open_handle(const std::string& bytes, const std::filesystem::path& path) {
  WEFT_TRY_ASSIGN(const RsvgApi* api, load_rsvg());
  GInputStream* stream = api->memory_input_stream_new_from_data(bytes.data(), static_cast<gssize>(bytes.size()), nullptr);
  GFile* base = api->file_new_for_path(path.c_str());
  GError* error = nullptr;
  RsvgHandle* handle = api->handle_new_from_stream_sync(stream, base, RSVG_HANDLE_FLAGS_NONE, nullptr, &error);
  api->object_unref(base);
  api->object_unref(stream);
  if (!handle) return fail(bad_svg(path, fmt::format("not a readable SVG image: {}", take_message(error))));
  api->handle_set_dpi(handle, 96.0);
  return HandlePtr(handle);
}

// Cairo's premultiplied 8-bit sRGB (native-endian 0xAARRGGBB) to linear
// premultiplied floats.
Image from_cairo(cairo_surface_t* surface, int width, int height) {
  Image out(width, height);
  const unsigned char* data = rsvg().image_surface_get_data(surface);
  const int stride = rsvg().image_surface_get_stride(surface);
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
  if (!rsvg().handle_get_intrinsic_size_in_pixels(handle.get(), &width, &height))
    return fail(bad_svg(path, "the SVG has no size: give its <svg> element an absolute width and height, "
                              "e.g. width=\"1024\" height=\"1024\""));
  if (!(width >= 1 && height >= 1 && width <= 1e6 && height <= 1e6))
    return fail(bad_svg(path, fmt::format("the SVG's size {}×{} is not usable", width, height)));
  return SvgDocument(std::move(bytes), std::move(path), width, height);
}

Result<Image> SvgDocument::render(int canvas_width, int canvas_height, const SourceRect& from,
                                  const PixelRect& to) const {
  WEFT_TRY_ASSIGN(HandlePtr handle, open_handle(m_bytes, m_path));
  const RsvgApi& api = rsvg();
  std::unique_ptr<cairo_surface_t, SurfaceDelete> surface(
      api.image_surface_create(CAIRO_FORMAT_ARGB32, canvas_width, canvas_height));
  if (api.surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return fail(Error::tool("cairo", fmt::format("cannot make a {}×{} canvas", canvas_width, canvas_height)));
  {
    std::unique_ptr<cairo_t, ContextDelete> cr(api.create(surface.get()));
    api.rectangle(cr.get(), to.x, to.y, to.width, to.height);
    api.clip(cr.get());
    const double kx = to.width / from.width;
    const double ky = to.height / from.height;
    const RsvgRectangle viewport{to.x - from.x * kx, to.y - from.y * ky, m_width * kx, m_height * ky};
    GError* error = nullptr;
    if (!api.handle_render_document(handle.get(), cr.get(), &viewport, &error))
      return fail(bad_svg(m_path, fmt::format("cannot render the SVG: {}", take_message(error))));
  }
  api.surface_flush(surface.get());
  return from_cairo(surface.get(), canvas_width, canvas_height);
}

} // namespace weft::bundlers

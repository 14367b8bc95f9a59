#include <weft/bundlers/png_codec.hpp>
#include <weft/bundlers/srgb.hpp>

#include <libdeflate.h>
#include <png.h>

#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

namespace weft::bundlers {

const PngEncodeSettings k_png_default_settings{6, PngFilter::smallest};

namespace {

Error bad_png(std::string_view name, std::string_view why) {
  return Error::at(Location{std::string(name), 0, 0, {}, {}}, fmt::format("not a readable PNG image: {}", why));
}

// --- decoding ---------------------------------------------------------------

struct DecodeState {
  std::string_view bytes;
  std::size_t at = 0;
  char message[160] = {};
};

void on_decode_error(png_structp png, png_const_charp message) {
  auto* state = static_cast<DecodeState*>(png_get_error_ptr(png));
  std::snprintf(state->message, sizeof state->message, "%s", message ? message : "unknown libpng error");
  png_longjmp(png, 1);
}

void on_decode_warning(png_structp, png_const_charp) {} // nothing below cli/ prints

void on_read(png_structp png, png_bytep out, png_size_t length) {
  auto* state = static_cast<DecodeState*>(png_get_io_ptr(png));
  if (length > state->bytes.size() - state->at) png_error(png, "the file ends too early");
  std::memcpy(out, state->bytes.data() + state->at, length);
  state->at += length;
}

// Samples as libpng hands them over after expansion: RGBA, 8 or 16 bits
// (16-bit in native byte order), straight alpha, in the file's encoding.
struct RawPixels {
  png_uint_32 width = 0;
  png_uint_32 height = 0;
  int bit_depth = 8;
  double file_gamma = 0; // from gAMA without sRGB/iCCP; 0 = sRGB
  std::vector<std::uint8_t> samples;
};

// Kept apart so that its frame holds nothing a longjmp could leave half-made;
// `rows` belongs to the caller for the same reason.
bool read_pixels(png_structp png, png_infop info, RawPixels& out, std::vector<png_bytep>& rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_user_limits(png, static_cast<png_uint_32>(k_png_max_side), static_cast<png_uint_32>(k_png_max_side));
  png_read_info(png, info);
  int color_type = 0;
  int interlace = 0;
  png_get_IHDR(png, info, &out.width, &out.height, &out.bit_depth, &color_type, &interlace, nullptr, nullptr);

  // Every colour type and depth becomes RGBA at 8 or 16 bits.
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && out.bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  const bool has_trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
  if (has_trns) png_set_tRNS_to_alpha(png);
  if (!(color_type & PNG_COLOR_MASK_COLOR)) png_set_gray_to_rgb(png);
  if (!(color_type & PNG_COLOR_MASK_ALPHA) && !has_trns) png_set_add_alpha(png, 0xffff, PNG_FILLER_AFTER);
  if (out.bit_depth < 8) out.bit_depth = 8;
  if (out.bit_depth == 16 && std::endian::native == std::endian::little) png_set_swap(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);

  // sRGB unless the file says otherwise with a bare gAMA chunk; an ICC
  // profile is taken as sRGB (weft does no colour management).
  double gamma = 0;
  if (!png_get_valid(png, info, PNG_INFO_sRGB) && !png_get_valid(png, info, PNG_INFO_iCCP) &&
      png_get_gAMA(png, info, &gamma) && gamma > 0 && std::abs(gamma - 1 / 2.2) > 0.01)
    out.file_gamma = gamma;

  const std::size_t row_bytes = png_get_rowbytes(png, info);
  if (row_bytes != static_cast<std::size_t>(out.width) * 4 * static_cast<std::size_t>(out.bit_depth / 8))
    png_error(png, "unexpected row layout");
  out.samples.resize(row_bytes * out.height);
  rows.resize(out.height);
  for (png_uint_32 y = 0; y < out.height; ++y) rows[y] = out.samples.data() + y * row_bytes;
  png_read_image(png, rows.data());
  png_read_end(png, nullptr);
  return true;
}

// Raw samples to linear premultiplied floats through a table of the
// transfer function for every code.
template <typename Sample>
Image to_linear_image(const RawPixels& raw) {
  constexpr std::size_t k_codes = std::size_t{1} << (8 * sizeof(Sample));
  const double max = static_cast<double>(k_codes - 1);
  std::vector<float> transfer(k_codes);
  for (std::size_t v = 0; v < k_codes; ++v) {
    const double encoded = static_cast<double>(v) / max;
    transfer[v] = static_cast<float>(raw.file_gamma > 0 ? std::pow(encoded, 1.0 / raw.file_gamma)
                                                        : srgb_to_linear(encoded));
  }
  Image out(static_cast<int>(raw.width), static_cast<int>(raw.height));
  const std::size_t count = static_cast<std::size_t>(raw.width) * raw.height;
  const auto* in = reinterpret_cast<const Sample*>(raw.samples.data());
  const float alpha_scale = static_cast<float>(1.0 / max);
  for (std::size_t i = 0; i < count; ++i) {
    const Sample* p = in + i * 4;
    float* dst = &out.pixels[i * 4];
    const float alpha = static_cast<float>(p[3]) * alpha_scale;
    if (alpha == 0.0f) continue;
    for (int c = 0; c < 3; ++c) dst[c] = transfer[p[c]] * alpha;
    dst[3] = alpha;
  }
  return out;
}

// --- encoding ---------------------------------------------------------------

void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

void put_chunk(std::string& out, const char (&type)[5], std::string_view data) {
  put32(out, static_cast<std::uint32_t>(data.size()));
  const std::size_t start = out.size();
  out.append(type, 4);
  out.append(data);
  put32(out, libdeflate_crc32(0, out.data() + start, out.size() - start));
}

std::uint8_t paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a);
  const int pb = std::abs(p - b);
  const int pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return static_cast<std::uint8_t>(a);
  return static_cast<std::uint8_t>(pb <= pc ? b : c);
}

constexpr int k_filter_types = 5; // none, sub, up, average, paeth

// Filters one row with filter `type` into `out` (without the type byte);
// `prior` is the previous row, all zeros for the first.
void filter_row(int type, const std::uint8_t* __restrict row, const std::uint8_t* __restrict prior, std::size_t length,
                std::size_t bpp, std::uint8_t* __restrict out) {
  switch (type) {
    case 0: std::memcpy(out, row, length); return;
    case 1:
      for (std::size_t i = 0; i < bpp; ++i) out[i] = row[i];
      for (std::size_t i = bpp; i < length; ++i) out[i] = static_cast<std::uint8_t>(row[i] - row[i - bpp]);
      return;
    case 2:
      for (std::size_t i = 0; i < length; ++i) out[i] = static_cast<std::uint8_t>(row[i] - prior[i]);
      return;
    case 3:
      for (std::size_t i = 0; i < bpp; ++i) out[i] = static_cast<std::uint8_t>(row[i] - prior[i] / 2);
      for (std::size_t i = bpp; i < length; ++i)
        out[i] = static_cast<std::uint8_t>(row[i] - (row[i - bpp] + prior[i]) / 2);
      return;
    default:
      for (std::size_t i = 0; i < bpp; ++i) out[i] = static_cast<std::uint8_t>(row[i] - prior[i]);
      for (std::size_t i = bpp; i < length; ++i)
        out[i] = static_cast<std::uint8_t>(row[i] - paeth(row[i - bpp], prior[i], prior[i - bpp]));
      return;
  }
}

// |v| of a filtered byte read as signed, the cost libpng's heuristic sums.
inline std::uint32_t magnitude(std::uint8_t v) { return v < 128 ? v : 256u - v; }

// The filter type whose output for this row has the smallest sum of
// magnitudes (libpng's heuristic), computed in one pass without storing the
// five trial rows.
int choose_filter(const std::uint8_t* __restrict row, const std::uint8_t* __restrict prior, std::size_t length,
                  std::size_t bpp) {
  std::uint32_t sums[k_filter_types] = {0, 0, 0, 0, 0};
  for (std::size_t i = 0; i < bpp; ++i) {
    const std::uint8_t x = row[i];
    const std::uint8_t b = prior[i];
    sums[0] += magnitude(x);
    sums[1] += magnitude(x);
    sums[2] += magnitude(static_cast<std::uint8_t>(x - b));
    sums[3] += magnitude(static_cast<std::uint8_t>(x - b / 2));
    sums[4] += magnitude(static_cast<std::uint8_t>(x - b));
  }
  std::uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
  for (std::size_t i = bpp; i < length; ++i) {
    const std::uint8_t x = row[i];
    const std::uint8_t a = row[i - bpp];
    const std::uint8_t b = prior[i];
    const std::uint8_t c = prior[i - bpp];
    s0 += magnitude(x);
    s1 += magnitude(static_cast<std::uint8_t>(x - a));
    s2 += magnitude(static_cast<std::uint8_t>(x - b));
    s3 += magnitude(static_cast<std::uint8_t>(x - (a + b) / 2));
    s4 += magnitude(static_cast<std::uint8_t>(x - paeth(a, b, c)));
  }
  sums[0] += s0;
  sums[1] += s1;
  sums[2] += s2;
  sums[3] += s3;
  sums[4] += s4;
  int best = 0;
  for (int t = 1; t < k_filter_types; ++t)
    if (sums[t] < sums[best]) best = t;
  return best;
}

// The filtered datastream (type byte + filtered bytes per row), in a buffer
// that is not zeroed first: every byte is written.
struct Filtered {
  std::unique_ptr<std::uint8_t[]> bytes;
  std::size_t size = 0;
};

Filtered filter_image(const std::uint8_t* pixels, std::size_t stride, int height, int bpp, PngFilter filter) {
  Filtered out{std::unique_ptr<std::uint8_t[]>(new std::uint8_t[static_cast<std::size_t>(height) * (stride + 1)]),
               static_cast<std::size_t>(height) * (stride + 1)};
  const std::vector<std::uint8_t> zeros(stride, 0);
  const auto step = static_cast<std::size_t>(bpp);
  for (int y = 0; y < height; ++y) {
    const std::uint8_t* row = pixels + static_cast<std::size_t>(y) * stride;
    const std::uint8_t* prior = y > 0 ? row - stride : zeros.data();
    std::uint8_t* dst = out.bytes.get() + static_cast<std::size_t>(y) * (stride + 1);
    int type = 0;
    switch (filter) {
      case PngFilter::none: type = 0; break;
      case PngFilter::sub: type = 1; break;
      case PngFilter::up: type = 2; break;
      case PngFilter::average: type = 3; break;
      case PngFilter::paeth: type = 4; break;
      case PngFilter::adaptive:
      case PngFilter::smallest: type = choose_filter(row, prior, stride, step); break;
    }
    dst[0] = static_cast<std::uint8_t>(type);
    filter_row(type, row, prior, stride, step, dst + 1);
  }
  return out;
}

struct CompressorDelete {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

// zlib-wrapped DEFLATE of `data`, or nullopt when libdeflate fails.
std::optional<std::string> deflate(const Filtered& data, int level) {
  std::unique_ptr<libdeflate_compressor, CompressorDelete> compressor(libdeflate_alloc_compressor(level));
  if (!compressor) return std::nullopt;
  const std::size_t bound = libdeflate_zlib_compress_bound(compressor.get(), data.size);
  std::unique_ptr<char[]> out(new char[bound]);
  const std::size_t n = libdeflate_zlib_compress(compressor.get(), data.bytes.get(), data.size, out.get(), bound);
  if (n == 0) return std::nullopt;
  return std::string(out.get(), n);
}

// Images this tall decide between `none` and `adaptive` on a band of rows
// (a quarter of the image, from its middle) instead of compressing the
// whole image twice: the choice is about the kind of artwork, which a band
// shows as well.
constexpr int k_band_min_height = 64;

// For PngFilter::smallest: which of `none` and `adaptive` compresses `pixels`
// better at `level`.
PngFilter smaller_filter(const std::uint8_t* pixels, std::size_t stride, int height, int bpp, int level) {
  int first = 0;
  int rows = height;
  if (height >= k_band_min_height) {
    first = height * 3 / 8;
    rows = height / 4;
  }
  const std::uint8_t* band = pixels + static_cast<std::size_t>(first) * stride;
  const std::optional<std::string> adaptive = deflate(filter_image(band, stride, rows, bpp, PngFilter::adaptive), level);
  const std::optional<std::string> none = deflate(filter_image(band, stride, rows, bpp, PngFilter::none), level);
  if (adaptive && none && none->size() < adaptive->size()) return PngFilter::none;
  return PngFilter::adaptive;
}

} // namespace

bool is_png(std::string_view bytes) { return bytes.size() >= 8 && png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8) == 0; }

Result<Image> decode_png(std::string_view bytes, std::string_view name) {
  if (!is_png(bytes)) return fail(bad_png(name, "no PNG signature"));
  // The IHDR chunk comes first; refuse absurd sizes with a clear message
  // before libpng allocates anything (its own check only says "invalid").
  if (bytes.size() >= 24 && bytes.substr(12, 4) == "IHDR") {
    auto be32 = [&](std::size_t at) {
      std::uint32_t v = 0;
      for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(bytes[at + i]);
      return v;
    };
    const std::uint32_t width = be32(16);
    const std::uint32_t height = be32(20);
    if (width > static_cast<std::uint32_t>(k_png_max_side) || height > static_cast<std::uint32_t>(k_png_max_side))
      return fail(bad_png(name, fmt::format("{}×{} pixels is over the limit of {} per side", width, height,
                                            k_png_max_side)));
  }
  DecodeState state{bytes, 0, {}};
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, on_decode_error, on_decode_warning);
  if (!png) return fail(Error::tool("libpng", "cannot create a PNG reader"));
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return fail(Error::tool("libpng", "cannot create a PNG reader"));
  }
  png_set_read_fn(png, &state, on_read);
  RawPixels raw;
  std::vector<png_bytep> rows;
  const bool ok = read_pixels(png, info, raw, rows);
  png_destroy_read_struct(&png, &info, nullptr);
  if (!ok) return fail(bad_png(name, state.message));
  return raw.bit_depth == 16 ? to_linear_image<std::uint16_t>(raw) : to_linear_image<std::uint8_t>(raw);
}

Result<std::string> encode_png(const Rgba8Image& image, PngChannels channels, const PngEncodeSettings& settings) {
  if (image.width <= 0 || image.height <= 0 || settings.level < 0 || settings.level > 12)
    return fail(Error::input("cannot encode an empty image"));
  const bool alpha = channels == PngChannels::rgba;
  const int bpp = alpha ? 4 : 3;
  const std::size_t stride = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(bpp);
  std::vector<std::uint8_t> rgb;
  const std::uint8_t* pixels = image.pixels.data();
  if (!alpha) {
    rgb.resize(stride * static_cast<std::size_t>(image.height));
    const std::size_t count = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
    for (std::size_t i = 0; i < count; ++i) std::memcpy(&rgb[i * 3], &image.pixels[i * 4], 3);
    pixels = rgb.data();
  }

  const PngFilter filter = settings.filter == PngFilter::smallest
                               ? smaller_filter(pixels, stride, image.height, bpp, settings.level)
                               : settings.filter;
  const std::optional<std::string> compressed =
      deflate(filter_image(pixels, stride, image.height, bpp, filter), settings.level);
  if (!compressed) return fail(Error::tool("libdeflate", "cannot compress a PNG"));

  std::string out("\x89PNG\r\n\x1a\n", 8);
  std::string header;
  put32(header, static_cast<std::uint32_t>(image.width));
  put32(header, static_cast<std::uint32_t>(image.height));
  header += '\x08';                       // bit depth
  header += static_cast<char>(alpha ? 6 : 2); // colour type: RGBA or RGB
  header.append(3, '\0');                 // deflate, adaptive filtering, no interlace
  put_chunk(out, "IHDR", header);
  put_chunk(out, "sRGB", std::string_view("\0", 1)); // perceptual rendering intent
  constexpr std::size_t k_idat_max = std::size_t{1} << 20;
  for (std::size_t at = 0; at < compressed->size(); at += k_idat_max)
    put_chunk(out, "IDAT", std::string_view(*compressed).substr(at, k_idat_max));
  put_chunk(out, "IEND", {});
  return out;
}

} // namespace weft::bundlers

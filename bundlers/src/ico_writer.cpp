#include <weft/bundlers/ico_writer.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <limits>

namespace weft::bundlers {

namespace {

void put16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>((v >> 8) & 0xff);
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xffff);
  put16(out, v >> 16);
}

} // namespace

// Layout: ICONDIR (reserved 0, type 1 = icon, count), one 16-byte
// ICONDIRENTRY per frame, then the frames' data. All little-endian.
Result<std::string> write_ico(std::span<const IcoFrame> frames) {
  if (frames.empty() || frames.size() > 0xffff) return fail(Error::input("an .ico holds 1 to 65535 images"));
  constexpr std::size_t k_header = 6;
  constexpr std::size_t k_entry = 16;
  std::size_t offset = k_header + k_entry * frames.size();
  std::size_t total = offset;
  for (const IcoFrame& f : frames) {
    if (f.size < 1 || f.size > 256) return fail(Error::input(fmt::format("an .ico image cannot be {} pixels", f.size)));
    total += f.png.size();
  }
  if (total > std::numeric_limits<std::uint32_t>::max()) return fail(Error::input("the .ico would exceed 4 GiB"));

  std::string out;
  out.reserve(total);
  put16(out, 0);
  put16(out, 1);
  put16(out, static_cast<std::uint32_t>(frames.size()));
  for (const IcoFrame& f : frames) {
    const auto side = static_cast<char>(f.size == 256 ? 0 : f.size); // 0 means 256
    out += side;                                                     // width
    out += side;                                                     // height
    out += '\0';                                                     // palette colours: none
    out += '\0';                                                     // reserved
    put16(out, 1);                                                   // colour planes
    put16(out, 32);                                                  // bits per pixel
    put32(out, static_cast<std::uint32_t>(f.png.size()));
    put32(out, static_cast<std::uint32_t>(offset));
    offset += f.png.size();
  }
  for (const IcoFrame& f : frames) out.append(f.png);
  return out;
}

} // namespace weft::bundlers

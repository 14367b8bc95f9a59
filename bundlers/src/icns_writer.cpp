#include <weft/bundlers/icns_writer.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <limits>

namespace weft::bundlers {

namespace {

void put32_be(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

} // namespace

// Layout: 'icns', total length (big-endian, header included), then per
// element its type, its length (8-byte element header included) and data.
Result<std::string> write_icns(std::span<const IcnsEntry> entries) {
  std::size_t total = 8;
  for (const IcnsEntry& e : entries) {
    if (e.type.size() != 4) return fail(Error::input(fmt::format("`{}` is not a four-character icns type", e.type)));
    total += 8 + e.png.size();
  }
  if (total > std::numeric_limits<std::uint32_t>::max()) return fail(Error::input("the .icns would exceed 4 GiB"));
  std::string out;
  out.reserve(total);
  out += "icns";
  put32_be(out, static_cast<std::uint32_t>(total));
  for (const IcnsEntry& e : entries) {
    out += e.type;
    put32_be(out, static_cast<std::uint32_t>(8 + e.png.size()));
    out += e.png;
  }
  return out;
}

} // namespace weft::bundlers

#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace weft::bundlers {

// A gzip member whose deflate stream is one dynamic-Huffman block coding
// every byte as a literal: no match search, so it costs a byte histogram and
// one table look-up per byte. On text that LZ77 barely shrinks (random
// printable characters, base64, hex digits) it is as small as deflate level
// 6 and several times faster.
class LiteralGzip {
public:
  // Counts the bytes of `data` (which must outlive this object) and builds
  // the code for them.
  explicit LiteralGzip(std::string_view data);

  // Size of the member encode() returns, in bytes.
  size_t encoded_size() const { return m_size; }
  // The whole member: header (no name, mtime 0, OS "Unix"), block, CRC32, size.
  std::string encode() const;

private:
  std::string_view m_data;
  std::array<uint8_t, 257> m_lengths{};
  // Bit-reversed: written least significant bit first.
  std::array<uint16_t, 257> m_codes{};
  std::vector<std::pair<uint16_t, uint8_t>> m_header; // the block header as (bits, count)
  size_t m_size = 0;
};

} // namespace weft::bundlers

#include "literal_gzip.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <numeric>

namespace weft::bundlers {

namespace {

constexpr size_t k_end_of_block = 256;
// Order in which the code-length code's lengths are stored (RFC 1951 3.2.7).
constexpr std::array<uint8_t, 19> k_length_order{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

// Huffman code lengths for `counts` (0: symbol unused), none above `limit`.
// When fewer than two symbols are used a second one gets a length too: the
// code-length code must be complete for inflaters to accept it. Ties are
// broken by symbol number, so the result depends only on the counts.
template <size_t N> std::array<uint8_t, N> code_lengths(std::array<uint64_t, N> counts, unsigned limit) {
  std::array<uint8_t, N> lengths{};
  std::vector<size_t> used;
  for (size_t i = 0; i < N; ++i)
    if (counts[i] > 0) used.push_back(i);
  if (used.size() < 2) {
    const size_t a = used.empty() ? 0 : used.front();
    lengths[a] = 1;
    lengths[a == 0 ? 1 : 0] = 1;
    return lengths;
  }
  const size_t m = used.size();
  for (;;) {
    std::vector<size_t> order = used;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return counts[a] < counts[b]; });
    // Two queues: leaves by weight, then internal nodes in creation order.
    std::vector<uint64_t> weight(2 * m - 1);
    std::vector<size_t> parent(2 * m - 1, 0);
    for (size_t k = 0; k < m; ++k) weight[k] = counts[order[k]];
    size_t leaf = 0, inner = m;
    for (size_t next = m; next < 2 * m - 1; ++next) {
      auto pick = [&] { return leaf < m && (inner == next || weight[leaf] <= weight[inner]) ? leaf++ : inner++; };
      const size_t a = pick(), b = pick();
      weight[next] = weight[a] + weight[b];
      parent[a] = parent[b] = next;
    }
    std::vector<unsigned> depth(2 * m - 1, 0);
    unsigned deepest = 0;
    for (size_t i = 2 * m - 1; i-- > 0;) {
      if (i != 2 * m - 2) depth[i] = depth[parent[i]] + 1;
      if (i < m) deepest = std::max(deepest, depth[i]);
    }
    if (deepest <= limit) {
      for (size_t k = 0; k < m; ++k) lengths[order[k]] = static_cast<uint8_t>(depth[k]);
      return lengths;
    }
    // Flatten the distribution until the tree fits.
    for (size_t i : used) counts[i] = (counts[i] + 1) / 2;
  }
}

// Canonical codes (RFC 1951 3.2.2), bit-reversed for LSB-first output.
template <size_t N> std::array<uint16_t, N> canonical_codes(const std::array<uint8_t, N>& lengths) {
  std::array<uint16_t, 16> count{}, next{};
  for (uint8_t l : lengths)
    if (l) ++count[l];
  uint16_t code = 0;
  for (size_t bits = 1; bits < 16; ++bits) {
    code = static_cast<uint16_t>((code + count[bits - 1]) << 1);
    next[bits] = code;
  }
  std::array<uint16_t, N> codes{};
  for (size_t s = 0; s < N; ++s) {
    const uint8_t l = lengths[s];
    if (!l) continue;
    uint16_t c = next[l]++, reversed = 0;
    for (uint8_t b = 0; b < l; ++b) reversed = static_cast<uint16_t>((reversed << 1) | ((c >> b) & 1));
    codes[s] = reversed;
  }
  return codes;
}

class BitWriter {
public:
  explicit BitWriter(char* out) : m_out(out) {}
  void put(uint32_t bits, unsigned count) {
    m_buffer |= uint64_t{bits} << m_count;
    m_count += count;
    if (m_count >= 32) {
      for (int i = 0; i < 4; ++i) *m_out++ = static_cast<char>(m_buffer >> (8 * i));
      m_buffer >>= 32;
      m_count -= 32;
    }
  }
  char* flush() {
    for (; m_count > 0; m_count = m_count > 8 ? m_count - 8 : 0, m_buffer >>= 8) *m_out++ = static_cast<char>(m_buffer);
    return m_out;
  }

private:
  char* m_out;
  uint64_t m_buffer = 0;
  unsigned m_count = 0;
};

void put_le32(char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>(v >> (8 * i));
}

} // namespace

LiteralGzip::LiteralGzip(std::string_view data) : m_data(data) {
  std::array<uint64_t, 257> counts{};
  // Four tables break the store-to-load dependency between equal bytes.
  std::array<std::array<uint64_t, 256>, 4> partial{};
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t i = 0;
  for (; i + 4 <= data.size(); i += 4) {
    ++partial[0][p[i]];
    ++partial[1][p[i + 1]];
    ++partial[2][p[i + 2]];
    ++partial[3][p[i + 3]];
  }
  for (; i < data.size(); ++i) ++partial[0][p[i]];
  for (size_t s = 0; s < 256; ++s) counts[s] = partial[0][s] + partial[1][s] + partial[2][s] + partial[3][s];
  counts[k_end_of_block] = 1;
  m_lengths = code_lengths(counts, 15);
  m_codes = canonical_codes(m_lengths);

  // The code lengths of 257 literal/length codes and two distance codes
  // (one-bit codes, never used), run-length coded with symbols 16-18.
  std::array<uint8_t, 259> sequence{};
  std::copy(m_lengths.begin(), m_lengths.end(), sequence.begin());
  sequence[257] = sequence[258] = 1;
  struct Symbol {
    uint8_t symbol, extra_bits;
    uint8_t extra;
  };
  std::vector<Symbol> symbols;
  for (size_t at = 0; at < sequence.size();) {
    const uint8_t value = sequence[at];
    size_t run = 1;
    while (at + run < sequence.size() && sequence[at + run] == value) ++run;
    at += run;
    if (value == 0) {
      for (; run >= 11; run -= std::min<size_t>(run, 138))
        symbols.push_back({18, 7, static_cast<uint8_t>(std::min<size_t>(run, 138) - 11)});
      if (run >= 3) {
        symbols.push_back({17, 3, static_cast<uint8_t>(run - 3)});
        run = 0;
      }
    } else {
      symbols.push_back({value, 0, 0});
      --run;
      for (; run >= 3; run -= std::min<size_t>(run, 6))
        symbols.push_back({16, 2, static_cast<uint8_t>(std::min<size_t>(run, 6) - 3)});
    }
    for (; run > 0; --run) symbols.push_back({value, 0, 0});
  }
  std::array<uint64_t, 19> length_counts{};
  for (const Symbol& s : symbols) ++length_counts[s.symbol];
  const std::array<uint8_t, 19> length_lengths = code_lengths(length_counts, 7);
  const std::array<uint16_t, 19> length_codes = canonical_codes(length_lengths);
  size_t stored = 19;
  while (stored > 4 && length_lengths[k_length_order[stored - 1]] == 0) --stored;

  m_header.push_back({1, 1}); // BFINAL
  m_header.push_back({2, 2}); // BTYPE: dynamic Huffman
  m_header.push_back({0, 5}); // HLIT: 257 literal/length codes
  m_header.push_back({1, 5}); // HDIST: 2 distance codes
  m_header.push_back({static_cast<uint16_t>(stored - 4), 4});
  for (size_t k = 0; k < stored; ++k) m_header.push_back({length_lengths[k_length_order[k]], 3});
  for (const Symbol& s : symbols) {
    m_header.push_back({length_codes[s.symbol], length_lengths[s.symbol]});
    if (s.extra_bits) m_header.push_back({s.extra, s.extra_bits});
  }

  uint64_t bits = m_lengths[k_end_of_block];
  for (const auto& [value, count] : m_header) bits += count;
  for (size_t s = 0; s < 256; ++s) bits += counts[s] * m_lengths[s];
  m_size = 10 + (bits + 7) / 8 + 8;
}

std::string LiteralGzip::encode() const {
  // Four bytes of slack: the bit writer stores whole 32-bit words.
  std::string out(m_size + 4, '\0');
  static constexpr unsigned char k_gzip_header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
  std::copy(std::begin(k_gzip_header), std::end(k_gzip_header), out.begin());
  BitWriter w(out.data() + 10);
  for (const auto& [value, count] : m_header) w.put(value, count);
  for (unsigned char c : m_data) w.put(m_codes[c], m_lengths[c]);
  w.put(m_codes[k_end_of_block], m_lengths[k_end_of_block]);
  char* end = w.flush();
  put_le32(end, libdeflate_crc32(0, m_data.data(), m_data.size()));
  put_le32(end + 4, static_cast<uint32_t>(m_data.size()));
  out.resize(static_cast<size_t>(end + 8 - out.data()));
  return out;
}

} // namespace weft::bundlers

#include <weft/signing/blake2b.hpp>
#include <weft/signing/secret.hpp>

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

namespace weft::signing {

namespace {

constexpr std::array<uint64_t, 8> k_iv = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

// Message word schedule, RFC 7693 §2.7; rounds 10 and 11 reuse rows 0 and 1.
constexpr uint8_t k_sigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

uint64_t load64_le(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void mix(uint64_t* v, int a, int b, int c, int d, uint64_t x, uint64_t y) {
  v[a] = v[a] + v[b] + x;
  v[d] = std::rotr(v[d] ^ v[a], 32);
  v[c] = v[c] + v[d];
  v[b] = std::rotr(v[b] ^ v[c], 24);
  v[a] = v[a] + v[b] + y;
  v[d] = std::rotr(v[d] ^ v[a], 16);
  v[c] = v[c] + v[d];
  v[b] = std::rotr(v[b] ^ v[c], 63);
}

} // namespace

Blake2b::Blake2b(size_t digest_size) : m_digest_size(digest_size) {
  if (digest_size == 0 || digest_size > k_max_digest_size) throw std::invalid_argument("BLAKE2b digest size");
  m_h = k_iv;
  // Parameter block word 0: digest length, key length 0, fanout 1, depth 1.
  m_h[0] ^= 0x01010000ULL ^ static_cast<uint64_t>(digest_size);
}

Blake2b::~Blake2b() {
  wipe(m_h.data(), sizeof m_h);
  wipe(m_buffer.data(), sizeof m_buffer);
}

void Blake2b::compress(const uint8_t* block, bool last) {
  uint64_t m[16];
  for (int i = 0; i < 16; ++i) m[i] = load64_le(block + 8 * i);
  uint64_t v[16];
  for (int i = 0; i < 8; ++i) {
    v[i] = m_h[static_cast<size_t>(i)];
    v[i + 8] = k_iv[static_cast<size_t>(i)];
  }
  v[12] ^= m_counter[0];
  v[13] ^= m_counter[1];
  if (last) v[14] = ~v[14];
  for (const auto& s : k_sigma) {
    mix(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
    mix(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
    mix(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
    mix(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
    mix(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
    mix(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
    mix(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
    mix(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
  }
  for (size_t i = 0; i < 8; ++i) m_h[i] ^= v[i] ^ v[i + 8];
  wipe(m, sizeof m);
  wipe(v, sizeof v);
}

void Blake2b::update(std::span<const uint8_t> data) {
  size_t offset = 0;
  while (offset < data.size()) {
    // The last block is compressed in finish(), with the final flag, so a
    // full buffer is only compressed once more input arrives.
    if (m_buffered == k_block_size) {
      m_counter[0] += k_block_size;
      if (m_counter[0] < k_block_size) ++m_counter[1];
      compress(m_buffer.data(), false);
      m_buffered = 0;
    }
    size_t take = std::min(k_block_size - m_buffered, data.size() - offset);
    std::memcpy(m_buffer.data() + m_buffered, data.data() + offset, take);
    m_buffered += take;
    offset += take;
  }
}

void Blake2b::finish(std::span<uint8_t> out) {
  if (out.size() < m_digest_size) throw std::invalid_argument("BLAKE2b output buffer too small");
  m_counter[0] += m_buffered;
  if (m_counter[0] < m_buffered) ++m_counter[1];
  std::memset(m_buffer.data() + m_buffered, 0, k_block_size - m_buffered);
  compress(m_buffer.data(), true);
  for (size_t i = 0; i < m_digest_size; ++i) out[i] = static_cast<uint8_t>(m_h[i / 8] >> (8 * (i % 8)));
}

std::array<uint8_t, 32> blake2b_256(std::span<const uint8_t> data) {
  Blake2b h(32);
  h.update(data);
  std::array<uint8_t, 32> out{};
  h.finish(out);
  return out;
}

std::array<uint8_t, 64> blake2b_512(std::span<const uint8_t> data) {
  Blake2b h(64);
  h.update(data);
  std::array<uint8_t, 64> out{};
  h.finish(out);
  return out;
}

} // namespace weft::signing

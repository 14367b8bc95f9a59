#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace weft::signing {

// BLAKE2b (RFC 7693), unkeyed, with any digest length from 1 to 64 bytes.
// OpenSSL 3.0 offers only the 64-byte digest; minisign's key checksum is the
// 32-byte one, which is a different function (the length is in the
// parameter block), hence this small implementation. Long inputs (files) are
// hashed with OpenSSL, see file_digest.hpp.
class Blake2b {
public:
  static constexpr size_t k_block_size = 128;
  static constexpr size_t k_max_digest_size = 64;

  // digest_size must be in [1, 64].
  explicit Blake2b(size_t digest_size);
  ~Blake2b();
  Blake2b(const Blake2b&) = delete;
  Blake2b& operator=(const Blake2b&) = delete;

  void update(std::span<const uint8_t> data);
  // Writes digest_size bytes; the object must not be updated afterwards.
  void finish(std::span<uint8_t> out);

  size_t digest_size() const { return m_digest_size; }

private:
  void compress(const uint8_t* block, bool last);

  std::array<uint64_t, 8> m_h{};
  std::array<uint64_t, 2> m_counter{};
  std::array<uint8_t, k_block_size> m_buffer{};
  size_t m_buffered = 0;
  size_t m_digest_size;
};

std::array<uint8_t, 32> blake2b_256(std::span<const uint8_t> data);
std::array<uint8_t, 64> blake2b_512(std::span<const uint8_t> data);

} // namespace weft::signing

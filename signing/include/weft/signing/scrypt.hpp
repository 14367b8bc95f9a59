#pragma once

#include <weft/base/error.hpp>

#include <cstdint>
#include <span>
#include <string_view>

namespace weft::signing {

// scrypt cost parameters. minisign keys store libsodium's (opslimit,
// memlimit) pair rather than (N, r, p); scrypt_params_from_limits() turns one
// into the other the way libsodium's crypto_pwhash_scryptsalsa208sha256 does.
struct ScryptParams {
  uint32_t n_log2 = 0;
  uint32_t r = 0;
  uint32_t p = 0;

  uint64_t n() const { return uint64_t{1} << n_log2; }
  // Memory scrypt needs: 128 * r * (N + p) bytes, plus a little.
  uint64_t memory_bytes() const;
  bool operator==(const ScryptParams&) const = default;
};

// The limits rsign and `tauri signer generate` write: N = 2^15, r = 8, p = 1
// (32 MiB, a fraction of a second). `minisign -G` writes the "sensitive"
// limits (33554432, 1073741824): N = 2^20, 1 GiB, seconds.
inline constexpr uint64_t k_default_opslimit = 1'048'576;
inline constexpr uint64_t k_default_memlimit = 33'554'432;
inline constexpr uint64_t k_minisign_opslimit = 33'554'432;
inline constexpr uint64_t k_minisign_memlimit = 1'073'741'824;

// Fails when the result would exceed what a real key uses (N > 2^20, more
// than 1 GiB, or p > 16): such limits come from a corrupted key, and
// honouring them could take hours or all memory.
Result<ScryptParams> scrypt_params_from_limits(uint64_t opslimit, uint64_t memlimit);

// scrypt (RFC 7914) through OpenSSL's EVP_KDF "SCRYPT".
Result<void> scrypt_derive(std::string_view password, std::span<const uint8_t> salt, const ScryptParams& params,
                           std::span<uint8_t> out);

} // namespace weft::signing

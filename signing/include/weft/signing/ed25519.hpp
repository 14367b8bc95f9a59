#pragma once

#include <weft/base/error.hpp>

#include <array>
#include <cstdint>
#include <span>

namespace weft::signing {

using Ed25519Seed = std::array<uint8_t, 32>;
using Ed25519PublicKey = std::array<uint8_t, 32>;
using Ed25519Signature = std::array<uint8_t, 64>;

// Pure Ed25519 (RFC 8032) through OpenSSL's EVP_PKEY_ED25519.
Result<Ed25519PublicKey> ed25519_public_key(const Ed25519Seed& seed);
Result<Ed25519Signature> ed25519_sign(const Ed25519Seed& seed, std::span<const uint8_t> message);
// False for a bad signature and for a public key that is not a curve point.
bool ed25519_verify(const Ed25519PublicKey& public_key, std::span<const uint8_t> message,
                    const Ed25519Signature& signature);

// Cryptographically secure random bytes (OpenSSL's DRBG, seeded by the OS).
Result<void> random_bytes(std::span<uint8_t> out);

} // namespace weft::signing

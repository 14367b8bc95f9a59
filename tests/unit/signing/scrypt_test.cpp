#include "signing_test_util.hpp"

#include <weft/signing/scrypt.hpp>

#include <gtest/gtest.h>

namespace weft::signing {
namespace {

using test::bytes_of;
using test::to_hex;

// RFC 7914 §12, the first two vectors.
TEST(Scrypt, Rfc7914Vectors) {
  std::array<uint8_t, 64> out{};
  ASSERT_TRUE(scrypt_derive("", {}, ScryptParams{4, 1, 1}, out));
  EXPECT_EQ(to_hex(out),
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
            "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
  ASSERT_TRUE(scrypt_derive("password", bytes_of("NaCl"), ScryptParams{10, 8, 16}, out));
  EXPECT_EQ(to_hex(out),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
}

// libsodium's (opslimit, memlimit) -> (N, r, p), for the limits that rsign,
// Tauri and minisign write.
TEST(Scrypt, ParamsFromLimits) {
  auto tauri = scrypt_params_from_limits(k_default_opslimit, k_default_memlimit);
  ASSERT_TRUE(tauri);
  EXPECT_EQ(*tauri, (ScryptParams{15, 8, 1}));
  EXPECT_EQ(tauri->memory_bytes() >> 20, 32u);

  auto minisign = scrypt_params_from_limits(k_minisign_opslimit, k_minisign_memlimit);
  ASSERT_TRUE(minisign);
  EXPECT_EQ(*minisign, (ScryptParams{20, 8, 1}));

  // opslimit below memlimit / 32: N from opslimit alone.
  auto small = scrypt_params_from_limits(524288, 1u << 30);
  ASSERT_TRUE(small);
  EXPECT_EQ(*small, (ScryptParams{14, 8, 1}));
}

TEST(Scrypt, RefusesLimitsNoRealKeyUses) {
  EXPECT_FALSE(scrypt_params_from_limits(uint64_t{1} << 40, uint64_t{1} << 40)); // N = 2^30
  EXPECT_FALSE(scrypt_params_from_limits(~uint64_t{0}, k_default_memlimit));      // p in the millions
  auto error = scrypt_params_from_limits(~uint64_t{0}, ~uint64_t{0});
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().message().find("unsupported scrypt cost"), std::string::npos);
}

} // namespace
} // namespace weft::signing

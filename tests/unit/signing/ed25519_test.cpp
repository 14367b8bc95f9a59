#include "signing_test_util.hpp"

#include <weft/signing/ed25519.hpp>

#include <gtest/gtest.h>

#include <cstring>

namespace weft::signing {
namespace {

using test::from_hex;
using test::to_hex;

template <size_t N>
std::array<uint8_t, N> array_of(std::string_view hex) {
  std::vector<uint8_t> bytes = from_hex(hex);
  std::array<uint8_t, N> out{};
  std::memcpy(out.data(), bytes.data(), N);
  return out;
}

struct Rfc8032Vector {
  const char* seed;
  const char* public_key;
  const char* message;
  const char* signature;
};

// RFC 8032 §7.1, tests 1 and 2.
constexpr Rfc8032Vector k_vectors[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
};

TEST(Ed25519, Rfc8032Vectors) {
  for (const Rfc8032Vector& v : k_vectors) {
    auto seed = array_of<32>(v.seed);
    std::vector<uint8_t> message = from_hex(v.message);
    auto public_key = ed25519_public_key(seed);
    ASSERT_TRUE(public_key);
    EXPECT_EQ(to_hex(*public_key), v.public_key);
    auto signature = ed25519_sign(seed, message);
    ASSERT_TRUE(signature);
    EXPECT_EQ(to_hex(*signature), v.signature);
    EXPECT_TRUE(ed25519_verify(*public_key, message, *signature));
  }
}

TEST(Ed25519, RejectsAlteredMessageSignatureOrKey) {
  auto seed = array_of<32>(k_vectors[1].seed);
  auto public_key = *ed25519_public_key(seed);
  std::vector<uint8_t> message = {0x72};
  auto signature = *ed25519_sign(seed, message);

  std::vector<uint8_t> other_message = {0x73};
  EXPECT_FALSE(ed25519_verify(public_key, other_message, signature));
  Ed25519Signature bad_signature = signature;
  bad_signature[10] ^= 1;
  EXPECT_FALSE(ed25519_verify(public_key, message, bad_signature));
  Ed25519PublicKey other_key = *ed25519_public_key(array_of<32>(k_vectors[0].seed));
  EXPECT_FALSE(ed25519_verify(other_key, message, signature));
}

TEST(Ed25519, RandomBytesDiffer) {
  std::array<uint8_t, 32> a{}, b{};
  ASSERT_TRUE(random_bytes(a));
  ASSERT_TRUE(random_bytes(b));
  EXPECT_NE(a, b);
}

} // namespace
} // namespace weft::signing

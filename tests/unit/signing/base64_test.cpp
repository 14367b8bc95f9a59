#include "signing_test_util.hpp"

#include <weft/signing/base64.hpp>

#include <gtest/gtest.h>

namespace weft::signing {
namespace {

TEST(Base64, EncodesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(std::string_view("")), "");
  EXPECT_EQ(base64_encode(std::string_view("f")), "Zg==");
  EXPECT_EQ(base64_encode(std::string_view("fo")), "Zm8=");
  EXPECT_EQ(base64_encode(std::string_view("foo")), "Zm9v");
  EXPECT_EQ(base64_encode(std::string_view("foob")), "Zm9vYg==");
  EXPECT_EQ(base64_encode(std::string_view("fooba")), "Zm9vYmE=");
  EXPECT_EQ(base64_encode(std::string_view("foobar")), "Zm9vYmFy");
}

TEST(Base64, RoundTripsEveryByteValueAndLength) {
  std::vector<uint8_t> data;
  for (int length = 0; length < 300; ++length) {
    std::string encoded = base64_encode(data);
    if (!data.empty()) {
      auto decoded = base64_decode(encoded);
      ASSERT_TRUE(decoded) << length;
      EXPECT_EQ(*decoded, data);
    }
    data.push_back(static_cast<uint8_t>(length * 37 + 11));
  }
}

TEST(Base64, RejectsMalformedInput) {
  EXPECT_FALSE(base64_decode(""));
  EXPECT_FALSE(base64_decode("Zm9"));       // truncated
  EXPECT_FALSE(base64_decode("Zm9v\n"));    // whitespace
  EXPECT_FALSE(base64_decode("Zm:v"));      // not the alphabet
  EXPECT_FALSE(base64_decode("Zg=a"));      // padding inside
  EXPECT_FALSE(base64_decode("Zh=="));      // non-zero bits before the padding
  EXPECT_FALSE(base64_decode("Z==="));
  EXPECT_FALSE(base64_decode("Zm-v"));      // URL-safe alphabet is not minisign's
}

TEST(Base64, ErrorNamesTheOffsetButNotTheInput) {
  auto decoded = base64_decode("c2VjcmV0:2VjcmV0");
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message().find("offset 8"), std::string::npos) << decoded.error().message();
  EXPECT_EQ(decoded.error().message().find("c2VjcmV0"), std::string::npos);
}

TEST(Base64, IsBase64) {
  EXPECT_TRUE(is_base64("Zm9vYmFy"));
  EXPECT_FALSE(is_base64("untrusted comment: x"));
  EXPECT_FALSE(is_base64(""));
}

} // namespace
} // namespace weft::signing

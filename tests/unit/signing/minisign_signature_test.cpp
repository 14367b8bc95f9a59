#include "signing_test_util.hpp"

#include <weft/signing/base64.hpp>
#include <weft/signing/key_source.hpp>
#include <weft/signing/minisign_signature.hpp>
#include <weft/signing/sign_file.hpp>

#include <gtest/gtest.h>

namespace weft::signing {
namespace {

TEST(MinisignSignature, DecodesTauriSigFileAndRoundTrips) {
  std::string content = test::fixture("payload.bin.sig");
  auto signature = decode_sig_file(content);
  ASSERT_TRUE(signature) << signature.error().message();
  EXPECT_EQ(signature->algorithm, SignatureAlgorithm::prehashed);
  EXPECT_EQ(signature->untrusted_comment, "signature from tauri secret key");
  EXPECT_EQ(signature->key_id.to_hex(), "66463CF9C2802B81");
  EXPECT_TRUE(signature->trusted_comment.starts_with("timestamp:"));
  // weft writes byte-for-byte what Tauri wrote.
  EXPECT_EQ(encode_sig_file(*signature), content);
}

TEST(MinisignSignature, AcceptsPlainMinisignText) {
  auto from_base64 = decode_sig_file(test::fixture("payload.bin.sig"));
  ASSERT_TRUE(from_base64);
  auto from_text = decode_sig_file(from_base64->to_box());
  ASSERT_TRUE(from_text);
  EXPECT_EQ(from_text->to_box(), from_base64->to_box());
}

TEST(MinisignSignature, TruncatedSigFiles) {
  std::string content = test::fixture("payload.bin.sig");
  // Cut at a multiple of 4 so that only the content is short.
  auto cut = decode_sig_file(content.substr(0, 200));
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().message().find("truncated"), std::string::npos) << cut.error().message();
  auto odd = decode_sig_file(content.substr(0, 201));
  ASSERT_FALSE(odd);
  EXPECT_NE(odd.error().message().find("truncated"), std::string::npos) << odd.error().message();
  EXPECT_FALSE(decode_sig_file(""));
}

TEST(MinisignSignature, RejectsUnknownAlgorithm) {
  Signature s = *decode_sig_file(test::fixture("payload.bin.sig"));
  std::string box = s.to_box();
  // Re-encode the second line with "EX" as the algorithm.
  std::array<uint8_t, 74> raw{};
  raw[0] = 'E';
  raw[1] = 'X';
  std::string line = base64_encode(raw);
  size_t start = box.find('\n') + 1;
  box.replace(start, box.find('\n', start) - start, line);
  auto parsed = Signature::parse(box);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message().find("unsupported algorithm `EX`"), std::string::npos);
}

TEST(TrustedComment, ParseAndFormat) {
  TrustedComment c = TrustedComment::parse("timestamp:1729598400\tfile:App_1.2.3_amd64.AppImage\tversion:1.2.3");
  EXPECT_EQ(c.timestamp, 1729598400);
  EXPECT_EQ(c.file, "App_1.2.3_amd64.AppImage");
  EXPECT_EQ(c.version, "1.2.3");
  EXPECT_EQ(c.format(), "timestamp:1729598400\tfile:App_1.2.3_amd64.AppImage\tversion:1.2.3");

  TrustedComment minisign = TrustedComment::parse("timestamp:1700000000\tfile:x.tar.gz\thashed");
  EXPECT_EQ(minisign.file, "x.tar.gz");
  EXPECT_FALSE(minisign.version);
  EXPECT_FALSE(TrustedComment::parse("anything at all").timestamp);
}

} // namespace
} // namespace weft::signing

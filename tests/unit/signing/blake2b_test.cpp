#include "signing_test_util.hpp"
#include "test_dir.hpp"

#include <weft/signing/blake2b.hpp>
#include <weft/signing/file_digest.hpp>

#include <gtest/gtest.h>

namespace weft::signing {
namespace {

using test::bytes_of;
using test::to_hex;

// RFC 7693 Appendix A: BLAKE2b-512("abc").
TEST(Blake2b, Rfc7693AppendixA) {
  EXPECT_EQ(to_hex(blake2b_512(bytes_of("abc"))),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
}

TEST(Blake2b, EmptyInput) {
  EXPECT_EQ(to_hex(blake2b_512({})),
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
            "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
}

// The digest length is part of the parameter block: BLAKE2b-256 is not a
// truncated BLAKE2b-512. Reference value from `b2sum -l 256`.
TEST(Blake2b, Digest256IsItsOwnFunction) {
  EXPECT_EQ(to_hex(blake2b_256(bytes_of("abc"))),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

// Every length around the 128-byte block boundary, fed in odd pieces,
// against OpenSSL's BLAKE2B-512.
TEST(Blake2b, MatchesOpenSslAcrossBlockBoundaries) {
  std::vector<uint8_t> data(1100);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>((i * 131 + 7) ^ (i >> 3));
  for (size_t length : {0, 1, 63, 64, 127, 128, 129, 255, 256, 257, 1000, 1100}) {
    std::span<const uint8_t> input(data.data(), length);
    Blake2b ours(64);
    for (size_t offset = 0; offset < length; offset += 37) ours.update(input.subspan(offset, std::min<size_t>(37, length - offset)));
    std::array<uint8_t, 64> digest{};
    ours.finish(digest);

    Blake2b512Stream reference;
    ASSERT_TRUE(reference.update(input));
    auto expected = reference.finish();
    ASSERT_TRUE(expected);
    EXPECT_EQ(to_hex(digest), to_hex(*expected)) << "length " << length;
  }
}

TEST(Blake2b, RejectsBadDigestSizes) {
  EXPECT_THROW(Blake2b(0), std::invalid_argument);
  EXPECT_THROW(Blake2b(65), std::invalid_argument);
}

TEST(FileDigest, StreamsAFileLargerThanOneChunk) {
  test::TempDir dir;
  std::string content;
  for (int i = 0; i < 700'000; ++i) content += static_cast<char>(i * 7 % 251);
  test::write_text(dir / "big.bin", content);
  auto digest = blake2b512_file(dir / "big.bin");
  ASSERT_TRUE(digest);
  EXPECT_EQ(to_hex(*digest), to_hex(blake2b_512(bytes_of(content))));
}

TEST(FileDigest, MissingFileNamesThePath) {
  auto digest = blake2b512_file("/nonexistent/weft/file");
  ASSERT_FALSE(digest);
  EXPECT_NE(digest.error().message().find("/nonexistent/weft/file"), std::string::npos);
}

TEST(FileDigest, CancelStopsEarly) {
  test::TempDir dir;
  test::write_text(dir / "f", "data");
  std::atomic<bool> cancel{true};
  auto digest = blake2b512_file(dir / "f", &cancel);
  ASSERT_FALSE(digest);
  EXPECT_EQ(digest.error().code(), ExitCode::interrupted);
}

} // namespace
} // namespace weft::signing

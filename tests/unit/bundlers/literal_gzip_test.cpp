// The literal-only gzip coder and the stream compressor's choice of coding
// per block, checked by inflating with zlib.
#include "literal_gzip.hpp"
#include "stream_compressor.hpp"

#include <gtest/gtest.h>
#include <libdeflate.h>
#include <zlib.h>

#include <random>

namespace weft::bundlers {
namespace {

// Every gzip member of `gz` inflated in turn, as gzip -d reads a multi-member file.
std::string gunzip(const std::string& gz) {
  std::string out;
  size_t at = 0;
  while (at < gz.size()) {
    z_stream z{};
    EXPECT_EQ(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data() + at));
    z.avail_in = static_cast<uInt>(gz.size() - at);
    int rc = Z_OK;
    char buffer[65536];
    while (rc == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      rc = inflate(&z, Z_NO_FLUSH);
      out.append(buffer, sizeof buffer - z.avail_out);
    }
    EXPECT_EQ(rc, Z_STREAM_END) << (z.msg ? z.msg : "") << " at member offset " << at;
    at = gz.size() - z.avail_in;
    inflateEnd(&z);
    if (rc != Z_STREAM_END) break;
  }
  return out;
}

std::string random_printable(size_t size, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) s[i] = i % 100 == 99 ? '\n' : static_cast<char>(' ' + rng() % 95);
  return s;
}

TEST(LiteralGzip, InflatesToTheInputWithTheSizeItAnnounced) {
  std::string skewed; // counts 1, 1, 2, 4, … force a code longer than 15 bits to be flattened
  for (int s = 0; s < 24; ++s) skewed += std::string(size_t{1} << std::max(0, s - 1), static_cast<char>('a' + s));
  std::string all_bytes;
  for (int c = 0; c < 256; ++c) all_bytes += static_cast<char>(c);
  std::string random_bytes(1 << 20, '\0');
  std::mt19937 rng(7);
  for (char& c : random_bytes) c = static_cast<char>(rng());
  const std::vector<std::string> inputs = {"",        "a",          std::string(100000, 'x'),    "ab", skewed,
                                           all_bytes, random_bytes, random_printable(1 << 20, 1)};
  for (const std::string& in : inputs) {
    LiteralGzip coder(in);
    const std::string gz = coder.encode();
    EXPECT_EQ(gz.size(), coder.encoded_size()) << in.size() << " bytes";
    EXPECT_EQ(gunzip(gz), in) << in.size() << " bytes";
    // No name, no mtime, OS "Unix", as gzip -n writes.
    EXPECT_EQ(gz.substr(3, 7), std::string("\0\0\0\0\0\0\3", 7));
  }
}

TEST(LiteralGzip, CodesRandomPrintableTextAsSmallAsDeflateLevel6) {
  const std::string text = random_printable(1 << 20, 2);
  libdeflate_compressor* c = libdeflate_alloc_compressor(6);
  std::string out(libdeflate_gzip_compress_bound(c, text.size()), '\0');
  const size_t deflated = libdeflate_gzip_compress(c, text.data(), text.size(), out.data(), out.size());
  libdeflate_free_compressor(c);
  const size_t literal = LiteralGzip(text).encoded_size();
  EXPECT_LT(static_cast<double>(literal), 1.001 * static_cast<double>(deflated));
  EXPECT_LT(literal, text.size() * 84 / 100); // 95 symbols: about 6.6 bits each
}

std::string compress(const std::string& in, unsigned threads) {
  std::string out;
  auto gz = make_stream_compressor(Compression::gzip, 6, threads, [&](std::string_view bytes) -> Result<void> {
    out.append(bytes);
    return {};
  });
  EXPECT_TRUE(gz->write(in));
  EXPECT_TRUE(gz->finish());
  return out;
}

TEST(ParallelGzip, MixedBlocksInflateToTheInputWhateverTheThreads) {
  // 1 MiB blocks of random bytes (stored), random printable text (literal
  // only), repetitive words (deflated) and a short tail.
  std::string in(1 << 20, '\0');
  std::mt19937 rng(3);
  for (char& c : in) c = static_cast<char>(rng());
  in += random_printable(1 << 20, 4);
  const std::string words = "bundle package resource window event value ";
  while (in.size() < (3u << 20) + 1000) in += words.substr(0, rng() % words.size());
  const std::string gz = compress(in, 2);
  EXPECT_EQ(gunzip(gz), in);
  EXPECT_EQ(compress(in, 1), gz);
  EXPECT_EQ(compress(in, 3), gz);
  // Stored random block, ~83 % for the printable one, the words far smaller.
  EXPECT_LT(gz.size(), (1u << 20) + (1u << 20) * 84 / 100 + (1u << 20) / 5);
}

} // namespace
} // namespace weft::bundlers

#include <weft/bundlers/icns_writer.hpp>
#include <weft/bundlers/ico_writer.hpp>

#include <gtest/gtest.h>

namespace weft::bundlers {
namespace {

unsigned byte(const std::string& s, std::size_t i) { return static_cast<unsigned char>(s[i]); }
unsigned le16(const std::string& s, std::size_t i) { return byte(s, i) | byte(s, i + 1) << 8; }
unsigned le32(const std::string& s, std::size_t i) { return le16(s, i) | le16(s, i + 2) << 16; }
unsigned be32(const std::string& s, std::size_t i) {
  return byte(s, i) << 24 | byte(s, i + 1) << 16 | byte(s, i + 2) << 8 | byte(s, i + 3);
}

TEST(IcoWriter, DirectoryPointsAtEachFrame) {
  const std::string a = "\x89PNG-frame-a", b = "\x89PNG-frame-bb";
  const IcoFrame frames[] = {{32, a}, {256, b}};
  Result<std::string> ico = write_ico(frames);
  ASSERT_TRUE(ico);
  EXPECT_EQ(le16(*ico, 0), 0u);
  EXPECT_EQ(le16(*ico, 2), 1u); // icon, not cursor
  EXPECT_EQ(le16(*ico, 4), 2u);
  // entry 0
  EXPECT_EQ(byte(*ico, 6), 32u);
  EXPECT_EQ(byte(*ico, 7), 32u);
  EXPECT_EQ(le16(*ico, 10), 1u);
  EXPECT_EQ(le16(*ico, 12), 32u);
  EXPECT_EQ(le32(*ico, 14), a.size());
  EXPECT_EQ(ico->substr(le32(*ico, 18), a.size()), a);
  // entry 1: 256 is stored as 0
  EXPECT_EQ(byte(*ico, 22), 0u);
  EXPECT_EQ(byte(*ico, 23), 0u);
  EXPECT_EQ(ico->substr(le32(*ico, 34), b.size()), b);
  EXPECT_EQ(ico->size(), 6 + 2 * 16 + a.size() + b.size());
}

TEST(IcoWriter, RefusesImpossibleFrames) {
  const IcoFrame big[] = {{257, "x"}};
  EXPECT_FALSE(write_ico(big));
  EXPECT_FALSE(write_ico({}));
}

TEST(IcnsWriter, ElementsFollowTheHeader) {
  const std::string a = "PNGDATA1", b = "PNG2";
  const IcnsEntry entries[] = {{"ic07", a}, {"ic10", b}};
  Result<std::string> icns = write_icns(entries);
  ASSERT_TRUE(icns);
  EXPECT_EQ(icns->substr(0, 4), "icns");
  EXPECT_EQ(be32(*icns, 4), icns->size());
  EXPECT_EQ(icns->substr(8, 4), "ic07");
  EXPECT_EQ(be32(*icns, 12), 8 + a.size());
  EXPECT_EQ(icns->substr(16, a.size()), a);
  const std::size_t second = 16 + a.size();
  EXPECT_EQ(icns->substr(second, 4), "ic10");
  EXPECT_EQ(be32(*icns, second + 4), 8 + b.size());
  EXPECT_EQ(icns->substr(second + 8), b);
}

TEST(IcnsWriter, RefusesBadTypes) {
  const IcnsEntry entries[] = {{"ic7", "x"}};
  EXPECT_FALSE(write_icns(entries));
}

} // namespace
} // namespace weft::bundlers

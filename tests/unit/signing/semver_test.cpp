#include <weft/signing/semver.hpp>

#include <gtest/gtest.h>

namespace weft::signing {
namespace {

SemVer v(const char* text) {
  auto parsed = SemVer::parse(text);
  EXPECT_TRUE(parsed) << text;
  return parsed ? *parsed : SemVer{};
}

TEST(SemVer, Parses) {
  SemVer a = v("v1.2.3-beta.2+build.7");
  EXPECT_EQ(a.major, 1u);
  EXPECT_EQ(a.minor, 2u);
  EXPECT_EQ(a.patch, 3u);
  EXPECT_EQ(a.prerelease, (std::vector<std::string>{"beta", "2"}));
  EXPECT_EQ(a.build, "build.7");
  EXPECT_EQ(a.to_string(), "1.2.3-beta.2+build.7");
}

TEST(SemVer, Rejects) {
  for (const char* bad : {"", "1", "1.2", "1.2.3.4", "01.2.3", "1.2.x", "1.2.3-", "1.2.3-01", "1.2.3+", "1..3",
                          "1.2.3-a..b", "x1.2.3"})
    EXPECT_FALSE(SemVer::parse(bad)) << bad;
}

// The precedence example of SemVer §11.
TEST(SemVer, Precedence) {
  const char* ordered[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                           "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0"};
  for (size_t i = 0; i + 1 < std::size(ordered); ++i) {
    EXPECT_LT(v(ordered[i]), v(ordered[i + 1])) << ordered[i] << " < " << ordered[i + 1];
    EXPECT_GT(v(ordered[i + 1]), v(ordered[i]));
  }
  EXPECT_EQ(v("1.0.0+a"), v("1.0.0+b"));
  EXPECT_EQ(v("v1.0.0"), v("1.0.0"));
}

} // namespace
} // namespace weft::signing

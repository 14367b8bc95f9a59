#include "csp.hpp"

#include <gtest/gtest.h>

namespace weft::cli {
namespace {

// Expected hashes computed independently (Python hashlib + base64).
constexpr const char* k_alert = "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='";
constexpr const char* k_red = "'sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E='";

CspHashes sample() {
  CspHashes hashes;
  add_inline_hashes("<style>body{color:red}</style><script>alert(1)</script><script>alert(1)</script>", hashes);
  return hashes;
}

TEST(Csp, HashMatchesBrowsersFormat) { EXPECT_EQ(csp_hash_source("alert(1)"), k_alert); }

TEST(Csp, HashesEachInlineBlockOnce) {
  CspHashes hashes = sample();
  ASSERT_EQ(hashes.scripts.size(), 1u);
  EXPECT_EQ(hashes.scripts[0], k_alert);
  ASSERT_EQ(hashes.styles.size(), 1u);
  EXPECT_EQ(hashes.styles[0], k_red);
}

TEST(Csp, NullStaysOff) { EXPECT_EQ(effective_csp(nullptr, sample(), false), std::nullopt); }

TEST(Csp, MissingDirectivesInheritDefaultSrc) {
  auto csp = effective_csp("default-src 'self'; img-src 'self' data:", sample(), false);
  ASSERT_TRUE(csp);
  EXPECT_EQ(*csp, std::string("default-src 'self'; img-src 'self' data:; script-src 'self' ") + k_alert +
                      "; style-src 'self' " + k_red);
}

TEST(Csp, ExistingDirectiveGetsHashesAppended) {
  auto csp = effective_csp("script-src 'self' https://cdn.example", sample(), false);
  ASSERT_TRUE(csp);
  EXPECT_EQ(*csp, std::string("script-src 'self' https://cdn.example ") + k_alert);
}

TEST(Csp, UnsafeInlineAndNoneAreLeftAlone) {
  auto csp = effective_csp("default-src 'self'; script-src 'unsafe-inline'; style-src 'none'", sample(), false);
  EXPECT_EQ(*csp, "default-src 'self'; script-src 'unsafe-inline'; style-src 'none'");
}

TEST(Csp, DisabledModificationPerDirectiveOrWhole) {
  EXPECT_EQ(*effective_csp("default-src 'self'", sample(), true), "default-src 'self'");
  auto csp = effective_csp("default-src 'self'", sample(), nlohmann::json::array({"script-src"}));
  EXPECT_EQ(*csp, std::string("default-src 'self'; style-src 'self' ") + k_red);
}

TEST(Csp, ObjectForm) {
  nlohmann::json policy = {{"default-src", "'self'"}, {"img-src", {"'self'", "data:"}}};
  auto csp = effective_csp(policy, CspHashes{}, false);
  EXPECT_EQ(*csp, "default-src 'self'; img-src 'self' data:");
}

TEST(Csp, WithSourceAddsToTheDirectiveOrACopyOfDefaultSrc) {
  EXPECT_EQ(with_source("connect-src ipc:", "connect-src", "'self'"), "connect-src ipc: 'self'");
  EXPECT_EQ(with_source("default-src 'none'; img-src data:", "connect-src", "'self'"),
            "default-src 'none'; img-src data:; connect-src 'self'");
  EXPECT_EQ(with_source("connect-src 'self'", "connect-src", "'self'"), "connect-src 'self'");
  EXPECT_EQ(with_source("connect-src *", "connect-src", "'self'"), "connect-src *");
  EXPECT_EQ(with_source("img-src data:", "connect-src", "'self'"), "img-src data:");
}

} // namespace
} // namespace weft::cli

#include "signing_test_util.hpp"

#include <weft/signing/base64.hpp>
#include <weft/signing/key_source.hpp>
#include <weft/signing/minisign_key.hpp>

#include <gtest/gtest.h>

namespace weft::signing {
namespace {

using test::k_fixture_password;

// One key for the whole suite: sealing runs scrypt (32 MiB, ~0.1 s).
class MinisignKeyTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_key = new SecretKey(*SecretKey::generate());
    s_box = new SecretKeyBox(*SecretKeyBox::seal(*s_key, SecretString("pa55 word")));
  }
  static void TearDownTestSuite() {
    delete s_box;
    delete s_key;
  }

  // The box with byte `offset` XOR-ed with `mask`, as text.
  static std::string corrupted(const SecretKeyBox& box, size_t offset, uint8_t mask = 0x01) {
    auto bytes = box.bytes();
    bytes[offset] ^= mask;
    return "untrusted comment: corrupted\n" + base64_encode(bytes) + "\n";
  }

  static SecretKey* s_key;
  static SecretKeyBox* s_box;
};

SecretKey* MinisignKeyTest::s_key = nullptr;
SecretKeyBox* MinisignKeyTest::s_box = nullptr;

TEST_F(MinisignKeyTest, SealParseOpenRoundTrip) {
  EXPECT_EQ(s_box->encryption(), KeyEncryption::scrypt);
  auto parsed = SecretKeyBox::parse(s_box->to_box());
  ASSERT_TRUE(parsed) << parsed.error().message();
  auto opened = parsed->open(SecretString("pa55 word"));
  ASSERT_TRUE(opened) << opened.error().message();
  EXPECT_EQ(opened->id(), s_key->id());
  EXPECT_EQ(opened->raw(), s_key->raw());
  EXPECT_EQ(opened->public_key(), s_key->public_key());
}

TEST_F(MinisignKeyTest, TauriFormRoundTrip) {
  std::optional<std::string> text = minisign_text_of(s_box->to_tauri_form());
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, s_box->to_box());
}

TEST_F(MinisignKeyTest, WrongPasswordIsOneLineWithoutThePassword) {
  auto opened = s_box->open(SecretString("not the password"));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code(), ExitCode::input);
  EXPECT_NE(opened.error().message().find("wrong password"), std::string::npos);
  EXPECT_EQ(opened.error().message().find("not the password"), std::string::npos);
  EXPECT_EQ(opened.error().message().find('\n'), std::string::npos);
  EXPECT_FALSE(s_box->open(SecretString("")));
}

TEST_F(MinisignKeyTest, EveryCorruptedRegionIsReported) {
  struct Case {
    const char* region;
    size_t offset;
    uint8_t mask;
    const char* expected;
  };
  const Case cases[] = {
      {"signature algorithm", 0, 0x01, "unsupported signature algorithm"},
      {"key derivation", 2, 0x01, "unsupported key derivation"},
      {"checksum algorithm", 5, 0x01, "unsupported checksum algorithm"},
      {"salt", 6 + 17, 0x80, "checksum mismatch"},
      {"opslimit", 38 + 7, 0x40, "unsupported scrypt cost"},
      {"memlimit", 46 + 3, 0x02, "unsupported scrypt cost"}, // memlimit 0
      {"key id", 54 + 3, 0x01, "checksum mismatch"},
      {"secret key", 62 + 20, 0x04, "checksum mismatch"},
      {"public half", 62 + 40, 0x04, "checksum mismatch"},
      {"checksum", 126 + 31, 0x01, "checksum mismatch"},
  };
  for (const Case& c : cases) {
    std::string text = corrupted(*s_box, c.offset, c.mask);
    auto parsed = SecretKeyBox::parse(text);
    Result<SecretKey> opened = parsed ? parsed->open(SecretString("pa55 word")) : fail(parsed.error());
    ASSERT_FALSE(opened) << c.region;
    EXPECT_NE(opened.error().message().find(c.expected), std::string::npos)
        << c.region << ": " << opened.error().message();
    EXPECT_EQ(opened.error().message().find('\n'), std::string::npos) << c.region;
  }
}

TEST_F(MinisignKeyTest, TruncatedKeyNamesTheSize) {
  std::string text = s_box->to_box();
  size_t newline = text.find('\n');
  std::string truncated = text.substr(0, newline + 1 + 100);
  auto parsed = SecretKeyBox::parse(truncated);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message().find("75 bytes, expected 158"), std::string::npos) << parsed.error().message();
}

TEST_F(MinisignKeyTest, UnencryptedKeys) {
  SecretKeyBox plain = SecretKeyBox::seal_unencrypted(*s_key);
  EXPECT_EQ(plain.encryption(), KeyEncryption::none);
  auto opened = SecretKeyBox::parse(plain.to_box())->open(SecretString("ignored"));
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->raw(), s_key->raw());

  auto flipped = SecretKeyBox::parse(corrupted(plain, 62 + 5))->open(SecretString());
  ASSERT_FALSE(flipped);
  EXPECT_NE(flipped.error().message().find("corrupted: checksum mismatch"), std::string::npos);
}

// `minisign -G -W` leaves the checksum zero; the seed/public-key check is
// what catches corruption then.
TEST_F(MinisignKeyTest, UnencryptedKeyWithZeroChecksumAsMinisignWritesIt) {
  auto bytes = SecretKeyBox::seal_unencrypted(*s_key).bytes();
  std::fill(bytes.begin() + 126, bytes.end(), uint8_t{0});
  std::string text = "untrusted comment: minisign secret key\n" + base64_encode(bytes) + "\n";
  ASSERT_TRUE(SecretKeyBox::parse(text)->open(SecretString()));

  bytes[62 + 3] ^= 0x20; // the seed
  text = "untrusted comment: minisign secret key\n" + base64_encode(bytes) + "\n";
  auto opened = SecretKeyBox::parse(text)->open(SecretString());
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message().find("public half does not match"), std::string::npos);
}

TEST_F(MinisignKeyTest, PublicKeyForms) {
  PublicKey key = s_key->public_key();
  auto from_line = PublicKey::from_base64(key.to_base64());
  ASSERT_TRUE(from_line);
  EXPECT_EQ(*from_line, key);
  EXPECT_TRUE(key.to_box().starts_with("untrusted comment: minisign public key: " + key.id.to_hex() + "\n"));
  auto from_box = PublicKey::from_box(key.to_box());
  ASSERT_TRUE(from_box);
  EXPECT_EQ(*from_box, key);
  auto from_tauri = load_public_key(key.to_tauri_form());
  ASSERT_TRUE(from_tauri);
  EXPECT_EQ(*from_tauri, key);
  EXPECT_EQ(key.to_base64().substr(0, 2), "RW"); // "Ed" in base64
}

TEST(MinisignKeyFixtures, TauriKeyWithPassword) {
  std::optional<std::string> text = minisign_text_of(test::fixture("tauri-password.key"));
  ASSERT_TRUE(text);
  auto box = SecretKeyBox::parse(*text);
  ASSERT_TRUE(box) << box.error().message();
  EXPECT_EQ(box->untrusted_comment(), "rsign encrypted secret key");
  EXPECT_EQ(*box->scrypt_params(), (ScryptParams{15, 8, 1}));
  auto key = box->open(SecretString(std::string(k_fixture_password)));
  ASSERT_TRUE(key) << key.error().message();
  auto public_key = load_public_key(test::fixture("tauri-password.key.pub"));
  ASSERT_TRUE(public_key);
  EXPECT_EQ(key->public_key(), *public_key);
  EXPECT_EQ(public_key->id.to_hex(), "66463CF9C2802B81");
  EXPECT_FALSE(box->open(SecretString("")));
}

// `tauri signer generate --ci` without -p: encrypted under the empty password.
TEST(MinisignKeyFixtures, TauriKeyWithoutPassword) {
  auto box = SecretKeyBox::parse(*minisign_text_of(test::fixture("tauri-nopassword.key")));
  ASSERT_TRUE(box);
  EXPECT_EQ(box->encryption(), KeyEncryption::scrypt);
  auto key = box->open(SecretString(""));
  ASSERT_TRUE(key) << key.error().message();
  EXPECT_EQ(key->public_key(), *load_public_key(test::fixture("tauri-nopassword.key.pub")));
}

} // namespace
} // namespace weft::signing

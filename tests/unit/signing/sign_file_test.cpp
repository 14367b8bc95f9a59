#include "signing_test_util.hpp"
#include "test_dir.hpp"

#include <weft/base/file.hpp>
#include <weft/signing/base64.hpp>
#include <weft/signing/key_source.hpp>
#include <weft/signing/sign_file.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace weft::signing {
namespace {

class SignFileTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() { s_key = new SecretKey(*SecretKey::generate()); }
  static void TearDownTestSuite() { delete s_key; }

  SignOptions options(std::optional<std::string> version = std::nullopt) {
    SignOptions o;
    o.timestamp = 1729598400;
    o.version = std::move(version);
    return o;
  }

  static SecretKey* s_key;
  test::TempDir dir;
};

SecretKey* SignFileTest::s_key = nullptr;

TEST_F(SignFileTest, SignsAndVerifies) {
  test::write_text(dir / "App_1.2.3_amd64.AppImage", "payload");
  auto signature = sign_file(dir / "App_1.2.3_amd64.AppImage", *s_key, options("1.2.3"));
  ASSERT_TRUE(signature) << signature.error().message();
  EXPECT_EQ(signature->trusted_comment, "timestamp:1729598400\tfile:App_1.2.3_amd64.AppImage\tversion:1.2.3");
  EXPECT_EQ(signature->untrusted_comment, "signature from weft secret key");
  EXPECT_EQ(signature->key_id, s_key->id());

  VerifyOptions verify;
  verify.expected_version = "1.2.3";
  auto verified = verify_file(dir / "App_1.2.3_amd64.AppImage", s_key->public_key(), *signature, verify);
  ASSERT_TRUE(verified) << verified.error().message();
  EXPECT_EQ(verified->comment.version, "1.2.3");
}

// Ed25519 is deterministic: same key, file and SOURCE_DATE_EPOCH, same bytes.
TEST_F(SignFileTest, ReproducibleWithAFixedTimestamp) {
  test::write_text(dir / "a", "same content");
  auto first = sign_file(dir / "a", *s_key, options());
  auto second = sign_file(dir / "a", *s_key, options());
  ASSERT_TRUE(first && second);
  EXPECT_EQ(encode_sig_file(*first), encode_sig_file(*second));
}

TEST_F(SignFileTest, WritesTheSigFileAsTauriDoes) {
  test::write_text(dir / "a.msi", "x");
  auto signature = sign_file(dir / "a.msi", *s_key, options());
  ASSERT_TRUE(signature);
  EXPECT_EQ(signature_path_for(dir / "a.msi"), dir / "a.msi.sig");
  ASSERT_TRUE(write_sig_file(dir / "a.msi.sig", *signature));
  auto content = read_file(dir / "a.msi.sig");
  ASSERT_TRUE(content);
  EXPECT_EQ(content->find('\n'), std::string::npos);
  EXPECT_TRUE(is_base64(*content));
  struct stat st {};
  ASSERT_EQ(::stat((dir / "a.msi.sig").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST_F(SignFileTest, TamperedFileCommentKeyAndVersionAreEachOneCause) {
  test::write_text(dir / "f", "original");
  Signature good = *sign_file(dir / "f", *s_key, options("2.0.0"));
  PublicKey public_key = s_key->public_key();

  auto expect_failure = [&](const std::filesystem::path& file, const PublicKey& key, const Signature& s,
                            std::optional<std::string> version, const char* expected) {
    VerifyOptions v;
    v.expected_version = std::move(version);
    auto result = verify_file(file, key, s, v);
    ASSERT_FALSE(result) << expected;
    EXPECT_EQ(result.error().code(), ExitCode::input);
    EXPECT_NE(result.error().message().find(expected), std::string::npos) << result.error().message();
    EXPECT_EQ(result.error().message().find('\n'), std::string::npos);
  };

  test::write_text(dir / "g", "originaL");
  expect_failure(dir / "g", public_key, good, std::nullopt, "does not match the content");

  Signature comment = good;
  comment.trusted_comment = "timestamp:1729598400\tfile:f\tversion:9.9.9";
  expect_failure(dir / "f", public_key, comment, std::nullopt, "trusted comment's signature is invalid");

  Signature other_id = good;
  other_id.key_id.bytes[0] ^= 1;
  expect_failure(dir / "f", public_key, other_id, std::nullopt, "signature was made with key");

  // Same key id, another key: the signature itself fails.
  PublicKey impostor = SecretKey::generate()->public_key();
  impostor.id = public_key.id;
  expect_failure(dir / "f", impostor, good, std::nullopt, "does not match the content");

  expect_failure(dir / "f", public_key, good, "2.0.1", "signature is for version 2.0.0, expected 2.0.1");
  Signature unversioned = *sign_file(dir / "f", *s_key, options());
  expect_failure(dir / "f", public_key, unversioned, "2.0.0", "not bound to a version");
}

TEST_F(SignFileTest, VerifiesLegacyNonPrehashedSignatures) {
  test::write_text(dir / "legacy", "legacy content");
  Signature s;
  s.algorithm = SignatureAlgorithm::legacy;
  s.key_id = s_key->id();
  s.untrusted_comment = "legacy";
  s.trusted_comment = "timestamp:1\tfile:legacy";
  s.signature = *s_key->sign(test::bytes_of("legacy content"));
  std::vector<uint8_t> global(s.signature.begin(), s.signature.end());
  global.insert(global.end(), s.trusted_comment.begin(), s.trusted_comment.end());
  s.global_signature = *s_key->sign(global);
  auto parsed = Signature::parse(s.to_box());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->algorithm, SignatureAlgorithm::legacy);
  auto verified = verify_file(dir / "legacy", s_key->public_key(), *parsed);
  ASSERT_TRUE(verified) << verified.error().message();
  EXPECT_EQ(verified->algorithm, SignatureAlgorithm::legacy);
}

TEST_F(SignFileTest, RefusesNamesThatWouldBreakTheComment) {
  test::write_text(dir / "tab\tname", "x");
  auto signature = sign_file(dir / "tab\tname", *s_key, options());
  ASSERT_FALSE(signature);
  EXPECT_NE(signature.error().message().find("tab or line break"), std::string::npos);
  test::write_text(dir / "ok", "x");
  EXPECT_FALSE(sign_file(dir / "ok", *s_key, options("1.0\n")));
}

TEST(SignFileFixtures, TauriSignaturesVerify) {
  auto versioned = decode_sig_file(test::fixture("payload.bin.sig"));
  ASSERT_TRUE(versioned);
  VerifyOptions v;
  v.expected_version = "1.2.3";
  auto ok = verify_file(test::fixture_path("payload.bin"), *load_public_key(test::fixture("tauri-password.key.pub")),
                        *versioned, v);
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(ok->comment.file, "payload.bin");

  auto plain = decode_sig_file(test::fixture("payload.txt.sig"));
  ASSERT_TRUE(plain);
  EXPECT_TRUE(verify_file(test::fixture_path("payload.txt"),
                          *load_public_key(test::fixture("tauri-nopassword.key.pub")), *plain));
  // The other fixture key has another id.
  auto wrong = verify_file(test::fixture_path("payload.txt"),
                           *load_public_key(test::fixture("tauri-password.key.pub")), *plain);
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message().find("4BE3AEE3D71FC8C6"), std::string::npos);
}

} // namespace
} // namespace weft::signing

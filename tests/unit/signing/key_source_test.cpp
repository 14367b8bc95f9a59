#include "signing_test_util.hpp"
#include "test_dir.hpp"

#include <weft/signing/key_source.hpp>

#include <gtest/gtest.h>

#include <map>

namespace weft::signing {
namespace {

Environment fake_environment(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

const std::string k_tauri_key = test::fixture("tauri-password.key");

TEST(KeySource, AcceptsEveryFormOfTheKey) {
  std::string minisign_text = *minisign_text_of(k_tauri_key);
  test::TempDir dir;
  test::write_text(dir / "tauri.key", k_tauri_key);
  test::write_text(dir / "minisign.key", minisign_text);
  Environment none = fake_environment({});

  for (const std::string& value : {k_tauri_key, minisign_text, (dir / "tauri.key").string(),
                                   (dir / "minisign.key").string()}) {
    SecretKeyInput input;
    input.key = value;
    auto loaded = load_secret_key(input, none);
    ASSERT_TRUE(loaded) << loaded.error().message();
    EXPECT_EQ(loaded->box.untrusted_comment(), "rsign encrypted secret key");
  }
  SecretKeyInput by_file;
  by_file.key_file = dir / "tauri.key";
  auto loaded = load_secret_key(by_file, none);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->origin, (dir / "tauri.key").string());
}

TEST(KeySource, EnvironmentPrecedence) {
  test::TempDir dir;
  std::string other = *minisign_text_of(test::fixture("tauri-nopassword.key"));
  test::write_text(dir / "path.key", other);

  auto loaded = load_secret_key({}, fake_environment({{"TAURI_SIGNING_PRIVATE_KEY", other},
                                                      {"WEFT_SIGNING_PRIVATE_KEY", k_tauri_key}}));
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->origin, "WEFT_SIGNING_PRIVATE_KEY");

  loaded = load_secret_key({}, fake_environment({{"WEFT_SIGNING_PRIVATE_KEY", ""},
                                                 {"TAURI_SIGNING_PRIVATE_KEY", k_tauri_key}}));
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->origin, "TAURI_SIGNING_PRIVATE_KEY");

  loaded = load_secret_key({}, fake_environment({{"TAURI_SIGNING_PRIVATE_KEY_PATH", (dir / "path.key").string()}}));
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->origin, (dir / "path.key").string());

  SecretKeyInput explicit_key;
  explicit_key.key = k_tauri_key;
  loaded = load_secret_key(explicit_key, fake_environment({{"WEFT_SIGNING_PRIVATE_KEY", other}}));
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->origin, "the -k/--private-key value");

  auto missing = load_secret_key({}, fake_environment({}));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ExitCode::usage);
}

TEST(KeySource, ErrorsNeverQuoteKeyMaterial) {
  // A Tauri key with its last characters lost, as a bad copy-paste gives.
  std::string mangled = k_tauri_key.substr(0, k_tauri_key.size() - 5);
  auto loaded = load_secret_key({}, fake_environment({{"TAURI_SIGNING_PRIVATE_KEY", mangled}}));
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message().find("TAURI_SIGNING_PRIVATE_KEY"), std::string::npos);
  EXPECT_EQ(loaded.error().message().find(mangled.substr(10, 20)), std::string::npos);

  // Minisign text with the base64 line damaged.
  std::string text = *minisign_text_of(k_tauri_key);
  text.replace(60, 1, "!");
  SecretKeyInput input;
  input.key = text;
  loaded = load_secret_key(input, fake_environment({}));
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message().find("not base64"), std::string::npos) << loaded.error().message();
  EXPECT_EQ(loaded.error().message().find(text.substr(50, 20)), std::string::npos);
}

TEST(KeySource, PasswordFromEnvironment) {
  EXPECT_FALSE(password_from_environment(fake_environment({})));
  auto empty = password_from_environment(fake_environment({{"TAURI_SIGNING_PRIVATE_KEY_PASSWORD", ""}}));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->password.empty());
  EXPECT_EQ(empty->variable, "TAURI_SIGNING_PRIVATE_KEY_PASSWORD");
  auto both = password_from_environment(fake_environment(
      {{"TAURI_SIGNING_PRIVATE_KEY_PASSWORD", "tauri"}, {"WEFT_SIGNING_PRIVATE_KEY_PASSWORD", "weft"}}));
  ASSERT_TRUE(both);
  EXPECT_EQ(both->password.view(), "weft");
}

TEST(KeySource, PublicKeyForms) {
  std::string tauri = test::fixture("tauri-password.key.pub");
  auto from_tauri = load_public_key(tauri);
  ASSERT_TRUE(from_tauri);
  std::string box = from_tauri->to_box();
  for (const std::string& form : {box, from_tauri->to_base64(), test::fixture_path("tauri-password.key.pub").string(),
                                  "  " + from_tauri->to_base64() + "\n"}) {
    auto key = load_public_key(form);
    ASSERT_TRUE(key) << form << ": " << key.error().message();
    EXPECT_EQ(*key, *from_tauri);
  }
  auto bad = load_public_key("RWQnot-a-key");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("neither a minisign public key"), std::string::npos);
}

} // namespace
} // namespace weft::signing

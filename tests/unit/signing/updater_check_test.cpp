#include "signing_test_util.hpp"
#include "test_dir.hpp"

#include <weft/base/file.hpp>
#include <weft/signing/sign_file.hpp>
#include <weft/signing/update_manifest.hpp>
#include <weft/signing/updater_check.hpp>

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>

namespace weft::signing {
namespace {

// Serves documents from memory.
class FakeFetcher final : public Fetcher {
public:
  std::map<std::string, std::string> documents;
  std::vector<std::string> requests;

  Result<FetchedDocument> get(const std::string& url, size_t) override {
    requests.push_back(url);
    auto it = documents.find(url);
    if (it == documents.end()) return fail(Error::input("cannot fetch " + url + ": HTTP 404"));
    return FetchedDocument{200, it->second};
  }
  Result<uint64_t> download(const std::string& url, const std::filesystem::path& destination) override {
    WEFT_TRY_ASSIGN(FetchedDocument d, get(url, 0));
    test::write_text(destination, d.body);
    return d.body.size();
  }
};

class UpdaterCheckTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() { s_key = new SecretKey(*SecretKey::generate()); }
  static void TearDownTestSuite() { delete s_key; }

  std::string signature_for(const std::string& content, std::optional<std::string> version) {
    test::write_text(dir / "artifact", content);
    SignOptions options;
    options.timestamp = 1729598400;
    options.version = std::move(version);
    return encode_sig_file(*sign_file(dir / "artifact", *s_key, options));
  }

  void publish(const std::string& version, const std::string& content, std::optional<std::string> signed_version,
               const std::string& key = "linux-x86_64") {
    UpdateManifest m;
    m.version = version;
    m.platforms[key] = {signature_for(content, std::move(signed_version)), "https://updates.test/App.AppImage"};
    fetcher.documents["https://updates.test/latest.json"] = to_json_text(m);
    fetcher.documents["https://updates.test/App.AppImage"] = content;
  }

  UpdaterCheckOptions options() {
    UpdaterCheckOptions o;
    o.manifest = "https://updates.test/latest.json";
    o.public_key = s_key->public_key();
    o.current_version = "1.0.0";
    o.target = "linux-x86_64";
    return o;
  }

  Result<UpdaterCheckResult> run(const UpdaterCheckOptions& o) {
    steps.clear();
    return run_updater_check(o, fetcher, [this](const CheckStep& step) { steps.push_back(step); });
  }

  static SecretKey* s_key;
  test::TempDir dir;
  FakeFetcher fetcher;
  std::vector<CheckStep> steps;
};

SecretKey* UpdaterCheckTest::s_key = nullptr;

TEST_F(UpdaterCheckTest, PassesAndReportsEachStep) {
  publish("1.1.0", "new release", "1.1.0");
  auto result = run(options());
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->version, "1.1.0");
  EXPECT_EQ(result->platform_key, "linux-x86_64");
  EXPECT_EQ(result->bytes, 11u);
  std::vector<std::string> names;
  for (const CheckStep& s : steps) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"manifest", "version", "platform", "download", "signature",
                                             "signed version"}));
  for (const CheckStep& s : steps) EXPECT_FALSE(s.warning) << s.name << ": " << s.detail;
}

TEST_F(UpdaterCheckTest, FailsOnATamperedArtifact) {
  publish("1.1.0", "new release", "1.1.0");
  fetcher.documents["https://updates.test/App.AppImage"] = "new releasE";
  auto result = run(options());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("does not match the content"), std::string::npos)
      << result.error().message();
}

TEST_F(UpdaterCheckTest, FailsWhenNotNewer) {
  publish("1.0.0", "same", "1.0.0");
  auto result = run(options());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("not newer than 1.0.0"), std::string::npos);
  EXPECT_EQ(fetcher.requests.size(), 1u); // nothing downloaded
}

TEST_F(UpdaterCheckTest, FailsOnAnotherKey) {
  publish("1.1.0", "x", "1.1.0");
  UpdaterCheckOptions o = options();
  o.public_key = SecretKey::generate()->public_key();
  auto result = run(o);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("signature was made with key"), std::string::npos);
}

TEST_F(UpdaterCheckTest, SignedVersionMustMatchTheManifest) {
  publish("1.1.0", "old artifact", "1.0.5"); // a new version number on an old release
  auto result = run(options());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("signature is for version 1.0.5, but the manifest announces 1.1.0"),
            std::string::npos)
      << result.error().message();
}

TEST_F(UpdaterCheckTest, UnversionedSignatureWarnsOrFails) {
  publish("1.1.0", "x", std::nullopt);
  auto warned = run(options());
  ASSERT_TRUE(warned);
  EXPECT_TRUE(steps.back().warning);
  UpdaterCheckOptions strict = options();
  strict.require_signed_version = true;
  EXPECT_FALSE(run(strict));
}

TEST_F(UpdaterCheckTest, PicksTheBundleEntryThenFallsBack) {
  publish("1.1.0", "deb content", "1.1.0", "linux-x86_64-deb");
  UpdaterCheckOptions o = options();
  o.bundle = "deb";
  auto result = run(o);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->platform_key, "linux-x86_64-deb");

  o.bundle = "rpm";
  auto missing = run(o);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("no platform entry for linux-x86_64-rpm or linux-x86_64"),
            std::string::npos)
      << missing.error().message();
}

TEST_F(UpdaterCheckTest, ReadsALocalManifestFile) {
  publish("1.1.0", "local", "1.1.0");
  test::write_text(dir / "latest.json", fetcher.documents["https://updates.test/latest.json"]);
  UpdaterCheckOptions o = options();
  o.manifest = (dir / "latest.json").string();
  auto result = run(o);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(fetcher.requests, (std::vector<std::string>{"https://updates.test/App.AppImage"}));
}

TEST_F(UpdaterCheckTest, RejectsABadCurrentVersion) {
  UpdaterCheckOptions o = options();
  o.current_version = "latest";
  auto result = run(o);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ExitCode::usage);
}

} // namespace
} // namespace weft::signing

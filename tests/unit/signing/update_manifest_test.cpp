#include "signing_test_util.hpp"

#include <weft/signing/update_manifest.hpp>

#include <gtest/gtest.h>

#include <fmt/format.h>

namespace weft::signing {
namespace {

const std::string k_sig = test::fixture("payload.bin.sig");

std::string manifest_json(const std::string& version, const std::string& platforms, const std::string& extra = "") {
  return fmt::format(R"({{"version": "{}",{} "platforms": {{{}}}}})", version, extra, platforms);
}

std::string entry(const std::string& key, const std::string& url) {
  return fmt::format(R"("{}": {{"signature": "{}", "url": "{}"}})", key, k_sig, url);
}

UpdateManifest parse(const std::string& text, const std::string& origin = "latest.json") {
  auto parsed = parse_update_manifest(text, origin);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().headline());
  return parsed ? parsed->manifest : UpdateManifest{};
}

TEST(UpdateManifest, ParsesTheTauriFormat) {
  UpdateManifest m = parse(manifest_json("1.2.3", entry("linux-x86_64", "https://e.com/App.AppImage") + "," +
                                                      entry("linux-x86_64-deb", "https://e.com/app.deb"),
                                         R"( "notes": "Fixes", "pub_date": "2024-10-22T12:00:00Z",)"));
  EXPECT_EQ(m.version, "1.2.3");
  EXPECT_EQ(m.notes, "Fixes");
  EXPECT_EQ(m.pub_date, "2024-10-22T12:00:00Z");
  ASSERT_EQ(m.platforms.size(), 2u);
  EXPECT_EQ(m.platforms.at("linux-x86_64-deb").url, "https://e.com/app.deb");
  EXPECT_EQ(m.platforms.at("linux-x86_64").signature, k_sig);
}

TEST(UpdateManifest, ParsesTheDynamicFormat) {
  UpdateManifest m = parse(fmt::format(R"({{"version": "v2.0.0", "url": "https://e.com/a", "signature": "{}"}})", k_sig));
  ASSERT_TRUE(m.dynamic);
  EXPECT_EQ(m.find("linux-x86_64")->first, "");
}

TEST(UpdateManifest, ErrorsAreLocated) {
  struct Case {
    std::string text;
    const char* pointer;
    const char* message;
  };
  const Case cases[] = {
      {manifest_json("one", entry("linux-x86_64", "https://e.com/a")), "/version", "not a semantic version"},
      {manifest_json("1.0.0", entry("linux-x86_64", "https://e.com/a"), R"( "pub_date": "yesterday",)"), "/pub_date",
       "RFC 3339"},
      {manifest_json("1.0.0", entry("linux-x86_64", "relative/a")), "/platforms/linux-x86_64/url", "absolute URL"},
      {manifest_json("1.0.0", R"("linux-x86_64": {"signature": "bm9wZQ==", "url": "https://e.com/a"})"),
       "/platforms/linux-x86_64/signature", ".sig file"},
      {manifest_json("1.0.0", R"("linux-x86_64": {"url": "https://e.com/a"})"), "/platforms/linux-x86_64",
       "missing `signature`"},
      {R"({"platforms": {}})", "", "missing `version`"},
  };
  for (const Case& c : cases) {
    auto parsed = parse_update_manifest(c.text, "runner.json");
    ASSERT_FALSE(parsed) << c.message;
    EXPECT_EQ(parsed.error().location().file, "runner.json");
    EXPECT_EQ(parsed.error().location().pointer, c.pointer) << c.message;
    EXPECT_GT(parsed.error().location().line, 0) << c.message;
    EXPECT_NE(parsed.error().message().find(c.message), std::string::npos) << parsed.error().message();
  }
  auto syntax = parse_update_manifest("{\"version\": \"1.0.0\",}", "x.json");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().location().line, 1);
}

TEST(UpdateManifest, WarnsAboutKeysNoUpdaterLooksUp) {
  auto parsed = parse_update_manifest(manifest_json("1.0.0", entry("linux-x64", "https://e.com/a")), "l.json");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->warnings.size(), 1u);
  EXPECT_EQ(parsed->warnings[0].severity(), Severity::warning);
  EXPECT_NE(parsed->warnings[0].message().find("linux-x64"), std::string::npos);
}

TEST(UpdateManifest, WritesDeterministicJson) {
  UpdateManifest m;
  m.version = "1.2.3";
  m.pub_date = "2024-10-22T12:00:00Z";
  m.platforms["windows-x86_64"] = {"sigW", "https://e.com/w.exe"};
  m.platforms["linux-x86_64"] = {"sigL", "https://e.com/l.AppImage"};
  EXPECT_EQ(to_json_text(m), R"({
  "version": "1.2.3",
  "pub_date": "2024-10-22T12:00:00Z",
  "platforms": {
    "linux-x86_64": {
      "signature": "sigL",
      "url": "https://e.com/l.AppImage"
    },
    "windows-x86_64": {
      "signature": "sigW",
      "url": "https://e.com/w.exe"
    }
  }
}
)");
}

TEST(UpdateManifest, MergesARunnerMatrix) {
  std::vector<ManifestSource> sources = {
      {"linux.json", parse(manifest_json("1.2.3", entry("linux-x86_64", "https://e.com/l") + "," +
                                                      entry("linux-x86_64-appimage", "https://e.com/l"),
                                         R"( "pub_date": "2024-10-22T12:00:00Z", "notes": "n",)"))},
      {"windows.json", parse(manifest_json("v1.2.3", entry("windows-x86_64", "https://e.com/w"),
                                           R"( "pub_date": "2024-10-22T12:30:00Z",)"))},
      // A runner re-uploading the same entry is harmless.
      {"linux-again.json", parse(manifest_json("1.2.3", entry("linux-x86_64", "https://e.com/l"), R"( "notes": "n",)"))},
  };
  auto merged = merge_update_manifests(sources);
  ASSERT_TRUE(merged) << merged.error().message();
  EXPECT_EQ(merged->version, "1.2.3");
  EXPECT_EQ(merged->notes, "n");
  EXPECT_EQ(merged->pub_date, "2024-10-22T12:30:00Z");
  EXPECT_EQ(merged->platforms.size(), 3u);
}

TEST(UpdateManifest, MergeRefusesMismatchedVersions) {
  std::vector<ManifestSource> sources = {
      {"a.json", parse(manifest_json("1.2.3", entry("linux-x86_64", "https://e.com/l")))},
      {"b.json", parse(manifest_json("1.2.4", entry("windows-x86_64", "https://e.com/w")))},
  };
  auto merged = merge_update_manifests(sources);
  ASSERT_FALSE(merged);
  EXPECT_EQ(merged.error().message(), "version mismatch: a.json has 1.2.3, b.json has 1.2.4");
}

TEST(UpdateManifest, MergeRefusesConflictingPlatforms) {
  std::vector<ManifestSource> sources = {
      {"a.json", parse(manifest_json("1.2.3", entry("linux-x86_64", "https://e.com/one")))},
      {"b.json", parse(manifest_json("1.2.3", entry("linux-x86_64", "https://e.com/two")))},
  };
  auto merged = merge_update_manifests(sources);
  ASSERT_FALSE(merged);
  EXPECT_NE(merged.error().message().find("conflicting entries for platform `linux-x86_64` (again in b.json)"),
            std::string::npos)
      << merged.error().message();

  std::vector<ManifestSource> notes = {
      {"a.json", parse(manifest_json("1.2.3", entry("linux-x86_64", "https://e.com/l"), R"( "notes": "x",)"))},
      {"b.json", parse(manifest_json("1.2.3", entry("darwin-aarch64", "https://e.com/d"), R"( "notes": "y",)"))},
  };
  EXPECT_FALSE(merge_update_manifests(notes));
}

TEST(UpdateManifest, FindPrefersTheBundleKey) {
  UpdateManifest m;
  m.version = "1.0.0";
  m.platforms["linux-x86_64"] = {"s", "https://e.com/appimage"};
  m.platforms["linux-x86_64-deb"] = {"s", "https://e.com/deb"};
  EXPECT_EQ(m.find("linux-x86_64", "deb")->second->url, "https://e.com/deb");
  EXPECT_EQ(m.find("linux-x86_64", "rpm")->first, "linux-x86_64");
  EXPECT_EQ(m.find("linux-x86_64")->first, "linux-x86_64");
  EXPECT_FALSE(m.find("darwin-aarch64"));
}

TEST(UpdateManifest, PlatformKeys) {
  EXPECT_EQ(platform_key("linux", "x86_64", "appimage"), "linux-x86_64-appimage");
  EXPECT_TRUE(is_known_platform_key("linux-x86_64"));
  EXPECT_TRUE(is_known_platform_key("windows-x86_64-nsis"));
  EXPECT_TRUE(is_known_platform_key("darwin-aarch64-app"));
  EXPECT_FALSE(is_known_platform_key("linux-amd64"));
  EXPECT_FALSE(is_known_platform_key("linux-x86_64-snap"));
  EXPECT_FALSE(is_known_platform_key("macos-aarch64"));
  EXPECT_TRUE(is_known_platform_key(host_platform_key()));
}

TEST(UpdateManifest, ArtifactUrlTemplates) {
  auto url = expand_artifact_url("https://dl.example.com/{version}/{target}/{file}", "1.2.3",
                                 "My App_1.2.3_amd64.AppImage", "linux-x86_64-appimage");
  ASSERT_TRUE(url);
  EXPECT_EQ(*url, "https://dl.example.com/1.2.3/linux-x86_64-appimage/My%20App_1.2.3_amd64.AppImage");
  EXPECT_FALSE(expand_artifact_url("https://e.com/{nope}", "1", "f", "t"));
  EXPECT_FALSE(expand_artifact_url("https://e.com/{version", "1", "f", "t"));
  EXPECT_FALSE(expand_artifact_url("{file}", "1", "f", "t"));
}

} // namespace
} // namespace weft::signing

#include <weft/config-schema/manifest.hpp>

#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace cfg = weft::config;

namespace {

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

weft::Result<cfg::Manifest> load_dir(const std::filesystem::path& dir, std::vector<std::string> overrides = {}) {
  cfg::LoadOptions options;
  options.project_dir = dir;
  options.platform = cfg::Platform::linux;
  options.overrides = std::move(overrides);
  return cfg::load_manifest(options);
}

weft::Result<cfg::Manifest> load(const weft::test::TempDir& dir, std::vector<std::string> overrides = {}) {
  return load_dir(dir.path(), std::move(overrides));
}

std::vector<weft::Error> all_errors(const weft::Error& e) {
  std::vector<weft::Error> out{e};
  for (const auto& r : e.related()) out.push_back(r);
  return out;
}

} // namespace

TEST(ManifestRules, Identifier) {
  EXPECT_EQ(cfg::check_identifier("com.example.app"), "");
  EXPECT_EQ(cfg::check_identifier("com.example-1.my-app"), "");
  EXPECT_NE(cfg::check_identifier("app"), "");
  EXPECT_NE(cfg::check_identifier("com..app"), "");
  EXPECT_NE(cfg::check_identifier(".com.app"), "");
  EXPECT_NE(cfg::check_identifier("com.app."), "");
  EXPECT_NE(cfg::check_identifier("com.my_app"), "");
  EXPECT_NE(cfg::check_identifier("com.-app"), "");
  EXPECT_NE(cfg::check_identifier("com.\xC3\xA9t\xC3\xA9"), "");
}

TEST(ManifestRules, Semver) {
  for (const char* ok : {"0.1.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7",
                         "1.0.0-x.7.z.92", "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85"})
    EXPECT_EQ(cfg::check_semver(ok), "") << ok;
  for (const char* bad : {"1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.3-", "1.2.3-01", "1.2.3+", "v1.2.3",
                          "1.2.3-a..b", "a.b.c", ""})
    EXPECT_NE(cfg::check_semver(bad), "") << bad;
}

TEST(ManifestRules, ProductName) {
  EXPECT_EQ(cfg::check_product_name("Hello Wörld"), "");
  EXPECT_NE(cfg::check_product_name("a/b"), "");
  EXPECT_NE(cfg::check_product_name("   "), "");
  EXPECT_NE(cfg::check_product_name(""), "");
}

TEST(Manifest, LoadsMinimalWithDefaults) {
  weft::test::TempDir dir;
  write(dir / "weft.conf.json", R"({"identifier": "com.example.demo-app"})");
  auto m = load(dir);
  ASSERT_TRUE(m) << m.error().headline();
  EXPECT_EQ(m->identifier, "com.example.demo-app");
  EXPECT_EQ(m->product_name, "demo-app");
  EXPECT_EQ(m->main_binary_name, "demo-app");
  EXPECT_EQ(m->version, "0.1.0");
}

TEST(Manifest, MergesOverlayThenConfigsInOrder) {
  weft::test::TempDir dir;
  write(dir / "weft.conf.json",
        R"({"identifier": "com.example.app", "productName": "Base", "version": "1.0.0",
            "app": {"windows": [{"label": "main", "title": "base"}]}})");
  write(dir / "weft.linux.conf.json", R"({"productName": "Linux", "version": "1.1.0"})");
  write(dir / "extra.json", R"({"version": "2.0.0"})");
  auto m = load(dir, {R"({"productName": "Inline"})", (dir / "extra.json").string()});
  ASSERT_TRUE(m) << m.error().headline();
  EXPECT_EQ(m->product_name, "Inline");
  EXPECT_EQ(m->version, "2.0.0");
  EXPECT_EQ(m->main_binary_name, "inline");
  ASSERT_EQ(m->sources.size(), 4u);
}

TEST(Manifest, VersionFromPackageJson) {
  weft::test::TempDir dir;
  write(dir / "package.json", R"({"name": "x", "version": "3.4.5-rc.1"})");
  write(dir / "app" / "weft.conf.json", R"({"identifier": "com.example.app", "version": "../package.json"})");
  auto m = load_dir(dir / "app");
  ASSERT_TRUE(m) << m.error().headline();
  EXPECT_EQ(m->version, "3.4.5-rc.1");
}

TEST(Manifest, ReportsEveryErrorLocated) {
  weft::test::TempDir dir;
  write(dir / "weft.conf.json", R"({
  "identifer": "com.example.app",
  "version": "1.0",
  "app": {"windows": [{"label": "main"}, {"label": "main"}]}
})");
  auto m = load(dir);
  ASSERT_FALSE(m);
  auto errors = all_errors(m.error());
  ASSERT_GE(errors.size(), 4u);
  bool unknown = false, required = false, version = false, duplicate = false;
  for (const auto& e : errors) {
    if (e.message().find("unknown key `identifer`") != std::string::npos) {
      unknown = true;
      EXPECT_EQ(e.location().line, 2);
      EXPECT_EQ(e.location().column, 3);
      EXPECT_EQ(e.hint(), "did you mean `identifier`?");
    }
    if (e.message().find("identifier") != std::string::npos && e.message().find("required") != std::string::npos)
      required = true;
    if (e.message().find("semantic version") != std::string::npos) {
      version = true;
      EXPECT_EQ(e.location().line, 3);
    }
    if (e.message().find("duplicate window label") != std::string::npos) {
      duplicate = true;
      EXPECT_EQ(e.location().line, 4);
    }
  }
  EXPECT_TRUE(unknown);
  EXPECT_TRUE(required);
  EXPECT_TRUE(version);
  EXPECT_TRUE(duplicate);
}

TEST(Manifest, ErrorsPointAtTheOverlayThatSetTheValue) {
  weft::test::TempDir dir;
  write(dir / "weft.conf.json", R"({"identifier": "com.example.app"})");
  write(dir / "weft.linux.conf.json", "{\n  \"productName\": 42\n}");
  auto m = load(dir);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().location().file.find("weft.linux.conf.json"), std::string::npos);
  EXPECT_EQ(m.error().location().line, 2);
}

TEST(Manifest, InlineConfigErrorsAreLocatedInTheArgument) {
  weft::test::TempDir dir;
  write(dir / "weft.conf.json", R"({"identifier": "com.example.app"})");
  auto m = load(dir, {R"({"bundle": {"activ": true}})"});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().location().file, "--config #1");
  EXPECT_EQ(m.error().location().column, 13);
  EXPECT_EQ(m.error().hint(), "did you mean `active`?");
}

TEST(Manifest, FrontendDistMustStayInside) {
  weft::test::TempDir dir;
  write(dir / "app" / "weft.conf.json",
        R"({"identifier": "com.example.app", "build": {"frontendDist": "../outside"}})");
  auto m = load_dir(dir / "app");
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message().find("outside the project"), std::string::npos);
}

TEST(Manifest, DevUrlMustBeHttp) {
  weft::test::TempDir dir;
  write(dir / "weft.conf.json", R"({"identifier": "com.example.app", "build": {"devUrl": "ftp://x/"}})");
  auto m = load(dir);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().location().pointer, "/build/devUrl");
}

TEST(Manifest, MissingFileIsAnInputError) {
  weft::test::TempDir dir;
  auto m = load(dir);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code(), weft::ExitCode::input);
  EXPECT_NE(m.error().hint().find("weft init"), std::string::npos);
}

TEST(Manifest, EmbeddedSchemaIsDraft07) {
  auto schema = nlohmann::json::parse(cfg::manifest_schema());
  EXPECT_EQ(schema.value("$schema", ""), "http://json-schema.org/draft-07/schema#");
}

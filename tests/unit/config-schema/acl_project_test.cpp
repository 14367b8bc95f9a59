#include <weft/config-schema/acl/project_acl.hpp>
#include <weft/config-schema/manifest.hpp>

#include "acl_test_util.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

namespace acl = weft::config::acl;
namespace fs = std::filesystem;
using weft::test::error_messages;
using weft::test::write_file;

namespace {

weft::config::Manifest manifest_of(const weft::test::TempDir& dir, const std::string& text) {
  write_file(dir / "weft.conf.json", text);
  weft::config::LoadOptions options;
  options.project_dir = dir.path();
  options.platform = weft::config::Platform::linux;
  auto m = weft::config::load_manifest(options);
  EXPECT_TRUE(m) << (m ? "" : m.error().headline());
  return m ? std::move(*m) : weft::config::Manifest{};
}

const char* k_capability = R"({"identifier": "main", "windows": ["main"], "permissions": ["core:default"]})";

} // namespace

TEST(AclProject, EveryCapabilityFileIsEnabledByDefault) {
  weft::test::TempDir dir;
  write_file(dir / "capabilities" / "main.json", k_capability);
  write_file(dir / "capabilities" / "nested" / "more.toml",
             "identifier = \"more\"\nwindows = [\"main\"]\npermissions = [\"core:app:allow-name\"]\n");
  write_file(dir / "capabilities" / "schemas" / "ignored.json", "not json");
  write_file(dir / "capabilities" / ".hidden.json", "not json");
  write_file(dir / "capabilities" / "README.md", "not a capability");
  acl::ProjectAcl p = acl::load_project_acl(manifest_of(dir, R"({"identifier": "com.example.a"})"));
  // No windows declared: both capabilities warn, nothing fails.
  EXPECT_EQ(weft::test::warning_messages(p.diagnostics).size(), 2u);
  EXPECT_FALSE(p.diagnostics.has_errors());
  EXPECT_EQ(p.resolved.capabilities.size(), 2u);
  EXPECT_TRUE(p.resolved.capabilities.count("more"));
}

TEST(AclProject, ManifestSelectsAndInlines) {
  weft::test::TempDir dir;
  write_file(dir / "capabilities" / "main.json", k_capability);
  write_file(dir / "capabilities" / "off.json",
             R"({"identifier": "off", "windows": ["main"], "permissions": ["core:window:allow-close"]})");
  acl::ProjectAcl p = acl::load_project_acl(manifest_of(dir, R"({
  "identifier": "com.example.a",
  "app": {
    "windows": [{}],
    "security": { "capabilities": ["main", "mian", {"identifier": "inline", "windows": ["main"], "permissions": ["core:path:default"]}] }
  }
})"));
  std::vector<std::string> m = error_messages(p.diagnostics);
  ASSERT_EQ(m.size(), 1u) << ::testing::PrintToString(m);
  EXPECT_EQ(m[0], "no capability `mian` in capabilities/");
  const weft::Error& e = p.diagnostics.items()[0];
  EXPECT_EQ(e.hint(), "did you mean `main`?");
  EXPECT_EQ(e.location().line, 5);
  EXPECT_EQ(e.location().column, 44);
  EXPECT_EQ(p.resolved.capabilities.size(), 2u);
  EXPECT_TRUE(p.resolved.capabilities.count("inline"));
  EXPECT_TRUE(p.resolved.capabilities.count("main"));
  EXPECT_FALSE(p.resolved.commands.count("core:window|close"));
  EXPECT_TRUE(p.resolved.commands.count("core:path|join"));
  EXPECT_EQ(p.capabilities.size(), 3u);
}

TEST(AclProject, DuplicateCapabilitiesAndBadPlugins) {
  weft::test::TempDir dir;
  write_file(dir / "capabilities" / "a.json", k_capability);
  write_file(dir / "capabilities" / "b.json", k_capability);
  fs::create_directories(dir / "plugins" / "empty");
  acl::ProjectAcl p = acl::load_project_acl(manifest_of(dir, R"({
  "identifier": "com.example.a",
  "app": { "windows": [{ "label": "main" }],
           "security": { "capabilities": [{"identifier": "main", "windows": ["main"], "permissions": ["core:default"]}] } },
  "plugins": { "gone": { "path": "plugins/gone" }, "empty": { "path": "plugins/empty" } }
})"));
  std::vector<std::string> m = error_messages(p.diagnostics);
  ASSERT_EQ(m.size(), 4u) << ::testing::PrintToString(m);
  // Sorted by file (manifest, then capabilities in path order) and position.
  EXPECT_NE(m[0].find("duplicate capability identifier `main`"), std::string::npos);
  EXPECT_NE(m[1].find("plugin `gone`: the folder"), std::string::npos);
  EXPECT_NE(m[2].find("plugin `empty`"), std::string::npos);
  EXPECT_NE(m[2].find("has no permissions/ folder"), std::string::npos);
  EXPECT_EQ(m[3], "duplicate capability identifier `main`");
  EXPECT_NE(p.diagnostics.items()[3].hint().find("a.json:1:"), std::string::npos);
}

TEST(AclProject, BuildWritesTheSchemaEvenWhenACapabilityIsWrong) {
  weft::test::TempDir dir;
  write_file(dir / "capabilities" / "main.json",
             R"({"identifier": "main", "windows": ["main"], "permissions": ["core:defalt"]})");
  weft::config::Manifest manifest =
      manifest_of(dir, R"({"identifier": "com.example.a", "app": {"windows": [{"label": "main"}]}})");
  fs::path gen = dir / "target" / "release" / "gen";
  auto result = acl::build_acl(manifest, {}, gen);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "unknown permission `core:defalt`");
  EXPECT_EQ(result.error().hint(), "did you mean `core:default`?");
  EXPECT_TRUE(fs::exists(gen / "schemas" / "capability.schema.json"));
  EXPECT_FALSE(fs::exists(gen / "acl.json"));

  // A broken permission file leaves the schema alone too (it would lie).
  fs::remove_all(gen);
  write_file(dir / "permissions" / "bad.toml", "[[permission]]\nidentifier = \"x\"\n");
  auto broken = acl::build_acl(manifest, {}, gen);
  ASSERT_FALSE(broken);
  EXPECT_FALSE(fs::exists(gen));

  fs::remove(dir / "permissions" / "bad.toml");
  write_file(dir / "capabilities" / "main.json", k_capability);
  auto fixed = acl::build_acl(manifest, {}, gen);
  ASSERT_TRUE(fixed) << fixed.error().headline();
  EXPECT_TRUE(fixed->outputs.acl_written);
  EXPECT_TRUE(fixed->outputs.schema_written); // the broken run removed nothing, but gen/ was cleared above
  auto same = acl::build_acl(manifest, {}, gen);
  ASSERT_TRUE(same);
  EXPECT_FALSE(same->outputs.acl_written);
  EXPECT_FALSE(same->outputs.schema_written);
}

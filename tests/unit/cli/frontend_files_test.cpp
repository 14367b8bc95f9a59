#include "build_hook.hpp"
#include "frontend_files.hpp"
#include "test_dir.hpp"

#include <fstream>

#include <gtest/gtest.h>

namespace weft::cli {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// A manifest whose weft.conf.json on disk holds `build` (for locations).
config::Manifest manifest_with(const test::TempDir& dir, const nlohmann::json& build) {
  config::Manifest manifest;
  manifest.project_dir = dir.path();
  manifest.file = dir / "weft.conf.json";
  manifest.config = {{"build", build}};
  write(manifest.file, manifest.config.dump(2));
  manifest.sources = {manifest.file.string()};
  return manifest;
}

TEST(FrontendFiles, FolderIsWalkedAndSorted) {
  test::TempDir dir;
  write(dir / "ui/index.html", "<html>");
  write(dir / "ui/b/z.js", "z");
  write(dir / "ui/a.css", "a");
  auto files = collect_frontend_files(manifest_with(dir, {{"frontendDist", "ui"}}));
  ASSERT_TRUE(files) << files.error().message();
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].path, "a.css");
  EXPECT_EQ((*files)[1].path, "b/z.js");
  EXPECT_EQ((*files)[2].path, "index.html");
  EXPECT_EQ((*files)[2].size, 6u);
}

TEST(FrontendFiles, ListPutsFilesAtTheRootAndRefusesCollisions) {
  test::TempDir dir;
  write(dir / "a/index.html", "1");
  write(dir / "b/index.html", "2");
  write(dir / "b/app.js", "3");
  auto files = collect_frontend_files(manifest_with(dir, {{"frontendDist", {"a/index.html", "b/app.js"}}}));
  ASSERT_TRUE(files);
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].path, "app.js");
  auto clash = collect_frontend_files(manifest_with(dir, {{"frontendDist", {"a/index.html", "b/index.html"}}}));
  ASSERT_FALSE(clash);
  EXPECT_NE(clash.error().message().find("both be served at `index.html`"), std::string::npos);
}

TEST(FrontendFiles, UrlAndAbsentEmbedNothing) {
  test::TempDir dir;
  EXPECT_TRUE(collect_frontend_files(manifest_with(dir, {{"frontendDist", "https://example.com"}}))->empty());
  EXPECT_TRUE(collect_frontend_files(manifest_with(dir, nlohmann::json::object()))->empty());
}

TEST(FrontendFiles, MissingFolderIsLocated) {
  test::TempDir dir;
  auto files = collect_frontend_files(manifest_with(dir, {{"frontendDist", "dist"}}));
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error().code(), ExitCode::input);
  EXPECT_EQ(files.error().location().line, 3);
  EXPECT_NE(files.error().message().find("does not exist"), std::string::npos);
}

TEST(FrontendFiles, FolderHoldingNodeModulesOrTargetIsRefused) {
  test::TempDir dir;
  write(dir / "index.html", "x");
  fs::create_directories(dir / "node_modules/pkg");
  auto files = collect_frontend_files(manifest_with(dir, {{"frontendDist", "."}}));
  ASSERT_FALSE(files);
  EXPECT_NE(files.error().message().find("target/"), std::string::npos); // checked first, even before it exists
  write(dir / "web/index.html", "x");
  EXPECT_TRUE(collect_frontend_files(manifest_with(dir, {{"frontendDist", "web"}})));
  fs::create_directories(dir / "web/node_modules/vite");
  auto web = collect_frontend_files(manifest_with(dir, {{"frontendDist", "web"}}));
  ASSERT_FALSE(web);
  EXPECT_NE(web.error().message().find("contains a node_modules/ folder"), std::string::npos);
}

TEST(HookEnvironment, FromTheTriple) {
  auto env = hook_environment("aarch64-unknown-linux-gnu", true);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"WEFT_ENV_PLATFORM", "linux"},
      {"WEFT_ENV_ARCH", "aarch64"},
      {"WEFT_ENV_TARGET_TRIPLE", "aarch64-unknown-linux-gnu"},
      {"WEFT_ENV_DEBUG", "true"}};
  EXPECT_EQ(env, expected);
  EXPECT_EQ(hook_environment("x86_64-pc-windows-msvc", false)[0].second, "windows");
  EXPECT_EQ(hook_environment("aarch64-apple-darwin", false)[0].second, "macos");
}

} // namespace
} // namespace weft::cli

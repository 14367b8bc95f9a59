#include "served_path.hpp"
#include "test_dir.hpp"

#include <fstream>

#include <gtest/gtest.h>

namespace weft::cli {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text = "x") {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

struct Site {
  test::TempDir dir;
  fs::path ui = dir / "ui";
  Site() {
    write(ui / "index.html");
    write(ui / "js" / "main.js");
    write(ui / "docs" / "index.html");
    write(dir / "secret.txt");
  }
};

TEST(ServedPath, RootAndFoldersGiveTheirIndex) {
  Site site;
  const FrontendRoot root = FrontendRoot::folder(site.ui);
  ServedPath served = root.resolve("/");
  ASSERT_EQ(served.kind, Served::file);
  EXPECT_EQ(served.file, fs::canonical(site.ui / "index.html"));
  served = root.resolve("/docs/");
  ASSERT_EQ(served.kind, Served::file);
  EXPECT_EQ(served.file, fs::canonical(site.ui / "docs" / "index.html"));
  served = root.resolve("/js/main.js");
  ASSERT_EQ(served.kind, Served::file);
  EXPECT_EQ(served.file, fs::canonical(site.ui / "js" / "main.js"));
}

TEST(ServedPath, FolderWithoutSlashRedirects) {
  Site site;
  const ServedPath served = FrontendRoot::folder(site.ui).resolve("/docs");
  ASSERT_EQ(served.kind, Served::redirect);
  EXPECT_EQ(served.location, "/docs/");
}

TEST(ServedPath, MissingIsNotFound) {
  Site site;
  const FrontendRoot root = FrontendRoot::folder(site.ui);
  EXPECT_EQ(root.resolve("/nope.js").kind, Served::not_found);
  EXPECT_EQ(root.resolve("/js/").kind, Served::not_found); // a folder without index.html
}

TEST(ServedPath, DotDotIsForbidden) {
  Site site;
  const FrontendRoot root = FrontendRoot::folder(site.ui);
  EXPECT_EQ(root.resolve("/../secret.txt").kind, Served::forbidden);
  EXPECT_EQ(root.resolve("/js/../../secret.txt").kind, Served::forbidden);
  EXPECT_EQ(root.resolve("/js/../index.html").kind, Served::forbidden);
}

TEST(ServedPath, SymlinksOutAreForbiddenInsideAllowed) {
  Site site;
  fs::create_symlink(site.dir / "secret.txt", site.ui / "leak.txt");
  fs::create_directory_symlink(site.dir.path(), site.ui / "up");
  fs::create_symlink(site.ui / "js" / "main.js", site.ui / "alias.js");
  const FrontendRoot root = FrontendRoot::folder(site.ui);
  EXPECT_EQ(root.resolve("/leak.txt").kind, Served::forbidden);
  EXPECT_EQ(root.resolve("/up/secret.txt").kind, Served::forbidden);
  const ServedPath alias = root.resolve("/alias.js");
  ASSERT_EQ(alias.kind, Served::file);
  EXPECT_EQ(alias.file, fs::canonical(site.ui / "js" / "main.js"));
}

TEST(ServedPath, ARootThatIsASymlinkServesItsFiles) {
  Site site;
  fs::create_directory_symlink(site.ui, site.dir / "link");
  const FrontendRoot root = FrontendRoot::folder(site.dir / "link");
  EXPECT_EQ(root.resolve("/js/main.js").kind, Served::file);
  EXPECT_TRUE(root.contains(site.dir / "link" / "js" / "main.js"));
  EXPECT_TRUE(root.contains(site.ui / "js" / "main.js"));
}

TEST(ServedPath, ListOfFilesServedAtTheRoot) {
  Site site;
  const FrontendRoot root =
      FrontendRoot::files({{"index.html", site.ui / "index.html"}, {"main.js", site.ui / "js" / "main.js"}});
  EXPECT_EQ(root.resolve("/").kind, Served::file);
  EXPECT_EQ(root.resolve("/main.js").file, site.ui / "js" / "main.js");
  EXPECT_EQ(root.resolve("/js/main.js").kind, Served::not_found);
  EXPECT_EQ(root.resolve("/../secret.txt").kind, Served::forbidden);
  EXPECT_TRUE(root.contains(site.ui / "js" / "main.js"));
  EXPECT_FALSE(root.contains(site.ui / "docs" / "index.html"));
}

TEST(ServedPath, ContainsOnlyWhatIsUnderTheFolder) {
  Site site;
  const FrontendRoot root = FrontendRoot::folder(site.ui);
  EXPECT_TRUE(root.contains(site.ui / "js" / "main.js"));
  EXPECT_FALSE(root.contains(site.dir / "secret.txt"));
  EXPECT_FALSE(root.contains(site.dir / "ui2" / "x"));
  EXPECT_FALSE(root.contains(site.ui / ".." / "secret.txt"));
}

} // namespace
} // namespace weft::cli

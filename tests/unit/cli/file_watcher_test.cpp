#include "file_watcher.hpp"
#include "test_dir.hpp"

#include <poll.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace weft::cli {
namespace {

namespace fs = std::filesystem;

TEST(IgnoreRules, GitignoreSubset) {
  IgnoreRules rules;
  rules.add_line("# a comment");
  rules.add_line("*.log");
  rules.add_line("/build/");
  rules.add_line("docs/*.md");
  rules.add_line("!keep.log");
  EXPECT_TRUE(rules.ignored("a.log", false));
  EXPECT_TRUE(rules.ignored("src/deep/a.log", false));
  EXPECT_FALSE(rules.ignored("keep.log", false));
  EXPECT_TRUE(rules.ignored("build", true));
  EXPECT_TRUE(rules.ignored("build/x.cpp", false));
  EXPECT_FALSE(rules.ignored("build", false)); // a file named build: the rule is for folders
  EXPECT_FALSE(rules.ignored("src/build/x.cpp", false)); // anchored to the root
  EXPECT_TRUE(rules.ignored("docs/a.md", false));
  EXPECT_FALSE(rules.ignored("src/main.cpp", false));
  EXPECT_FALSE(rules.ignored("# a comment", false));
}

TEST(IgnoreRules, AlwaysIgnored) {
  IgnoreRules rules;
  EXPECT_TRUE(rules.ignored("target/debug/app", false));
  EXPECT_TRUE(rules.ignored("ui/node_modules/x/index.js", false));
  EXPECT_TRUE(rules.ignored(".git/index", false));
  EXPECT_TRUE(rules.ignored("src/main.cpp~", false));
  EXPECT_FALSE(rules.ignored("src/main.cpp", false));
}

std::vector<fs::path> changes_after(FileWatcher& watcher) {
  pollfd p{watcher.fd(), POLLIN, 0};
  ::poll(&p, 1, 2000);
  return watcher.take_changes();
}

TEST(FileWatcher, SeesEditsInNewFoldersAndSkipsIgnored) {
  test::TempDir dir;
  const fs::path root = fs::absolute(dir.path());
  fs::create_directories(root / "src");
  fs::create_directories(root / "ui");
  fs::create_directories(root / "target");
  std::ofstream(root / ".gitignore") << "*.tmp\n";
  auto watcher = FileWatcher::open(root, IgnoreRules::load(root));
  ASSERT_TRUE(watcher);
  ASSERT_TRUE(watcher->watch_tree(root, {root / "ui"}));

  std::ofstream(root / "target" / "out.o") << "x";
  std::ofstream(root / "ui" / "index.html") << "x";
  std::ofstream(root / "src" / "a.tmp") << "x";
  std::ofstream(root / "src" / "main.cpp") << "int main() {}";
  std::vector<fs::path> changed = changes_after(*watcher);
  EXPECT_EQ(changed, std::vector<fs::path>{root / "src" / "main.cpp"});

  fs::create_directories(root / "src" / "sub");
  changes_after(*watcher);
  std::ofstream(root / "src" / "sub" / "x.cpp") << "x";
  changed = changes_after(*watcher);
  EXPECT_NE(std::find(changed.begin(), changed.end(), root / "src" / "sub" / "x.cpp"), changed.end());
}

} // namespace
} // namespace weft::cli

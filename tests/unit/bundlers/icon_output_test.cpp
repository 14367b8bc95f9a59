#include "test_dir.hpp"

#include <weft/base/atomic_file.hpp>
#include <weft/base/file.hpp>
#include <weft/bundlers/icon_output.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

namespace weft::bundlers {
namespace {

namespace fs = std::filesystem;

std::vector<GeneratedFile> sample_files() {
  return {{"a.png", IconFormat::png, Platform::desktop, {1}, "AAAA"},
          {"ios/b.png", IconFormat::png, Platform::ios, {2}, "BBBB"},
          {"android/mipmap-hdpi/c.png", IconFormat::png, Platform::android, {3}, "CCCC"}};
}

std::size_t entries_in(const fs::path& dir) {
  std::size_t n = 0;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) ++n;
  return n;
}

TEST(IconOutput, WritesThenLeavesUnchangedFilesAlone) {
  test::TempDir dir;
  const fs::path out = dir / "deep/icons";
  std::vector<GeneratedFile> files = sample_files();
  Result<std::vector<WriteOutcome>> first = write_icon_files(out, files);
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(*first, std::vector<WriteOutcome>(3, WriteOutcome::written));
  EXPECT_EQ(*read_file(out / "android/mipmap-hdpi/c.png"), "CCCC");
  struct stat st {};
  ASSERT_EQ(::stat((out / "a.png").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  const auto mtime = fs::last_write_time(out / "a.png");

  files[1].bytes = "B2";
  Result<std::vector<WriteOutcome>> second = write_icon_files(out, files);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, (std::vector<WriteOutcome>{WriteOutcome::unchanged, WriteOutcome::written, WriteOutcome::unchanged}));
  EXPECT_EQ(fs::last_write_time(out / "a.png"), mtime);
  EXPECT_EQ(*read_file(out / "ios/b.png"), "B2");
  EXPECT_EQ(entries_in(out), 6u); // 3 files + 3 folders: no temporaries left
}

TEST(IconOutput, SomethingInTheWayFailsBeforeAnyWrite) {
  test::TempDir dir;
  const fs::path out = dir / "icons";
  fs::create_directories(out / "ios/b.png"); // a folder where a file goes
  Result<std::vector<WriteOutcome>> r = write_icon_files(out, sample_files());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ExitCode::input);
  EXPECT_FALSE(fs::exists(out / "a.png"));
  EXPECT_FALSE(fs::exists(out / "android"));
  EXPECT_EQ(entries_in(out), 2u);
}

TEST(IconOutput, OutputUnderAFileFailsCleanly) {
  test::TempDir dir;
  ASSERT_TRUE(write_file_atomic(dir / "file", "x"));
  Result<std::vector<WriteOutcome>> r = write_icon_files(dir / "file/icons", sample_files());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message().find('\n'), std::string::npos);
  EXPECT_EQ(entries_in(dir.path()), 1u);
}

TEST(IconOutput, UnwritableFolderLeavesNothingBehind) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into read-only folders";
  test::TempDir dir;
  fs::create_directories(dir / "ro");
  fs::permissions(dir / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  Result<std::vector<WriteOutcome>> r = write_icon_files(dir / "ro/icons", sample_files());
  fs::permissions(dir / "ro", fs::perms::owner_all);
  ASSERT_FALSE(r);
  EXPECT_EQ(entries_in(dir / "ro"), 0u);
}

// A failure after some folders were made removes them again.
TEST(IconOutput, CreatedFoldersAreRemovedOnFailure) {
  test::TempDir dir;
  const fs::path out = dir / "icons";
  std::vector<GeneratedFile> files = sample_files();
  fs::create_directories(out);
  ASSERT_TRUE(write_file_atomic(out / "zzz", "file, not folder"));
  files.push_back({"zzz/d.png", IconFormat::png, Platform::desktop, {4}, "DDDD"});
  Result<std::vector<WriteOutcome>> r = write_icon_files(out, files);
  ASSERT_FALSE(r);
  EXPECT_EQ(entries_in(out), 1u) << "only the pre-existing file is left";
}

} // namespace
} // namespace weft::bundlers

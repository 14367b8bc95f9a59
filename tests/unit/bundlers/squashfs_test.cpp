// make_squashfs's mksquashfs command line and error mapping, through a fake
// process runner (the e2e test appimage.sh runs the real tool).
#include "test_dir.hpp"

#include <weft/base/process_fake.hpp>
#include <weft/bundlers/squashfs.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace weft::bundlers {
namespace {

bool has_pair(const std::vector<std::string>& argv, const std::string& option, const std::string& value) {
  auto it = std::find(argv.begin(), argv.end(), option);
  return it != argv.end() && it + 1 != argv.end() && *(it + 1) == value;
}

bool has(const std::vector<std::string>& argv, const std::string& option) {
  return std::find(argv.begin(), argv.end(), option) != argv.end();
}

TEST(Squashfs, RunsMksquashfsReproducibly) {
  test::TempDir dir;
  FakeProcessRunner runner;
  auto made = make_squashfs(runner, dir.path(), dir / "out.sqfs", SquashfsOptions{.timestamp = 1700000000, .zstd_level = 19});
  ASSERT_TRUE(made) << made.error().message();
  ASSERT_EQ(runner.commands().size(), 1u);
  const Command& command = runner.commands()[0];
  const auto& argv = command.argv;
  ASSERT_GE(argv.size(), 3u);
  EXPECT_EQ(argv[0], "mksquashfs");
  EXPECT_EQ(argv[1], dir.path().string());
  EXPECT_EQ(argv[2], (dir / "out.sqfs").string());
  EXPECT_TRUE(has_pair(argv, "-comp", "zstd"));
  EXPECT_TRUE(has_pair(argv, "-Xcompression-level", "19"));
  EXPECT_TRUE(has_pair(argv, "-mkfs-time", "1700000000"));
  EXPECT_TRUE(has_pair(argv, "-all-time", "1700000000"));
  EXPECT_TRUE(has_pair(argv, "-root-mode", "755"));
  for (const char* flag : {"-all-root", "-no-xattrs", "-noappend", "-reproducible"}) EXPECT_TRUE(has(argv, flag)) << flag;
  EXPECT_NE(std::find(command.env_unset.begin(), command.env_unset.end(), "SOURCE_DATE_EPOCH"), command.env_unset.end());
}

TEST(Squashfs, MissingToolNamesTheDebianPackage) {
  test::TempDir dir;
  FakeProcessRunner runner([](const Command& c) -> Result<ProcessResult> {
    return fail(Error::tool(c.argv[0], "program not found"));
  });
  auto made = make_squashfs(runner, dir.path(), dir / "out.sqfs", {});
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().code(), ExitCode::tool);
  EXPECT_EQ(made.error().message(), "mksquashfs: program not found; install the Debian package squashfs-tools");
}

TEST(Squashfs, FailureCarriesTheToolsLastLine) {
  test::TempDir dir;
  FakeProcessRunner runner([](const Command&) -> Result<ProcessResult> {
    ProcessResult result;
    result.status.code = 1;
    result.stderr_tail = "Parallel Mksquashfs\nWrite failed because No space left on device\n";
    return result;
  });
  auto made = make_squashfs(runner, dir.path(), dir / "out.sqfs", {});
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().code(), ExitCode::tool);
  EXPECT_EQ(made.error().message(),
            "mksquashfs: exited with status 1: Write failed because No space left on device");
}

TEST(Squashfs, RefusesBadInputBeforeRunning) {
  test::TempDir dir;
  FakeProcessRunner runner;
  EXPECT_FALSE(make_squashfs(runner, dir.path(), dir / "o", SquashfsOptions{.timestamp = -1}));
  EXPECT_FALSE(make_squashfs(runner, dir.path(), dir / "o", SquashfsOptions{.timestamp = int64_t{1} << 32}));
  EXPECT_FALSE(make_squashfs(runner, dir.path(), dir / "o", SquashfsOptions{.zstd_level = 23}));
  auto missing = make_squashfs(runner, dir / "nope", dir / "o", {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ExitCode::input);
  EXPECT_TRUE(runner.commands().empty());
}

} // namespace
} // namespace weft::bundlers

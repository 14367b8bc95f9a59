// write_appimage with a fake mksquashfs: what lands at the output path, and
// that a failure at any step leaves nothing there (appimage.sh runs the real
// tools).
#include "test_dir.hpp"

#include <weft/base/process_fake.hpp>
#include <weft/bundlers/appimage_file.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>

namespace weft::bundlers {
namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A fake mksquashfs that writes `payload` to its output argument.
FakeProcessRunner squashfs_writing(std::string payload) {
  return FakeProcessRunner([payload](const Command& c) -> Result<ProcessResult> {
    write(c.argv.at(2), payload);
    return ProcessResult{};
  });
}

class AppImageFile : public ::testing::Test {
protected:
  void SetUp() override {
    std::filesystem::create_directories(dir / "AppDir");
    write(dir / "AppDir" / "AppRun", "#!/bin/sh\n");
    std::filesystem::permissions(dir / "AppDir" / "AppRun", std::filesystem::perms(0755));
    options.runtime = WEFT_TEST_APPIMAGE_RUNTIME;
    options.timestamp = 1;
  }
  std::vector<std::string> leftovers() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "out")) names.push_back(entry.path().filename());
    return names;
  }

  test::TempDir dir;
  AppImageFileOptions options;
};

TEST_F(AppImageFile, IsTheRuntimeFollowedByTheSquashfs) {
  auto runner = squashfs_writing("hsqs-fake-payload");
  auto written = write_appimage(runner, dir / "AppDir", dir / "out" / "app.AppImage", options);
  ASSERT_TRUE(written) << written.error().message();
  const std::string runtime = read_all(WEFT_TEST_APPIMAGE_RUNTIME);
  EXPECT_EQ(read_all(dir / "out" / "app.AppImage"), runtime + "hsqs-fake-payload");
  struct stat st {};
  ASSERT_EQ(::stat((dir / "out" / "app.AppImage").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
  EXPECT_EQ(leftovers(), std::vector<std::string>{"app.AppImage"}); // the temporary squashfs is gone
}

TEST_F(AppImageFile, FailingMksquashfsLeavesNothing) {
  std::filesystem::create_directories(dir / "out");
  write(dir / "out" / "app.AppImage", "previous");
  FakeProcessRunner runner([](const Command& c) -> Result<ProcessResult> {
    write(c.argv.at(2), "half");
    ProcessResult result;
    result.status.code = 1;
    return result;
  });
  auto written = write_appimage(runner, dir / "AppDir", dir / "out" / "app.AppImage", options);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code(), ExitCode::tool);
  EXPECT_EQ(read_all(dir / "out" / "app.AppImage"), "previous");
  EXPECT_EQ(leftovers(), std::vector<std::string>{"app.AppImage"});
}

TEST_F(AppImageFile, BadInputRunsNothing) {
  FakeProcessRunner runner;
  options.update_information = "http://not-a-transport";
  EXPECT_FALSE(write_appimage(runner, dir / "AppDir", dir / "out" / "a.AppImage", options));
  options.update_information.clear();
  std::filesystem::remove(dir / "AppDir" / "AppRun");
  auto no_apprun = write_appimage(runner, dir / "AppDir", dir / "out" / "a.AppImage", options);
  ASSERT_FALSE(no_apprun);
  EXPECT_EQ(no_apprun.error().code(), ExitCode::input);
  write(dir / "AppDir" / "AppRun", "#!/bin/sh\n");
  std::filesystem::permissions(dir / "AppDir" / "AppRun", std::filesystem::perms(0755));
  options.runtime = dir / "AppDir" / "AppRun"; // not an ELF
  auto not_runtime = write_appimage(runner, dir / "AppDir", dir / "out" / "a.AppImage", options);
  ASSERT_FALSE(not_runtime);
  EXPECT_NE(not_runtime.error().message().find("not an ELF file"), std::string::npos);
  EXPECT_TRUE(runner.commands().empty());
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "a.AppImage"));
}

TEST_F(AppImageFile, UpdateInformationLandsInItsSection) {
  auto runner = squashfs_writing("payload");
  options.update_information = "zsync|https://example.com/app.zsync";
  ASSERT_TRUE(write_appimage(runner, dir / "AppDir", dir / "app.AppImage", options));
  const std::string bytes = read_all(dir / "app.AppImage");
  EXPECT_NE(bytes.find(std::string("zsync|https://example.com/app.zsync\0", 36)), std::string::npos);
}

} // namespace
} // namespace weft::bundlers

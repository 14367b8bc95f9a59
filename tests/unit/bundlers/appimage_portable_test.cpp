// The pieces of a portable AppImage that need no AppImage to check: the
// host library search, the library closure with the exclude list, and the
// same-length path relocation applied to libwebkit2gtk.
#include "test_dir.hpp"

#include "appimage_portable.hpp"
#include "library_exclude_list.hpp"
#include "shared_libraries.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace weft::bundlers {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

TEST(SharedLibraries, ReadsLdSoConfWithIncludesInOrder) {
  test::TempDir root;
  write(root / "etc/ld.so.conf", "# comment\ninclude /etc/ld.so.conf.d/*.conf\n/opt/last\n");
  write(root / "etc/ld.so.conf.d/b.conf", "/opt/b  # trailing comment\n");
  write(root / "etc/ld.so.conf.d/a.conf", "/opt/a\n/usr/lib/x86_64-linux-gnu\n");
  write(root / "etc/ld.so.conf.d/ignored.txt", "/opt/ignored\n");
  const std::vector<fs::path> dirs = host_library_dirs(root.path(), "x86_64-linux-gnu");
  const std::vector<fs::path> expected = {root / "opt/a",    root / "usr/lib/x86_64-linux-gnu", root / "opt/b",
                                          root / "opt/last", root / "lib/x86_64-linux-gnu",     root / "lib",
                                          root / "usr/lib"};
  EXPECT_EQ(dirs, expected);
}

TEST(SharedLibraries, ClosureSkipsExcludedLibraries) {
  // libpng16 needs libz (shipped) and libm/libc (glibc, excluded).
  const std::vector<fs::path> dirs = host_library_dirs("/", "x86_64-linux-gnu");
  const fs::path png = "/usr/lib/x86_64-linux-gnu/libpng16.so.16";
  if (!fs::exists(png)) GTEST_SKIP() << "no " << png;
  auto libs = needed_libraries({png}, dirs, 62 /* EM_X86_64 */, is_excluded_library, {});
  ASSERT_TRUE(libs) << libs.error().message();
  ASSERT_EQ(libs->size(), 1u);
  EXPECT_EQ((*libs)[0].soname, "libz.so.1");
  EXPECT_TRUE(fs::path((*libs)[0].source).is_absolute());
}

TEST(SharedLibraries, MissingLibraryNamesItAndItsUser) {
  test::TempDir dir;
  const fs::path png = "/usr/lib/x86_64-linux-gnu/libpng16.so.16";
  if (!fs::exists(png)) GTEST_SKIP() << "no " << png;
  auto libs = needed_libraries({png}, {dir.path()}, 62, [](std::string_view) { return false; }, {});
  ASSERT_FALSE(libs);
  EXPECT_NE(libs.error().message().find("libpng16.so.16: library "), std::string::npos) << libs.error().message();
  EXPECT_NE(libs.error().message().find("not found"), std::string::npos);
}

TEST(SharedLibraries, CorruptLibraryIsAnError) {
  test::TempDir dir;
  write(dir / "libz.so.1", "\x7f"
                           "ELF truncated");
  const fs::path png = "/usr/lib/x86_64-linux-gnu/libpng16.so.16";
  if (!fs::exists(png)) GTEST_SKIP() << "no " << png;
  auto libs = needed_libraries({png}, {dir.path()}, 62, is_excluded_library, {});
  ASSERT_FALSE(libs);
  EXPECT_NE(libs.error().message().find("libz.so.1"), std::string::npos) << libs.error().message();
}

TEST(ExcludeList, EveryEntryHasAReasonAndIsUnique) {
  for (size_t i = 0; i < k_excluded_libraries.size(); ++i) {
    EXPECT_FALSE(k_excluded_libraries[i].reason.empty()) << k_excluded_libraries[i].soname;
    for (size_t j = i + 1; j < k_excluded_libraries.size(); ++j)
      EXPECT_NE(k_excluded_libraries[i].soname, k_excluded_libraries[j].soname);
  }
  EXPECT_TRUE(is_excluded_library("libc.so.6"));
  EXPECT_FALSE(is_excluded_library("libgtk-3.so.0"));
}

TEST(PathRelocation, ReplacesWholeStringsOnlyKeepingLength) {
  const std::string old_dir = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1";
  std::string bytes = std::string("\0", 1) + old_dir + std::string("\0", 1) + "x" + old_dir + "/injected-bundle/" +
                      std::string("\0", 1) + "A" + old_dir + std::string("\0", 1);
  const std::string before = bytes;
  EXPECT_EQ(replace_path_string(bytes, old_dir, "/proc/self/fd/9"), 1u);
  EXPECT_EQ(bytes.size(), before.size());
  const std::string expected = "/proc/self/fd/9" + std::string(old_dir.size() - 15, '/');
  EXPECT_EQ(bytes.substr(1, old_dir.size()), expected);
  // The longer string and the one that only ends with the path are kept.
  EXPECT_EQ(bytes.substr(old_dir.size() + 2), before.substr(old_dir.size() + 2));
  std::string small = old_dir + std::string("\0", 1);
  EXPECT_EQ(replace_path_string(small, old_dir, std::string(old_dir.size() + 1, 'x')), 0u);
}

} // namespace
} // namespace weft::bundlers

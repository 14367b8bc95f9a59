#include "path_commands.hpp"

#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

namespace weft::runtime {
namespace {

EnvLookup fake_env(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ResolveDirectory, XdgDefaults) {
  const EnvLookup env = fake_env({{"HOME", "/home/ann"}});
  EXPECT_EQ(*resolve_directory("appData", "com.example.app", env), "/home/ann/.local/share/com.example.app");
  EXPECT_EQ(*resolve_directory("appLocalData", "com.example.app", env), "/home/ann/.local/share/com.example.app");
  EXPECT_EQ(*resolve_directory("appConfig", "com.example.app", env), "/home/ann/.config/com.example.app");
  EXPECT_EQ(*resolve_directory("appCache", "com.example.app", env), "/home/ann/.cache/com.example.app");
  EXPECT_EQ(*resolve_directory("appLog", "com.example.app", env), "/home/ann/.local/share/com.example.app/logs");
  EXPECT_EQ(*resolve_directory("home", "x.y", env), "/home/ann");
  EXPECT_EQ(*resolve_directory("temp", "x.y", env), "/tmp");
  EXPECT_EQ(*resolve_directory("download", "x.y", env), "/home/ann/Downloads");
  EXPECT_FALSE(resolve_directory("runtime", "x.y", env));
}

TEST(ResolveDirectory, XdgVariables) {
  const EnvLookup env = fake_env({{"HOME", "/home/ann"},
                                  {"XDG_DATA_HOME", "/data/"},
                                  {"XDG_CONFIG_HOME", "/cfg"},
                                  {"XDG_CACHE_HOME", "relative/ignored"},
                                  {"XDG_RUNTIME_DIR", "/run/user/1000"}});
  EXPECT_EQ(*resolve_directory("appData", "com.example.app", env), "/data/com.example.app");
  EXPECT_EQ(*resolve_directory("appConfig", "com.example.app", env), "/cfg/com.example.app");
  EXPECT_EQ(*resolve_directory("appCache", "com.example.app", env), "/home/ann/.cache/com.example.app");
  EXPECT_EQ(*resolve_directory("runtime", "x.y", env), "/run/user/1000");
}

TEST(ResolveDirectory, UserDirsFile) {
  test::TempDir dir;
  std::ofstream(dir / "user-dirs.dirs") << "# comment\nXDG_DOWNLOAD_DIR=\"$HOME/Fetched\"\nXDG_MUSIC_DIR=\"/srv/music\"\n";
  const EnvLookup env = fake_env({{"HOME", "/home/ann"}, {"XDG_CONFIG_HOME", dir.path().string()}});
  EXPECT_EQ(*resolve_directory("download", "x.y", env), "/home/ann/Fetched");
  EXPECT_EQ(*resolve_directory("music", "x.y", env), "/srv/music");
  EXPECT_EQ(*resolve_directory("video", "x.y", env), "/home/ann/Videos");
}

TEST(ResolveDirectory, Errors) {
  Result<std::string> unknown = resolve_directory("appDta", "x.y", fake_env({{"HOME", "/h"}}));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message(), "unknown directory `appDta`");
  EXPECT_NE(unknown.error().hint().find("appData"), std::string::npos);
  EXPECT_FALSE(resolve_directory("appData", "x.y", fake_env({})));
}

TEST(PathArithmetic, Normalize) {
  EXPECT_EQ(normalize_path("/a/./b//c/../d/"), "/a/b/d");
  EXPECT_EQ(normalize_path("a/../../b"), "../b");
  EXPECT_EQ(normalize_path("/../x"), "/x");
  EXPECT_EQ(normalize_path(""), ".");
  EXPECT_EQ(normalize_path("/"), "/");
}

TEST(PathArithmetic, Parts) {
  EXPECT_EQ(join_paths({"/a", "b/", "../c", ""}), "/a/c");
  EXPECT_EQ(dirname_of("/a/b/c.txt"), "/a/b");
  EXPECT_EQ(dirname_of("c.txt"), ".");
  EXPECT_EQ(dirname_of("/c.txt"), "/");
  EXPECT_EQ(basename_of("/a/b/c.tar.gz"), "c.tar.gz");
  EXPECT_EQ(basename_of("/a/b/c.tar.gz", ".gz"), "c.tar");
  EXPECT_EQ(extname_of("/a/b/c.tar.gz"), "gz");
  EXPECT_EQ(extname_of("/a/.hidden"), "");
  EXPECT_TRUE(is_absolute_path("/x"));
  EXPECT_FALSE(is_absolute_path("x/y"));
}

} // namespace
} // namespace weft::runtime

#include "build_state.hpp"
#include "test_dir.hpp"

#include <fstream>

#include <gtest/gtest.h>

namespace weft::cli {
namespace {

TEST(BuildState, RoundTrips) {
  test::TempDir dir;
  BuildState state;
  state.files["/p/ui/index.html"] = {12, 34, std::string(64, 'a')};
  state.steps["context"] = "abc";
  ASSERT_TRUE(save_build_state(dir / "state.json", state));
  BuildState loaded = load_build_state(dir / "state.json");
  ASSERT_EQ(loaded.files.size(), 1u);
  EXPECT_EQ(loaded.files["/p/ui/index.html"].size, 12u);
  EXPECT_EQ(loaded.files["/p/ui/index.html"].mtime_ns, 34);
  EXPECT_EQ(loaded.step("context"), "abc");
  EXPECT_EQ(loaded.step("configure"), "");
}

TEST(BuildState, MissingOrCorruptIsEmpty) {
  test::TempDir dir;
  EXPECT_TRUE(load_build_state(dir / "none.json").steps.empty());
  std::ofstream(dir / "bad.json") << "{\"version\": 1, \"files\": {\"x\": 3}, \"steps\": {}}";
  EXPECT_TRUE(load_build_state(dir / "bad.json").files.empty());
  std::ofstream(dir / "old.json") << "{\"version\": 0, \"files\": {}, \"steps\": {\"context\": \"a\"}}";
  EXPECT_TRUE(load_build_state(dir / "old.json").steps.empty());
}

} // namespace
} // namespace weft::cli

// Golden tests: each app in tests/fixtures/acl/apps/<name>/ resolves without
// errors or warnings to exactly its expected-acl.json. Set
// WEFT_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate
// change (and review the diff).
#include <weft/config-schema/acl/project_acl.hpp>
#include <weft/config-schema/manifest.hpp>

#include "acl_test_util.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace acl = weft::config::acl;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> golden_apps() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(WEFT_TEST_FIXTURES) / "acl" / "apps"))
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class AclGolden : public ::testing::TestWithParam<std::string> {};

} // namespace

TEST_P(AclGolden, ResolvesToTheExpectedAclJson) {
  fs::path app = fs::path(WEFT_TEST_FIXTURES) / "acl" / "apps" / GetParam();
  weft::config::LoadOptions options;
  options.project_dir = app;
  options.platform = weft::config::Platform::linux;
  auto manifest = weft::config::load_manifest(options);
  ASSERT_TRUE(manifest) << manifest.error().headline();

  weft::test::TempDir out;
  acl::ProjectAclOptions acl_options;
  acl_options.target = weft::config::Platform::linux;
  acl_options.unmatched_windows = acl::UnmatchedWindows::error;
  auto build = acl::build_acl(*manifest, acl_options, out.path() / "gen");
  ASSERT_TRUE(build) << build.error().headline();
  EXPECT_TRUE(build->warnings.empty()) << build->warnings.front().headline();
  EXPECT_TRUE(build->outputs.acl_written);
  EXPECT_TRUE(build->outputs.schema_written);
  std::string produced = weft::test::read_text(out.path() / "gen" / "acl.json");

  fs::path expected_file = app / "expected-acl.json";
  const char* update = std::getenv("WEFT_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") weft::test::write_file(expected_file, produced);
  EXPECT_EQ(produced, weft::test::read_text(expected_file)) << "run with WEFT_UPDATE_GOLDEN=1 to accept";

  // A second run gives the same bytes and leaves both files alone.
  auto again = acl::build_acl(*manifest, acl_options, out.path() / "gen");
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->outputs.acl_written);
  EXPECT_FALSE(again->outputs.schema_written);
  EXPECT_EQ(weft::test::read_text(out.path() / "gen" / "acl.json"), produced);
}

INSTANTIATE_TEST_SUITE_P(Apps, AclGolden, ::testing::ValuesIn(golden_apps()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

#include "sidecar_scope.hpp"

#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sys/stat.h>

namespace weft::runtime {
namespace {

Scopes scopes(std::vector<nlohmann::json> allow, std::vector<nlohmann::json> deny = {}) {
  return Scopes{std::move(allow), std::move(deny)};
}

TEST(SidecarScope, ArgumentRules) {
  const Scopes scope = scopes({{{"name", "bin/tool"}, {"args", {"--port", {{"validator", "^[0-9]+$"}}}}}});
  EXPECT_TRUE(check_sidecar_scope(scope, "bin/tool", {"--port", "8080"}));
  Result<void> bad = check_sidecar_scope(scope, "bin/tool", {"--port", "80; rm -rf /"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("argument 2 does not match `^[0-9]+$`"), std::string::npos);
  EXPECT_FALSE(check_sidecar_scope(scope, "bin/tool", {"--host", "1"}));
  EXPECT_FALSE(check_sidecar_scope(scope, "bin/tool", {"--port"}));
  EXPECT_FALSE(check_sidecar_scope(scope, "bin/tool", {"--port", "1", "2"}));
}

TEST(SidecarScope, AnyOrNoArguments) {
  EXPECT_TRUE(check_sidecar_scope(scopes({{{"name", "t"}, {"args", true}}}), "t", {"anything", "goes"}));
  EXPECT_TRUE(check_sidecar_scope(scopes({{{"name", "t"}}}), "t", {}));
  EXPECT_FALSE(check_sidecar_scope(scopes({{{"name", "t"}}}), "t", {"x"}));
  EXPECT_FALSE(check_sidecar_scope(scopes({{{"name", "t"}, {"args", false}}}), "t", {"x"}));
}

TEST(SidecarScope, NameAndDeny) {
  Result<void> unnamed = check_sidecar_scope(scopes({{{"name", "a"}, {"args", true}}}), "b", {});
  ASSERT_FALSE(unnamed);
  EXPECT_EQ(unnamed.error().message(), "no scope entry allows the sidecar `b`");
  Result<void> denied = check_sidecar_scope(scopes({{{"name", "a"}, {"args", true}}}, {{{"name", "a"}}}), "a", {});
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().message(), "the scope denies the sidecar `a`");
  EXPECT_FALSE(check_sidecar_scope(scopes({}), "a", {}));
}

TEST(SidecarScope, BadValidatorIsAnErrorNotACrash) {
  Result<void> result = check_sidecar_scope(scopes({{{"name", "t"}, {"args", {{{"validator", "(["}}}}}}), "t", {"x"});
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("not a valid regular expression"), std::string::npos);
}

void make_executable(const std::filesystem::path& path) {
  std::ofstream(path) << "#!/bin/sh\n";
  ::chmod(path.c_str(), 0755);
}

TEST(SidecarPath, InstalledNameFirstThenTripleSuffix) {
  test::TempDir dir;
  EXPECT_FALSE(resolve_sidecar_path("binaries/helper", dir.path()));
  const std::filesystem::path suffixed = dir / ("helper-" + std::string(host_target_triple()));
  make_executable(suffixed);
  EXPECT_EQ(*resolve_sidecar_path("binaries/helper", dir.path()), suffixed);
  make_executable(dir / "helper");
  EXPECT_EQ(*resolve_sidecar_path("binaries/helper", dir.path()), dir / "helper");
  EXPECT_FALSE(resolve_sidecar_path("binaries/..", dir.path()));
}

} // namespace
} // namespace weft::runtime

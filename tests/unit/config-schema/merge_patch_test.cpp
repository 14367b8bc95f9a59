// RFC 7396 appendix A: every example, applied the way the manifest loader
// applies overlays and --config values.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

namespace {

struct PatchCase {
  const char* target;
  const char* patch;
  const char* result;
};

class MergePatchRfc7396 : public ::testing::TestWithParam<PatchCase> {};

TEST_P(MergePatchRfc7396, AppendixA) {
  auto target = nlohmann::json::parse(GetParam().target);
  target.merge_patch(nlohmann::json::parse(GetParam().patch));
  EXPECT_EQ(target, nlohmann::json::parse(GetParam().result));
}

INSTANTIATE_TEST_SUITE_P(
    Examples, MergePatchRfc7396,
    ::testing::Values(PatchCase{R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
                      PatchCase{R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
                      PatchCase{R"({"a":"b"})", R"({"a":null})", R"({})"},
                      PatchCase{R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
                      PatchCase{R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
                      PatchCase{R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
                      PatchCase{R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
                      PatchCase{R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
                      PatchCase{R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
                      PatchCase{R"({"a":"b"})", R"(["c"])", R"(["c"])"},
                      PatchCase{R"({"a":"foo"})", R"(null)", R"(null)"},
                      PatchCase{R"({"a":"foo"})", R"("bar")", R"("bar")"},
                      PatchCase{R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
                      PatchCase{R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
                      PatchCase{R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"}));

} // namespace

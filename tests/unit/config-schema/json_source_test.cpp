#include <weft/config-schema/json_source.hpp>

#include <gtest/gtest.h>

using weft::config::Comments;
using weft::config::parse_json;

namespace {

weft::Error parse_error(std::string text) {
  auto result = parse_json(std::move(text), "t.json");
  EXPECT_FALSE(result.has_value());
  return result ? weft::Error::input("parsed") : result.error();
}

} // namespace

TEST(JsonSource, ParsesValuesAndComments) {
  auto doc = parse_json(R"({
  // a comment
  "a": [1, -2, 3.5, 1e3, true, false, null],
  /* block */ "b": {"c": "x\u00e9\ud83d\ude00\n"}
})",
                        "t.json");
  ASSERT_TRUE(doc) << doc.error().headline();
  EXPECT_EQ(doc->value()["a"][0], 1);
  EXPECT_EQ(doc->value()["a"][1], -2);
  EXPECT_DOUBLE_EQ(doc->value()["a"][2].get<double>(), 3.5);
  EXPECT_EQ(doc->value()["b"]["c"], "x\xC3\xA9\xF0\x9F\x98\x80\n");
}

TEST(JsonSource, LocatesValuesAndKeys) {
  auto doc = parse_json("{\n  \"app\": {\n    \"windows\": [ {\"label\": 5} ]\n  }\n}", "t.json");
  ASSERT_TRUE(doc);
  auto value = doc->locate("/app/windows/0/label");
  EXPECT_EQ(value.line, 3);
  EXPECT_EQ(value.column, 28);
  auto key = doc->locate("/app/windows/0/label", true);
  EXPECT_EQ(key.column, 19);
  EXPECT_EQ(key.source_line, "    \"windows\": [ {\"label\": 5} ]");
  // Unknown pointers fall back to the nearest ancestor.
  EXPECT_EQ(doc->locate("/app/missing").line, 2);
}

TEST(JsonSource, ColumnsCountCodePoints) {
  auto doc = parse_json("{\"\xC3\xA9\xC3\xA9\": 1, \"x\": 2}", "t.json");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->locate("/x").column, 16);
}

TEST(JsonSource, PointerEscapes) {
  auto doc = parse_json(R"({"a/b": {"m~n": 1}})", "t.json");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->locate("/a~1b/m~0n").column, 17);
}

struct BadCase {
  const char* text;
  int line;
  int column;
  const char* fragment;
};

class JsonSourceErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(JsonSourceErrors, AreLocated) {
  const BadCase& c = GetParam();
  weft::Error e = parse_error(c.text);
  EXPECT_EQ(e.location().line, c.line) << e.headline();
  EXPECT_EQ(e.location().column, c.column) << e.headline();
  EXPECT_NE(e.message().find(c.fragment), std::string::npos) << e.headline();
  EXPECT_EQ(e.code(), weft::ExitCode::input);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, JsonSourceErrors,
    ::testing::Values(BadCase{"", 1, 1, "empty"}, BadCase{"  \n  ", 1, 1, "empty"},
                      BadCase{"{\"a\": 1", 1, 8, "unexpected end of file"},
                      BadCase{"{\"a\": 1,}", 1, 9, "trailing comma"}, BadCase{"[1,]", 1, 4, "trailing comma"},
                      BadCase{"{\"a\": 1 \"b\": 2}", 1, 9, "missing comma"},
                      BadCase{"{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key `a`"},
                      BadCase{"{\"a\": 'x'}", 1, 7, "double quotes"}, BadCase{"{\"a\": 01}", 1, 7, "leading zeros"},
                      BadCase{"{\"a\": \"x\n\"}", 1, 7, "unterminated string"},
                      BadCase{"{\"a\": \"\\q\"}", 1, 9, "invalid escape"},
                      BadCase{"{\"a\": \"\\ud800\"}", 1, 8, "surrogate"},
                      BadCase{"{\"a\": tru}", 1, 7, "expected a value"}, BadCase{"{} x", 1, 4, "end of file"},
                      BadCase{"{\"a\": \"\xC3\x28\"}", 1, 8, "invalid UTF-8"},
                      BadCase{"{\"a\": \"\xED\xA0\x80\"}", 1, 8, "invalid UTF-8"},
                      BadCase{"{/* x", 1, 2, "unterminated /* comment"}, BadCase{"{\"a\" 1}", 1, 6, "`:`"},
                      BadCase{"{1: 2}", 1, 2, "a key in double quotes"}, BadCase{"[-]", 1, 3, "digit"}));

TEST(JsonSource, RejectsDeepNesting) {
  std::string deep(300, '[');
  weft::Error e = parse_error(deep);
  EXPECT_NE(e.message().find("nesting"), std::string::npos);
}

TEST(JsonSource, CommentsCanBeForbidden) {
  auto doc = parse_json("{// no\n}", "t.json", Comments::forbidden);
  ASSERT_FALSE(doc);
  EXPECT_NE(doc.error().message().find("comments"), std::string::npos);
}

TEST(JsonSource, SkipsByteOrderMark) {
  auto doc = parse_json("\xEF\xBB\xBF{\"a\": 1}", "t.json");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->value()["a"], 1);
}

TEST(JsonSource, AgreesWithNlohmannOnNumbers) {
  auto doc = parse_json(R"([18446744073709551615, -9223372036854775808, 1.5e-7, 123456789012345678901234])", "t.json");
  ASSERT_TRUE(doc);
  auto reference = nlohmann::json::parse(doc->text());
  EXPECT_EQ(doc->value(), reference);
}

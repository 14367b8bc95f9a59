#include <weft/config-schema/acl/capability_edit.hpp>

#include "acl_test_util.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace acl = weft::config::acl;
using acl::FileFormat;

TEST(AclEdit, AddKeepsJsonFormattingAndComments) {
  const std::string text = R"({
  // the main window
  "identifier": "main",
  "windows": ["main"],
  "permissions": [
    "core:default",   // basics
    "allow-greet"
  ]
}
)";
  auto out = acl::add_permission_text(text, "c.json", FileFormat::json, "", "allow-save");
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(*out, R"({
  // the main window
  "identifier": "main",
  "windows": ["main"],
  "permissions": [
    "core:default",   // basics
    "allow-greet",
    "allow-save"
  ]
}
)");
  auto one_line = acl::add_permission_text(R"({"identifier": "a", "permissions": ["x"]})", "c.json", FileFormat::json,
                                           "", "y");
  ASSERT_TRUE(one_line);
  EXPECT_EQ(*one_line, R"({"identifier": "a", "permissions": ["x", "y"]})");
  auto empty = acl::add_permission_text(R"({"identifier": "a", "permissions": [ ]})", "c.json", FileFormat::json, "",
                                        "y");
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, R"({"identifier": "a", "permissions": ["y"]})");
}

TEST(AclEdit, AddToOneOfSeveralCapabilities) {
  const std::string text = R"([
  {"identifier": "a", "permissions": ["x"]},
  {"identifier": "b", "permissions": [
      "x",
      {"identifier": "fs:allow-read", "allow": [{"path": "/"}]}
  ]}
])";
  auto out = acl::add_permission_text(text, "c.json", FileFormat::json, "/1", "y");
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(*out, R"([
  {"identifier": "a", "permissions": ["x"]},
  {"identifier": "b", "permissions": [
      "x",
      {"identifier": "fs:allow-read", "allow": [{"path": "/"}]},
      "y"
  ]}
])");
  auto again = acl::add_permission_text(*out, "c.json", FileFormat::json, "/1", "fs:allow-read");
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message().find("already"), std::string::npos);
}

TEST(AclEdit, TomlInlineAndMultiLine) {
  const std::string inline_list = "identifier = \"a\" # name\npermissions = [\"x\", \"y\"] # grants\n";
  auto out = acl::add_permission_text(inline_list, "c.toml", FileFormat::toml, "", "z");
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(*out, "identifier = \"a\" # name\npermissions = [\"x\", \"y\", \"z\"] # grants\n");

  const std::string multi = "[[capabilities]]\nidentifier = \"a\"\npermissions = [\n  \"x\", # first\n  \"y\",\n]\n"
                            "[[capabilities]]\nidentifier = \"b\"\npermissions = [\"q\"]\n";
  auto added = acl::add_permission_text(multi, "c.toml", FileFormat::toml, "/capabilities/0", "z");
  ASSERT_TRUE(added) << added.error().message();
  EXPECT_EQ(*added, "[[capabilities]]\nidentifier = \"a\"\npermissions = [\n  \"x\", # first\n  \"y\",\n  \"z\",\n]\n"
                    "[[capabilities]]\nidentifier = \"b\"\npermissions = [\"q\"]\n");
  auto removed = acl::remove_permission_text(*added, "c.toml", FileFormat::toml, "/capabilities/0", "x");
  ASSERT_TRUE(removed) << removed.error().message();
  EXPECT_EQ(*removed, "[[capabilities]]\nidentifier = \"a\"\npermissions = [\n  \"y\",\n  \"z\",\n]\n"
                      "[[capabilities]]\nidentifier = \"b\"\npermissions = [\"q\"]\n");
}

TEST(AclEdit, TablesOfPermissionsAreRefused) {
  const std::string text = "identifier = \"a\"\n[[permissions]]\nidentifier = \"x\"\n";
  auto out = acl::add_permission_text(text, "c.toml", FileFormat::toml, "", "y");
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().message().find("not written as one [...] list"), std::string::npos);
}

TEST(AclEdit, RemoveFirstMiddleLastAndObjects) {
  const std::string text = R"({"identifier": "a", "permissions": [
  "x",
  {"identifier": "y", "allow": [1]},
  "z",
  "y"
]})";
  auto no_y = acl::remove_permission_text(text, "c.json", FileFormat::json, "", "y");
  ASSERT_TRUE(no_y) << no_y.error().message();
  EXPECT_EQ(*no_y, "{\"identifier\": \"a\", \"permissions\": [\n  \"x\",\n  \"z\"\n]}");
  auto no_x = acl::remove_permission_text(*no_y, "c.json", FileFormat::json, "", "x");
  ASSERT_TRUE(no_x);
  EXPECT_EQ(*no_x, "{\"identifier\": \"a\", \"permissions\": [\n  \"z\"\n]}");
  auto last = acl::remove_permission_text(*no_x, "c.json", FileFormat::json, "", "z");
  ASSERT_FALSE(last);
  EXPECT_NE(last.error().message().find("only permission"), std::string::npos);
  auto absent = acl::remove_permission_text(*no_x, "c.json", FileFormat::json, "", "q");
  ASSERT_FALSE(absent);
  EXPECT_NE(absent.error().message().find("not in this list"), std::string::npos);
}

TEST(AclEdit, ApplyIsAllOrNothing) {
  weft::test::TempDir dir;
  auto a = dir / "a.json";
  auto b = dir / "b.json";
  weft::test::write_file(a, "A");
  weft::test::write_file(b, "B");
  ::chmod(a.c_str(), 0640);
  std::vector<acl::FileEdit> edits{{a, "A", "A2"}, {b, "B", "B2"}};
  ASSERT_TRUE(acl::apply_edits(edits));
  EXPECT_EQ(weft::test::read_text(a), "A2");
  EXPECT_EQ(weft::test::read_text(b), "B2");
  struct stat st {};
  ASSERT_EQ(::stat(a.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);

  // b changed on disk since it was read: neither file changes.
  weft::test::write_file(b, "someone else");
  std::vector<acl::FileEdit> stale{{a, "A2", "A3"}, {b, "B2", "B3"}};
  auto result = acl::apply_edits(stale);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("changed while weft was editing"), std::string::npos);
  EXPECT_EQ(weft::test::read_text(a), "A2");
  EXPECT_EQ(weft::test::read_text(b), "someone else");
  // No temporary files are left behind.
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 2u);
}

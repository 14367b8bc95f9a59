#include <weft/config-schema/acl/permission_file.hpp>

#include "acl_test_util.hpp"

#include <gtest/gtest.h>

namespace acl = weft::config::acl;
using weft::Diagnostics;
using weft::test::error_messages;

namespace {

const char* k_toml = R"(# a plugin's permissions
"$schema" = "schemas/schema.json"

[default]
description = "What most apps want."
permissions = ["allow-read", "read-all"]

[[set]]
identifier = "read-all"
description = "Read anything."
permissions = ["allow-read", "allow-stat", "other:default"]

[[permission]]
version = 1
identifier = "allow-read"
description = "Read files."
commands.allow = ["read_file", "read_dir"]
commands.deny = ["write_file"]
scope.allow = [{ path = "$HOME/**" }, "plain", 3, 1.5, true, 1979-05-27T07:32:00Z]
scope.deny = [{ path = "$HOME/.ssh/**" }]
platforms = ["linux", "macOS"]

[[permission]]
identifier = "allow-stat"
commands.allow = ["stat"]
)";

} // namespace

TEST(AclPermissionFile, ReadsEveryPartOfATomlFile) {
  Diagnostics d;
  acl::PermissionFile f = acl::parse_permission_file(k_toml, "p.toml", acl::FileFormat::toml, d);
  EXPECT_TRUE(d.empty()) << (d.empty() ? "" : d.items().front().headline());
  ASSERT_TRUE(f.default_set);
  EXPECT_EQ(f.default_set->name, "default");
  EXPECT_EQ(f.default_set->description, "What most apps want.");
  ASSERT_EQ(f.default_set->members.size(), 2u);
  EXPECT_EQ(f.default_set->members[1].identifier, "read-all");
  EXPECT_EQ(f.default_set->members[1].location.line, 6);
  EXPECT_EQ(f.default_set->members[1].location.column, 30);

  ASSERT_EQ(f.sets.size(), 1u);
  EXPECT_EQ(f.sets[0].name, "read-all");
  EXPECT_EQ(f.sets[0].members.size(), 3u);
  EXPECT_EQ(f.sets[0].location.line, 9);

  ASSERT_EQ(f.permissions.size(), 2u);
  const acl::Permission& p = f.permissions[0];
  EXPECT_EQ(p.name, "allow-read");
  EXPECT_EQ(p.commands_allow, (std::vector<std::string>{"read_file", "read_dir"}));
  EXPECT_EQ(p.commands_deny, (std::vector<std::string>{"write_file"}));
  ASSERT_EQ(p.scope.allow.size(), 6u);
  EXPECT_EQ(p.scope.allow[0], nlohmann::json({{"path", "$HOME/**"}}));
  EXPECT_EQ(p.scope.allow[3], nlohmann::json(1.5));
  EXPECT_EQ(p.scope.allow[5], nlohmann::json("1979-05-27T07:32:00Z")); // a date becomes a string
  EXPECT_EQ(p.scope.deny.size(), 1u);
  ASSERT_TRUE(p.platforms);
  EXPECT_TRUE(p.applies_to(weft::config::Platform::macos));
  EXPECT_FALSE(p.applies_to(weft::config::Platform::windows));
  EXPECT_EQ(p.location.line, 15);
  EXPECT_EQ(p.location.column, 14);
  EXPECT_FALSE(f.permissions[1].platforms);
  EXPECT_TRUE(f.permissions[1].applies_to(weft::config::Platform::windows));
}

TEST(AclPermissionFile, JsonReadsTheSameAsToml) {
  const char* json = R"({
    "default": { "permissions": ["allow-stat"] },
    "permission": [
      { "identifier": "allow-stat", "commands": { "allow": ["stat"] }, "scope": { "allow": [{ "path": "/" }] } }
    ]
  })";
  const char* toml = R"(
[default]
permissions = ["allow-stat"]
[[permission]]
identifier = "allow-stat"
commands.allow = ["stat"]
scope.allow = [{ path = "/" }]
)";
  Diagnostics d;
  auto a = acl::parse_permission_file(json, "p.json", acl::FileFormat::json, d);
  auto b = acl::parse_permission_file(toml, "p.toml", acl::FileFormat::toml, d);
  EXPECT_TRUE(d.empty());
  ASSERT_EQ(a.permissions.size(), 1u);
  ASSERT_EQ(b.permissions.size(), 1u);
  EXPECT_EQ(a.permissions[0].commands_allow, b.permissions[0].commands_allow);
  EXPECT_EQ(a.permissions[0].scope.allow, b.permissions[0].scope.allow);
  EXPECT_EQ(a.default_set->members[0].identifier, b.default_set->members[0].identifier);
  EXPECT_EQ(a.permissions[0].location.line, 4);
  EXPECT_EQ(a.permissions[0].location.column, 23);
}

TEST(AclPermissionFile, ReportsEveryProblemLocated) {
  const char* toml = R"([[permissions]]
identifier = "x"

[[permission]]
identifier = "Allow-X"
commands.allow = ["x"]

[[permission]]
identifier = "nothing"
description = "grants nothing"

[[permission]]
identifier = "bad-command"
commands.allow = ["Bad Command"]
platforms = ["macos"]
comands.allow = ["y"]

[[set]]
identifier = "empty-set"
permissions = []

[[set]]
identifier = "default"
permissions = ["x"]
)";
  Diagnostics d;
  auto f = acl::parse_permission_file(toml, "p.toml", acl::FileFormat::toml, d);
  std::vector<std::string> messages = error_messages(d);
  ASSERT_EQ(messages.size(), 8u) << ::testing::PrintToString(messages);
  const auto& items = d.items();
  auto find = [&](const std::string& fragment) -> const weft::Error* {
    for (const weft::Error& e : items)
      if (e.message().find(fragment) != std::string::npos) return &e;
    return nullptr;
  };
  const weft::Error* unknown = find("unknown key `permissions`");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->hint(), "did you mean `permission`?");
  EXPECT_EQ(unknown->location().line, 1);
  const weft::Error* upper = find("uppercase");
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->location().line, 5);
  EXPECT_EQ(upper->location().column, 14);
  ASSERT_TRUE(find("`nothing` grants nothing"));
  EXPECT_EQ(find("`nothing` grants nothing")->location().line, 9);
  ASSERT_TRUE(find("the command name `Bad Command` must start with a lowercase letter"));
  ASSERT_TRUE(find("unknown platform `macos`"));
  EXPECT_EQ(find("unknown platform `macos`")->hint(), "did you mean `macOS`?");
  ASSERT_TRUE(find("unknown key `comands`"));
  EXPECT_EQ(find("unknown key `comands`")->hint(), "did you mean `commands`?");
  ASSERT_TRUE(find("empty permissions"));
  EXPECT_EQ(find("empty permissions")->location().line, 20);
  ASSERT_TRUE(find("`default` is reserved"));
  // What could be read is kept.
  EXPECT_EQ(f.permissions.size(), 2u); // nothing, bad-command
  EXPECT_EQ(f.sets.size(), 1u);        // empty-set
}

TEST(AclPermissionFile, SyntaxErrorsAreLocated) {
  Diagnostics d;
  auto f = acl::parse_permission_file("[[permission]]\nidentifier = \"x\"\ncommands.allow = [\"a\",\n", "p.toml",
                                      acl::FileFormat::toml, d);
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_EQ(d.items()[0].location().file, "p.toml");
  EXPECT_EQ(d.items()[0].location().line, 3); // where the unfinished list is
  EXPECT_NE(d.items()[0].message().find("invalid TOML"), std::string::npos);
  EXPECT_TRUE(f.permissions.empty());

  Diagnostics j;
  acl::parse_permission_file("{\"permission\": [}", "p.json", acl::FileFormat::json, j);
  ASSERT_EQ(j.items().size(), 1u);
  EXPECT_EQ(j.items()[0].location().line, 1);
  EXPECT_EQ(j.items()[0].location().column, 17);
}

TEST(AclPermissionFile, ScopeValuesMustBeJson) {
  Diagnostics d;
  acl::parse_permission_file("[[permission]]\nidentifier = \"x\"\nscope.allow = [{ limit = nan }]\n", "p.toml",
                             acl::FileFormat::toml, d);
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_NE(d.items()[0].message().find("cannot be represented in JSON"), std::string::npos);
  EXPECT_EQ(d.items()[0].location().line, 3);
  EXPECT_EQ(d.items()[0].location().column, 26);

  Diagnostics e;
  acl::parse_permission_file("[[permission]]\nidentifier = \"x\"\nscope.allow = \"$HOME\"\n", "p.toml",
                             acl::FileFormat::toml, e);
  ASSERT_EQ(error_messages(e).size(), 1u);
  EXPECT_EQ(error_messages(e)[0], "expected an array, found a string");
}

TEST(AclPermissionFile, EmptyAndWrongRoots) {
  Diagnostics d;
  acl::parse_permission_file("  \n", "p.toml", acl::FileFormat::toml, d);
  acl::parse_permission_file("# only a comment\n", "q.toml", acl::FileFormat::toml, d);
  acl::parse_permission_file("[1, 2]", "r.json", acl::FileFormat::json, d);
  std::vector<std::string> m = error_messages(d);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0], "the file is empty");
  EXPECT_EQ(m[1], "the permission file defines nothing");
  EXPECT_EQ(m[2], "expected a permission file (an object), found an array");
}

#include <weft/config-schema/acl/identifier.hpp>

#include <gtest/gtest.h>

namespace acl = weft::config::acl;

TEST(AclIdentifier, AcceptsTheThreeForms) {
  for (const char* ok : {"allow-greet", "fs:read-files", "core:default", "core:window:allow-set-title", "a", "0x",
                         "a--b", "plugin-2:x-1"})
    EXPECT_EQ(acl::check_identifier(ok), "") << ok;
}

TEST(AclIdentifier, SplitsAtTheLastColon) {
  auto id = acl::Identifier::parse("core:window:allow-close");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->prefix(), "core:window");
  EXPECT_EQ(id->name(), "allow-close");
  EXPECT_TRUE(id->has_prefix());
  auto app = acl::Identifier::parse("allow-greet");
  ASSERT_TRUE(app);
  EXPECT_EQ(app->prefix(), "");
  EXPECT_EQ(app->name(), "allow-greet");
  EXPECT_FALSE(app->has_prefix());
  auto made = acl::Identifier::make("fs", "read");
  ASSERT_TRUE(made);
  EXPECT_EQ(made->str(), "fs:read");
  EXPECT_FALSE(acl::Identifier::make("fs", "a:b"));
  EXPECT_EQ(acl::Identifier::make("", "x")->str(), "x");
  EXPECT_LT(*acl::Identifier::parse("a"), *acl::Identifier::parse("b"));
}

TEST(AclIdentifier, RejectsWithAReason) {
  struct Case {
    std::string text;
    std::string fragment;
  };
  for (const Case& c : std::vector<Case>{
           {"", "empty"},
           {"Allow-Greet", "lowercase (`allow-greet`)"},
           {"allow_greet", "`_` is not allowed"},
           {"allow greet", "` ` is not allowed"},
           {"a:b:c", "only `core:<area>:<name>` may have two"},
           {"core:a:b:c", "has 3 `:`"},
           {"allow-", "ends with `-`"},
           {"-allow", "starts with `-`"},
           {"fs:-x", "starts with `-`"},
           {"fs-:x", "ends with `-`"},
           {"fs:", "a prefix but no name"},
           {":x", "empty segment"},
           {"core::x", "empty segment"},
           {"a\x01", "byte 0x01"},
           {std::string(65, 'a'), "at most 64"},
           {std::string(50, 'a') + ":" + std::string(66, 'b'), "at most 116"},
       }) {
    std::string problem = acl::check_identifier(c.text);
    EXPECT_NE(problem.find(c.fragment), std::string::npos) << c.text << " -> " << problem;
    EXPECT_FALSE(acl::Identifier::parse(c.text)) << c.text;
  }
}

TEST(AclIdentifier, LengthLimitIsInclusive) {
  std::string longest = std::string(51, 'p') + ":" + std::string(64, 'n');
  ASSERT_EQ(longest.size(), acl::k_max_identifier_length);
  EXPECT_EQ(acl::check_identifier(longest), "");
  EXPECT_NE(acl::check_identifier(longest + "n"), "");
}

TEST(AclIdentifier, NamesInFilesTakeNoPrefix) {
  EXPECT_EQ(acl::check_permission_name("allow-x"), "");
  EXPECT_NE(acl::check_permission_name("fs:allow-x").find("takes no prefix"), std::string::npos);
  EXPECT_NE(acl::check_permission_name("core:x"), "");
}

TEST(AclIdentifier, Commands) {
  EXPECT_EQ(acl::check_command_name("set_title"), "");
  EXPECT_EQ(acl::check_command_name("greet-2"), "");
  EXPECT_NE(acl::check_command_name("SetTitle"), "");
  EXPECT_NE(acl::check_command_name("1st"), "");
  EXPECT_NE(acl::check_command_name("a__b"), "");
  EXPECT_NE(acl::check_command_name("a_"), "");
  EXPECT_NE(acl::check_command_name(std::string(59, 'a')), "");
  EXPECT_EQ(acl::check_command_name(std::string(58, 'a')), "");
  EXPECT_EQ(acl::command_permission_name("set_title", true), "allow-set-title");
  EXPECT_EQ(acl::command_permission_name("set_title", false), "deny-set-title");
  EXPECT_EQ(acl::check_identifier(acl::command_permission_name(std::string(58, 'a'), false)), "");
}

TEST(AclIdentifier, CapabilitiesAndPlugins) {
  EXPECT_EQ(acl::check_capability_identifier("main-window_2.desktop"), "");
  EXPECT_NE(acl::check_capability_identifier(""), "");
  EXPECT_NE(acl::check_capability_identifier("-x"), "");
  EXPECT_NE(acl::check_capability_identifier("a b"), "");
  EXPECT_NE(acl::check_capability_identifier("a:b"), "");
  EXPECT_EQ(acl::check_plugin_name("fs"), "");
  EXPECT_NE(acl::check_plugin_name("core"), "");
  EXPECT_NE(acl::check_plugin_name("2fs"), "");
  EXPECT_NE(acl::check_plugin_name("a:b"), "");
}

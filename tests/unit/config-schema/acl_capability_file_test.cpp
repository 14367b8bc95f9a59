#include <weft/config-schema/acl/capability_file.hpp>

#include "acl_test_util.hpp"

#include <gtest/gtest.h>

namespace acl = weft::config::acl;
using weft::Diagnostics;
using weft::test::error_messages;
using weft::test::warning_messages;

TEST(AclCapabilityFile, OneCapabilityWithEveryKey) {
  const char* text = R"({
  "$schema": "../target/release/gen/schemas/capability.schema.json",
  "identifier": "main",
  "description": "The main window.",
  "windows": ["main", "settings-*"],
  "webviews": ["preview"],
  "permissions": [
    "core:default",
    { "identifier": "fs:allow-read", "allow": [{ "path": "$APPDATA/**" }], "deny": ["x"] }
  ],
  "platforms": ["linux", "windows"],
  "remote": { "urls": ["https://*.Example.com", "http://localhost:8080/app/*"] },
  "local": false
})";
  Diagnostics d;
  acl::Capability cap = weft::test::json_capability(text, d);
  EXPECT_TRUE(d.empty()) << (d.empty() ? "" : d.items().front().headline());
  EXPECT_EQ(cap.identifier, "main");
  EXPECT_EQ(cap.description, "The main window.");
  EXPECT_EQ(cap.windows, (std::vector<std::string>{"main", "settings-*"}));
  ASSERT_EQ(cap.window_locations.size(), 2u);
  EXPECT_EQ(cap.window_locations[1].line, 5);
  EXPECT_EQ(cap.window_locations[1].column, 23);
  EXPECT_EQ(cap.webviews, (std::vector<std::string>{"preview"}));
  ASSERT_EQ(cap.permissions.size(), 2u);
  EXPECT_FALSE(cap.permissions[0].has_object_form);
  EXPECT_TRUE(cap.permissions[1].has_object_form);
  EXPECT_EQ(cap.permissions[1].identifier, "fs:allow-read");
  EXPECT_EQ(cap.permissions[1].scope.allow.size(), 1u);
  EXPECT_EQ(nlohmann::json(cap.permissions[1].scope.deny), nlohmann::json::parse(R"(["x"])"));
  EXPECT_EQ(cap.permissions[1].location.line, 9);
  EXPECT_EQ(cap.permissions[1].location.column, 21);
  EXPECT_TRUE(cap.applies_to(weft::config::Platform::windows));
  EXPECT_FALSE(cap.applies_to(weft::config::Platform::macos));
  ASSERT_EQ(cap.remote.size(), 2u);
  EXPECT_EQ(cap.remote[0].pattern, "https://*.example.com/*");
  EXPECT_EQ(cap.remote[1].port, "8080");
  EXPECT_EQ(cap.remote[1].path, "/app/*");
  EXPECT_FALSE(cap.local);
  EXPECT_EQ(cap.pointer, "");
  EXPECT_EQ(cap.location.line, 3);
}

TEST(AclCapabilityFile, ListsInEveryShape) {
  Diagnostics d;
  auto array = acl::parse_capability_file(
      R"([{"identifier": "a", "windows": ["main"], "permissions": ["x"]},
          {"identifier": "b", "windows": ["main"], "permissions": ["y"]}])",
      "a.json", acl::FileFormat::json, d);
  ASSERT_EQ(array.capabilities.size(), 2u);
  EXPECT_EQ(array.capabilities[1].pointer, "/1");
  auto wrapped = acl::parse_capability_file(
      R"({"$schema": "s.json", "capabilities": [{"identifier": "c", "windows": ["main"], "permissions": ["x"]}]})",
      "b.json", acl::FileFormat::json, d);
  ASSERT_EQ(wrapped.capabilities.size(), 1u);
  EXPECT_EQ(wrapped.capabilities[0].pointer, "/capabilities/0");
  auto toml = acl::parse_capability_file(R"(
[[capabilities]]
identifier = "d"
windows = ["main"]
permissions = ["x", { identifier = "y", allow = [{ url = "https://a" }] }]

[[capabilities]]
identifier = "e"
windows = ["*"]
permissions = ["z"]
remote.urls = ["https://e.example"]
)",
                                         "c.toml", acl::FileFormat::toml, d);
  ASSERT_EQ(toml.capabilities.size(), 2u);
  EXPECT_EQ(toml.capabilities[0].permissions[1].scope.allow.size(), 1u);
  EXPECT_EQ(toml.capabilities[0].permissions[1].location.line, 5);
  EXPECT_EQ(toml.capabilities[1].pointer, "/capabilities/1");
  EXPECT_EQ(toml.capabilities[1].remote.size(), 1u);
  auto single = acl::parse_capability_file("identifier = \"f\"\nwindows = [\"main\"]\npermissions = [\"x\"]\n",
                                           "d.toml", acl::FileFormat::toml, d);
  ASSERT_EQ(single.capabilities.size(), 1u);
  EXPECT_TRUE(d.empty()) << (d.empty() ? "" : d.items().front().headline());
}

TEST(AclCapabilityFile, ReportsEveryProblemLocated) {
  const char* text = R"({
  "identifier": "bad id",
  "windows": ["main", ""],
  "permission": [],
  "permissions": [
    "core:Default",
    42,
    { "identifier": "x", "scope": [] },
    "ok",
    "ok"
  ],
  "platforms": ["Linux"],
  "remote": { "urls": ["ftp//example.com", "https://exa mple.com", "https://a.com:99999", "https://a.com/?q"] },
  "local": "yes"
})";
  Diagnostics d;
  auto file = acl::parse_capability_file(text, "cap.json", acl::FileFormat::json, d);
  std::vector<std::string> m = error_messages(d);
  ASSERT_EQ(m.size(), 12u) << ::testing::PrintToString(m);
  EXPECT_EQ(warning_messages(d), std::vector<std::string>{"`ok` is listed twice"});
  auto has = [&](const std::string& fragment) {
    for (const std::string& s : m)
      if (s.find(fragment) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("malformed capability identifier"));
  EXPECT_TRUE(has("empty pattern in `windows`"));
  EXPECT_TRUE(has("unknown key `permission`"));
  EXPECT_TRUE(has("uppercase"));
  EXPECT_TRUE(has("found a number"));
  EXPECT_TRUE(has("unknown key `scope`"));
  EXPECT_TRUE(has("unknown platform `Linux`"));
  EXPECT_TRUE(has("`ftp//example.com` does not parse: no `://`"));
  EXPECT_TRUE(has("not allowed in the host"));
  EXPECT_TRUE(has("the port `99999`"));
  EXPECT_TRUE(has("queries (`?`)"));
  EXPECT_TRUE(has("expected true or false"));
  EXPECT_TRUE(file.capabilities.empty()); // no valid identifier
}

TEST(AclCapabilityFile, EmptyPermissionsAndMissingKeys) {
  Diagnostics d;
  acl::parse_capability_file(R"({"identifier": "a", "permissions": []})", "a.json", acl::FileFormat::json, d);
  acl::parse_capability_file(R"({"windows": ["main"]})", "b.json", acl::FileFormat::json, d);
  acl::parse_capability_file(R"([])", "c.json", acl::FileFormat::json, d);
  std::vector<std::string> m = error_messages(d);
  ASSERT_EQ(m.size(), 4u) << ::testing::PrintToString(m);
  EXPECT_EQ(m[0], "empty permissions: the capability grants nothing");
  EXPECT_EQ(m[1], "missing required key `identifier`");
  EXPECT_EQ(m[2], "missing required key `permissions`");
  EXPECT_EQ(m[3], "the file lists no capability");
}

TEST(AclUrlPattern, ParsesAndNormalises) {
  auto p = acl::parse_url_pattern("HTTPS://API.Example.com");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->pattern, "https://api.example.com/*");
  EXPECT_EQ(p->scheme, "https");
  EXPECT_EQ(p->host, "api.example.com");
  EXPECT_EQ(p->port, "");
  EXPECT_EQ(p->path, "/*");
  auto q = acl::parse_url_pattern("wss://[::1]:9000/socket");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->host, "[::1]");
  EXPECT_EQ(q->port, "9000");
  EXPECT_EQ(q->path, "/socket");
  EXPECT_TRUE(acl::parse_url_pattern("*://*:*/*"));
  for (const char* bad : {"example.com", "://x", "https://", "https://:80", "https://a:", "https://a:0",
                          "https://a:x", "https://u@a", "https://[::1", "https://[zz]", "https://a..b", "https://.a",
                          "https://a/#f", "https://a?x", "1http://a", "ht tp://a", "https://a/b c"})
    EXPECT_FALSE(acl::parse_url_pattern(bad)) << bad;
}

TEST(AclGlob, StarAndQuestionMark) {
  EXPECT_TRUE(acl::glob_match("main", "main"));
  EXPECT_FALSE(acl::glob_match("main", "mainx"));
  EXPECT_TRUE(acl::glob_match("*", ""));
  EXPECT_TRUE(acl::glob_match("settings-*", "settings-"));
  EXPECT_TRUE(acl::glob_match("settings-*", "settings-audio"));
  EXPECT_FALSE(acl::glob_match("settings-*", "setting"));
  EXPECT_TRUE(acl::glob_match("w?n", "win"));
  EXPECT_FALSE(acl::glob_match("w?n", "wn"));
  EXPECT_TRUE(acl::glob_match("*a*b*", "xxaxxbxx"));
  EXPECT_FALSE(acl::glob_match("*a*b", "xxbxxa"));
  EXPECT_TRUE(acl::glob_match("**", "anything"));
}

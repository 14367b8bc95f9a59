#include "acl.hpp"

#include <gtest/gtest.h>

namespace weft::runtime {
namespace {

// In the shape `weft check` writes (config-schema acl_output.hpp).
constexpr const char* k_acl = R"({
  "version": 1,
  "platform": "linux",
  "capabilities": {
    "main": {"local": true, "remote": [], "webviews": [], "windows": ["main", "settings-*"]},
    "panels": {"local": true, "remote": [], "webviews": ["panel-?"], "windows": []},
    "remote": {"local": false, "remote": [
        {"pattern": "https://*.example.com/app/*", "scheme": "https", "host": "*.example.com", "port": "", "path": "/app/*"},
        {"pattern": "http://localhost:8080", "scheme": "http", "host": "localhost", "port": "8080", "path": "/*"}],
      "webviews": [], "windows": ["main"]},
    "lockdown": {"local": true, "remote": [], "webviews": [], "windows": ["settings-locked"]}
  },
  "commands": {
    "greet": {"allow": [{"capability": "main", "permissions": ["allow-greet"], "scope": {"allow": [{"x": 1}], "deny": []}},
                        {"capability": "remote", "permissions": ["allow-greet"], "scope": {"allow": [{"x": 2}], "deny": [{"x": 3}]}}],
              "deny": [{"capability": "lockdown", "permissions": ["deny-greet"]}]},
    "panel": {"allow": [{"capability": "panels", "permissions": ["allow-panel"], "scope": {"allow": [], "deny": []}}], "deny": []},
    "fs|read": {"allow": [{"capability": "main", "permissions": ["fs:allow-read"], "scope": {"allow": [], "deny": []}}], "deny": []}
  },
  "scopes": {
    "fs": [{"capability": "main", "permissions": ["fs:scope-home"], "scope": {"allow": ["$HOME/*"], "deny": ["$HOME/.ssh/*"]}}]
  }
})";

Caller local(std::string window, std::string webview = "") {
  return {window, webview.empty() ? window : webview,
          classify_origin("weft://localhost/index.html", "weft://localhost/", "")};
}

Caller remote(std::string window, const std::string& url) {
  return {window, window, classify_origin(url, "weft://localhost/", "")};
}

class AclTest : public ::testing::Test {
protected:
  Acl acl = *Acl::parse(k_acl);
};

TEST_F(AclTest, AllowsTheGrantedWindow) {
  const AclDecision decision = acl.check("greet", local("main"));
  ASSERT_TRUE(decision.allowed) << decision.reason;
  ASSERT_EQ(decision.scopes.allow.size(), 1u);
  EXPECT_EQ(decision.scopes.allow[0], nlohmann::json({{"x", 1}}));
  EXPECT_TRUE(decision.scopes.deny.empty());
}

TEST_F(AclTest, WindowGlobs) {
  EXPECT_TRUE(acl.check("greet", local("settings-audio")).allowed);
  EXPECT_FALSE(acl.check("greet", local("other")).allowed);
  EXPECT_FALSE(acl.check("greet", local("mainx")).allowed);
}

TEST_F(AclTest, WebviewGlobs) {
  EXPECT_TRUE(acl.check("panel", local("w", "panel-1")).allowed);
  EXPECT_FALSE(acl.check("panel", local("w", "panel-10")).allowed);
}

TEST_F(AclTest, DenyWins) {
  const AclDecision decision = acl.check("greet", local("settings-locked"));
  EXPECT_FALSE(decision.allowed);
  EXPECT_NE(decision.reason.find("capability `lockdown` denies it"), std::string::npos) << decision.reason;
}

TEST_F(AclTest, UnknownCommandsAreDenied) {
  const AclDecision decision = acl.check("nope", local("main"));
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.reason, "no capability grants it to window `main` (weft://localhost/index.html)");
}

TEST_F(AclTest, RemoteOrigins) {
  // The `main` capability is local only, `remote` names the URL patterns.
  const AclDecision decision = acl.check("greet", remote("main", "https://app.example.com/app/page.html"));
  ASSERT_TRUE(decision.allowed) << decision.reason;
  EXPECT_EQ(decision.scopes.allow, std::vector<nlohmann::json>{nlohmann::json({{"x", 2}})});
  EXPECT_EQ(decision.scopes.deny, std::vector<nlohmann::json>{nlohmann::json({{"x", 3}})});
  EXPECT_TRUE(acl.check("greet", remote("main", "https://app.example.com:443/app/")).allowed);
  EXPECT_TRUE(acl.check("greet", remote("main", "http://localhost:8080/anything")).allowed);
  EXPECT_FALSE(acl.check("greet", remote("main", "https://example.com/app/x")).allowed);      // host glob needs a label
  EXPECT_FALSE(acl.check("greet", remote("main", "https://app.example.com/other")).allowed);  // path
  EXPECT_FALSE(acl.check("greet", remote("main", "http://app.example.com/app/x")).allowed);   // scheme
  EXPECT_FALSE(acl.check("greet", remote("main", "https://app.example.com:8443/app/")).allowed); // port
  EXPECT_FALSE(acl.check("greet", remote("main", "http://localhost/")).allowed);
  EXPECT_FALSE(acl.check("greet", remote("main", "https://evil.com/?x=.example.com/app/")).allowed);
  EXPECT_FALSE(acl.check("greet", remote("main", "https://app.example.com@evil.com/app/")).allowed);
  // A remote page never gets a local-only capability's commands.
  EXPECT_FALSE(acl.check("fs|read", remote("main", "https://app.example.com/app/")).allowed);
}

TEST_F(AclTest, PagesWithoutOriginAreDenied) {
  EXPECT_FALSE(acl.check("greet", remote("main", "about:blank")).allowed);
  EXPECT_FALSE(acl.check("greet", remote("main", "")).allowed);
}

TEST_F(AclTest, ScopeOnlyPermissionsJoinTheirPrefix) {
  const AclDecision decision = acl.check("fs|read", local("main"));
  ASSERT_TRUE(decision.allowed);
  EXPECT_EQ(decision.scopes.allow, std::vector<nlohmann::json>{"$HOME/*"});
  EXPECT_EQ(decision.scopes.deny, std::vector<nlohmann::json>{"$HOME/.ssh/*"});
}

TEST_F(AclTest, Covers) {
  EXPECT_TRUE(acl.covers("main", "main"));
  EXPECT_TRUE(acl.covers("x", "panel-2"));
  EXPECT_FALSE(acl.covers("second", "second"));
}

TEST(AclParse, EmptyTextGrantsNothing) {
  Result<Acl> acl = Acl::parse("");
  ASSERT_TRUE(acl);
  EXPECT_FALSE(acl->check("greet", local("main")).allowed);
}

TEST(AclParse, Errors) {
  EXPECT_FALSE(Acl::parse("{"));
  EXPECT_FALSE(Acl::parse("[]"));
  Result<Acl> version = Acl::parse(R"({"version": 2})");
  ASSERT_FALSE(version);
  EXPECT_NE(version.error().message().find("format version 2, expected 1"), std::string::npos);
  Result<Acl> dangling = Acl::parse(
      R"({"version": 1, "capabilities": {}, "commands": {"a": {"allow": [{"capability": "ghost"}], "deny": []}}})");
  ASSERT_FALSE(dangling);
  EXPECT_NE(dangling.error().message().find("unknown capability `ghost`"), std::string::npos);
}

TEST(AclPrefix, CommandPrefix) {
  EXPECT_EQ(command_prefix("core:window|set_title"), "core:window");
  EXPECT_EQ(command_prefix("greet"), "");
}

} // namespace
} // namespace weft::runtime

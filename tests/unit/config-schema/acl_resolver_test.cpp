#include <weft/config-schema/acl/project_acl.hpp>
#include <weft/config-schema/acl/resolver.hpp>

#include "acl_test_util.hpp"

#include <gtest/gtest.h>

namespace acl = weft::config::acl;
using weft::Diagnostics;
using weft::config::Platform;
using weft::test::error_messages;
using weft::test::json_capability;
using weft::test::toml_source;
using weft::test::warning_messages;

namespace {

const char* k_fs = R"(
[default]
permissions = ["read-all"]

[[set]]
identifier = "read-all"
description = "Reading."
permissions = ["allow-read", "allow-stat"]

[[permission]]
identifier = "allow-read"
commands.allow = ["read_file"]
scope.allow = [{ path = "$HOME/**" }]
scope.deny = [{ path = "$HOME/.ssh/**" }]

[[permission]]
identifier = "allow-stat"
commands.allow = ["stat"]

[[permission]]
identifier = "scope-tmp"
scope.allow = [{ path = "/tmp/**" }]

[[permission]]
identifier = "linux-only"
commands.allow = ["inotify"]
platforms = ["linux"]

[[permission]]
identifier = "mac-only"
commands.allow = ["fsevents"]
platforms = ["macOS"]
)";

const char* k_app = R"(
[[set]]
identifier = "everything"
description = "App and files."
permissions = ["allow-greet", "fs:default", "fs:linux-only", "fs:mac-only"]

[[permission]]
identifier = "no-greet"
commands.deny = ["greet"]
)";

struct Fixture {
  Diagnostics diagnostics;
  acl::Registry registry;
  std::vector<acl::Capability> capabilities;

  explicit Fixture(std::vector<std::string> app_commands = {"greet"})
      : registry(make(diagnostics, std::move(app_commands))) {}

  static acl::Registry make(Diagnostics& d, std::vector<std::string> commands) {
    std::vector<acl::PermissionSource> sources;
    sources.push_back(toml_source("fs", {k_fs}, d));
    acl::PermissionSource app = toml_source("", {k_app}, d);
    for (std::string& c : commands) app.declared_commands.push_back({std::move(c), {}});
    sources.push_back(std::move(app));
    return acl::Registry::build(std::move(sources), d);
  }

  void add(const std::string& json) { capabilities.push_back(json_capability(json, diagnostics)); }

  acl::ResolvedAcl resolve(Platform target = Platform::linux,
                           acl::UnmatchedWindows unmatched = acl::UnmatchedWindows::warning) {
    std::vector<const acl::Capability*> active;
    for (const acl::Capability& c : capabilities) active.push_back(&c);
    acl::ResolveOptions options{target, {"main", "settings"}, unmatched};
    return acl::resolve(registry, capabilities, active, options, diagnostics);
  }
};

std::vector<std::string> active_names(const acl::ResolvedAcl& r) {
  std::vector<std::string> out;
  for (const auto& [name, _] : r.capabilities) out.push_back(name);
  return out;
}

std::vector<std::string> identifiers(const std::vector<const acl::RegistryEntry*>& entries) {
  std::vector<std::string> out;
  for (const acl::RegistryEntry* e : entries) out.push_back(e->identifier);
  return out;
}

} // namespace

TEST(AclRegistry, GeneratesAllowAndDenyForEveryCommand) {
  Fixture f;
  EXPECT_TRUE(f.diagnostics.empty()) << ::testing::PrintToString(error_messages(f.diagnostics));
  for (const char* id : {"allow-greet", "deny-greet", "fs:allow-read", "fs:deny-read-file", "fs:allow-read-file",
                         "fs:deny-stat", "fs:deny-inotify"})
    EXPECT_TRUE(f.registry.find(id)) << id;
  // A name the source defines itself is not generated again.
  const acl::RegistryEntry* stat = f.registry.find("fs:allow-stat");
  ASSERT_TRUE(stat);
  EXPECT_FALSE(stat->permission->generated);
  EXPECT_TRUE(f.registry.find("fs:deny-stat")->permission->generated);
  EXPECT_EQ(f.registry.find("fs:deny-stat")->permission->commands_deny, std::vector<std::string>{"stat"});
  EXPECT_EQ(f.registry.find("fs:default")->kind, acl::EntryKind::default_set);
  EXPECT_FALSE(f.registry.find("default")); // the app has no [default]
  for (size_t i = 1; i < f.registry.entries().size(); ++i)
    EXPECT_LT(f.registry.entries()[i - 1].identifier, f.registry.entries()[i].identifier);
}

TEST(AclRegistry, ExpandsSetsRecursivelyAcrossPrefixes) {
  Fixture f;
  EXPECT_EQ(identifiers(f.registry.expand(*f.registry.find("everything"))),
            (std::vector<std::string>{"allow-greet", "fs:allow-read", "fs:allow-stat", "fs:linux-only",
                                      "fs:mac-only"}));
  EXPECT_EQ(identifiers(f.registry.expand(*f.registry.find("fs:allow-stat"))),
            std::vector<std::string>{"fs:allow-stat"});
}

TEST(AclRegistry, ReportsDuplicatesWithBothPlaces) {
  Diagnostics d;
  std::vector<acl::PermissionSource> sources;
  sources.push_back(toml_source(
      "", {"[[permission]]\nidentifier = \"a\"\ncommands.allow = [\"x\"]\n",
           "[[set]]\nidentifier = \"a\"\npermissions = [\"allow-x\"]\n[default]\npermissions = [\"a\"]\n",
           "[default]\npermissions = [\"a\"]\n"},
      d));
  acl::Registry r = acl::Registry::build(std::move(sources), d);
  std::vector<std::string> m = error_messages(d);
  ASSERT_EQ(m.size(), 2u) << ::testing::PrintToString(m);
  EXPECT_EQ(m[0], "duplicate permission identifier `a`");
  EXPECT_EQ(d.items()[0].location().file, "app-1.toml");
  EXPECT_EQ(d.items()[0].location().line, 2);
  EXPECT_EQ(d.items()[0].hint(), "`a` is already defined at app-0.toml:2:14");
  EXPECT_EQ(m[1], "duplicate [default] set for the app");
  EXPECT_EQ(r.find("a")->kind, acl::EntryKind::permission); // the first one wins
}

TEST(AclRegistry, DetectsCyclesAndUnknownMembers) {
  Diagnostics d;
  std::vector<acl::PermissionSource> sources;
  sources.push_back(toml_source("", {R"(
[[set]]
identifier = "a"
permissions = ["b"]
[[set]]
identifier = "b"
permissions = ["c", "allow-x"]
[[set]]
identifier = "c"
permissions = ["a"]
[[set]]
identifier = "self"
permissions = ["self"]
[[set]]
identifier = "typo"
permissions = ["alow-x", "nope:x", "fs2:allow-x"]
[[permission]]
identifier = "allow-x"
commands.allow = ["x"]
)"},
                                d));
  sources.push_back(toml_source("fs", {"[[permission]]\nidentifier = \"allow-x\"\ncommands.allow = [\"x\"]\n"}, d));
  acl::Registry r = acl::Registry::build(std::move(sources), d);
  std::vector<std::string> m = error_messages(d);
  ASSERT_EQ(m.size(), 5u) << ::testing::PrintToString(m);
  EXPECT_EQ(m[0], "set cycle: a → b → c → a");
  EXPECT_EQ(d.items()[0].location().line, 10);
  EXPECT_EQ(m[1], "set cycle: self → self");
  EXPECT_EQ(m[2], "unknown set member `alow-x`");
  EXPECT_EQ(d.items()[2].hint(), "did you mean `allow-x`?");
  EXPECT_EQ(m[3], "unknown set member `nope:x`: no plugin or core area is called `nope`");
  EXPECT_EQ(m[4], "unknown set member `fs2:allow-x`: no plugin or core area is called `fs2`");
  EXPECT_EQ(d.items()[4].hint(), "did you mean `fs:allow-x`?");
  // Expanding a cycle terminates, each permission once.
  EXPECT_EQ(identifiers(r.expand(*r.find("a"))), std::vector<std::string>{"allow-x"});
  EXPECT_TRUE(r.expand(*r.find("self")).empty());
}

TEST(AclResolver, MergesScopesFromPermissionAndGrant) {
  Fixture f;
  f.add(R"({"identifier": "files", "windows": ["main"], "permissions": [
    "fs:default",
    {"identifier": "fs:allow-read", "allow": [{"path": "/data/**"}, {"path": "$HOME/**"}], "deny": [{"path": "/data/secret"}]}
  ]})");
  acl::ResolvedAcl r = f.resolve();
  EXPECT_FALSE(f.diagnostics.has_errors());
  ASSERT_TRUE(r.commands.count("fs|read_file"));
  const acl::CommandRule& rule = r.commands.at("fs|read_file");
  ASSERT_EQ(rule.allow.size(), 1u);
  const acl::CommandGrant& g = rule.allow[0];
  EXPECT_EQ(g.capability, "files");
  EXPECT_EQ(g.permissions, std::vector<std::string>{"fs:allow-read"});
  // Sorted by serialised value, duplicates gone.
  EXPECT_EQ(nlohmann::json(g.scope.allow), nlohmann::json::parse(R"([{"path": "$HOME/**"}, {"path": "/data/**"}])"));
  EXPECT_EQ(nlohmann::json(g.scope.deny),
            nlohmann::json::parse(R"([{"path": "$HOME/.ssh/**"}, {"path": "/data/secret"}])"));
  // A command granted without scope gets empty scope lists.
  EXPECT_TRUE(r.commands.at("fs|stat").allow[0].scope.empty());
  EXPECT_EQ(r.permissions, 2u);
  EXPECT_EQ(active_names(r), std::vector<std::string>{"files"});
}

TEST(AclResolver, ScopeOnlyPermissionsGoToThePrefixScopes) {
  Fixture f;
  f.add(R"({"identifier": "files", "windows": ["main"], "permissions": [
    {"identifier": "fs:scope-tmp", "deny": [{"path": "/tmp/private"}]}]})");
  acl::ResolvedAcl r = f.resolve();
  EXPECT_TRUE(r.commands.empty());
  ASSERT_TRUE(r.scopes.count("fs"));
  ASSERT_EQ(r.scopes.at("fs").size(), 1u);
  EXPECT_EQ(nlohmann::json(r.scopes.at("fs")[0].scope.allow), nlohmann::json::parse(R"([{"path": "/tmp/**"}])"));
  EXPECT_EQ(nlohmann::json(r.scopes.at("fs")[0].scope.deny), nlohmann::json::parse(R"([{"path": "/tmp/private"}])"));
  EXPECT_EQ(r.scopes.at("fs")[0].capability, "files");
  EXPECT_EQ(r.capabilities.at("files").windows, std::vector<std::string>{"main"});
}

TEST(AclResolver, DenyWinsInsideACapability) {
  Fixture f;
  f.add(R"({"identifier": "c", "windows": ["main"], "permissions": ["allow-greet", "no-greet"]})");
  acl::ResolvedAcl r = f.resolve();
  const acl::CommandRule& rule = r.commands.at("greet");
  EXPECT_TRUE(rule.allow.empty());
  ASSERT_EQ(rule.deny.size(), 1u);
  EXPECT_EQ(rule.deny[0].permissions, std::vector<std::string>{"no-greet"});
}

TEST(AclResolver, DenyWinsOverAnAllowItCovers) {
  Fixture f;
  f.add(R"({"identifier": "a-allow", "windows": ["main"], "permissions": ["allow-greet"]})");
  f.add(R"({"identifier": "b-allow-elsewhere", "windows": ["settings"], "remote": {"urls": ["https://x.com"]},
            "permissions": ["allow-greet"]})");
  f.add(R"({"identifier": "z-deny", "windows": ["main", "other"], "permissions": ["deny-greet"]})");
  acl::ResolvedAcl r = f.resolve();
  const acl::CommandRule& rule = r.commands.at("greet");
  // The deny covers every caller of `a-allow` (same windows, local); not
  // those of `b-allow-elsewhere`, which the runtime must still check.
  ASSERT_EQ(rule.allow.size(), 1u);
  EXPECT_EQ(rule.allow[0].capability, "b-allow-elsewhere");
  ASSERT_EQ(rule.deny.size(), 1u);
  EXPECT_EQ(rule.deny[0].capability, "z-deny");
  EXPECT_TRUE(rule.deny[0].scope.empty());

  Fixture g;
  g.add(R"({"identifier": "a", "windows": ["main"], "remote": {"urls": ["https://x.com"]}, "permissions": ["allow-greet"]})");
  g.add(R"({"identifier": "b", "windows": ["*"], "local": false, "permissions": ["deny-greet"]})");
  acl::ResolvedAcl s = g.resolve();
  // `a` also serves local pages, which `b` (remote only, no URLs) does not cover.
  EXPECT_EQ(s.commands.at("greet").allow.size(), 1u);
}

TEST(AclResolver, FiltersByPlatform) {
  Fixture f;
  f.add(R"({"identifier": "all", "windows": ["main"], "permissions": ["everything"]})");
  f.add(R"({"identifier": "mac", "windows": ["main"], "platforms": ["macOS"], "permissions": ["allow-greet", "typo-here"]})");
  acl::ResolvedAcl linux = f.resolve(Platform::linux);
  EXPECT_TRUE(linux.commands.count("fs|inotify"));
  EXPECT_FALSE(linux.commands.count("fs|fsevents"));
  EXPECT_EQ(active_names(linux), std::vector<std::string>{"all"});
  EXPECT_EQ(linux.commands.at("greet").allow.size(), 1u);
  // An inactive capability is still checked.
  EXPECT_EQ(error_messages(f.diagnostics), std::vector<std::string>{"unknown permission `typo-here`"});

  acl::ResolvedAcl mac = f.resolve(Platform::macos);
  EXPECT_FALSE(mac.commands.count("fs|inotify"));
  EXPECT_TRUE(mac.commands.count("fs|fsevents"));
  EXPECT_EQ(active_names(mac), (std::vector<std::string>{"all", "mac"}));
  EXPECT_EQ(mac.commands.at("greet").allow.size(), 2u);
}

TEST(AclResolver, UnknownPermissionsSuggestTheClosest) {
  Fixture f;
  f.add(R"({"identifier": "c", "windows": ["main"], "permissions": ["allow-gret", "fs:alow-read", "fx:allow-read", "allow-read"]})");
  f.resolve();
  std::vector<std::string> m = error_messages(f.diagnostics);
  ASSERT_EQ(m.size(), 4u) << ::testing::PrintToString(m);
  EXPECT_EQ(f.diagnostics.items()[0].hint(), "did you mean `allow-greet`?");
  EXPECT_EQ(f.diagnostics.items()[0].location().line, 1);
  EXPECT_EQ(f.diagnostics.items()[1].hint(), "did you mean `fs:allow-read`?");
  EXPECT_EQ(m[2], "unknown permission `fx:allow-read`: no plugin or core area is called `fx`");
  EXPECT_EQ(f.diagnostics.items()[2].hint(), "did you mean `fs:allow-read`?");
  EXPECT_EQ(f.diagnostics.items()[3].hint(), "did you mean `fs:allow-read`?");
}

TEST(AclResolver, WindowsThatMatchNothing) {
  Fixture f;
  f.add(R"({"identifier": "c", "windows": ["main", "setings", "settings-*"], "permissions": ["allow-greet"]})");
  f.add(R"({"identifier": "d", "permissions": ["allow-greet"]})");
  f.resolve();
  EXPECT_FALSE(f.diagnostics.has_errors());
  std::vector<std::string> w = warning_messages(f.diagnostics);
  ASSERT_EQ(w.size(), 3u) << ::testing::PrintToString(w);
  EXPECT_NE(w[0].find("`setings` matches no window"), std::string::npos);
  EXPECT_NE(w[1].find("`settings-*` matches no window"), std::string::npos);
  EXPECT_NE(w[2].find("applies to no window"), std::string::npos);
  EXPECT_EQ(f.diagnostics.items()[0].hint(), "did you mean `settings`? (an error with --strict)");

  Fixture strict;
  strict.add(R"({"identifier": "c", "windows": ["setings"], "permissions": ["allow-greet"]})");
  strict.resolve(Platform::linux, acl::UnmatchedWindows::error);
  EXPECT_TRUE(strict.diagnostics.has_errors());
}

TEST(AclResolver, OutputIsIndependentOfInputOrder) {
  const std::vector<std::string> caps = {
      R"({"identifier": "b", "windows": ["settings", "main"], "permissions": ["fs:default", "allow-greet"]})",
      R"({"identifier": "a", "windows": ["main"], "permissions": [{"identifier": "fs:allow-read", "allow": [3, 1, 2]}]})",
  };
  Fixture one, two;
  one.add(caps[0]);
  one.add(caps[1]);
  two.add(caps[1]);
  two.add(caps[0]);
  acl::ResolvedAcl x = one.resolve(), y = two.resolve();
  ASSERT_EQ(x.commands.size(), y.commands.size());
  const acl::CommandRule& read = x.commands.at("fs|read_file");
  ASSERT_EQ(read.allow.size(), 2u);
  EXPECT_EQ(read.allow[0].capability, "a");
  EXPECT_EQ(x.capabilities.at("b").windows, (std::vector<std::string>{"main", "settings"}));
  EXPECT_EQ(read.allow[0].scope.allow.size(), 4u);
  for (const auto& [key, rule] : x.commands) {
    const acl::CommandRule& other = y.commands.at(key);
    ASSERT_EQ(rule.allow.size(), other.allow.size());
    for (size_t i = 0; i < rule.allow.size(); ++i) {
      EXPECT_EQ(rule.allow[i].capability, other.allow[i].capability);
      EXPECT_EQ(rule.allow[i].scope.allow, other.allow[i].scope.allow);
    }
  }
}

TEST(AclCore, CorePermissionsAreCleanAndComplete) {
  Diagnostics d;
  std::vector<acl::PermissionSource> sources = acl::core_permission_sources(d);
  acl::Registry r = acl::Registry::build(std::move(sources), d);
  EXPECT_TRUE(d.empty()) << (d.empty() ? "" : d.items().front().headline());
  for (const char* area : {"app", "window", "event", "path", "webview"}) {
    std::string prefix = std::string("core:") + area;
    const acl::RegistryEntry* def = r.find(prefix + ":default");
    ASSERT_TRUE(def) << prefix;
    EXPECT_FALSE(r.expand(*def).empty());
    EXPECT_FALSE(def->description().empty());
  }
  const acl::RegistryEntry* all = r.find("core:default");
  ASSERT_TRUE(all);
  size_t sum = 0;
  for (const char* area : {"app", "window", "event", "path", "webview"})
    sum += r.expand(*r.find(std::string("core:") + area + ":default")).size();
  EXPECT_EQ(r.expand(*all).size(), sum);
  for (const char* id : {"core:window:allow-set-title", "core:window:deny-set-title", "core:event:allow-emit-to",
                         "core:path:allow-resolve-directory", "core:app:allow-version", "core:webview:allow-print"})
    EXPECT_TRUE(r.find(id)) << id;
  // Defaults only read state: nothing in core:window:default changes a window.
  for (const acl::RegistryEntry* p : r.expand(*r.find("core:window:default")))
    for (const std::string& c : p->permission->commands_allow) EXPECT_FALSE(c.starts_with("set_")) << c;
  // Every permission has a description for the editor schema.
  for (const acl::RegistryEntry& e : r.entries()) EXPECT_FALSE(e.description().empty()) << e.identifier;
}

TEST(AclResolver, OneGrantPerCapabilityAndCommand) {
  // fs:allow-read and fs:read-all both reach read_file: one grant naming both.
  Fixture f;
  f.add(R"({"identifier": "c", "windows": ["main"], "permissions": [
    {"identifier": "fs:allow-read", "allow": [1]}, "fs:read-all", "allow-greet", "deny-greet", "fs:deny-stat"]})");
  acl::ResolvedAcl r = f.resolve();
  const acl::CommandRule& read = r.commands.at("fs|read_file");
  ASSERT_EQ(read.allow.size(), 1u);
  EXPECT_EQ(read.allow[0].permissions, std::vector<std::string>{"fs:allow-read"});
  EXPECT_EQ(read.allow[0].scope.allow.size(), 2u); // 1 and the permission's own
  // allow-greet and deny-greet in one capability: one deny, no allow.
  EXPECT_TRUE(r.commands.at("greet").allow.empty());
  ASSERT_EQ(r.commands.at("greet").deny.size(), 1u);
  EXPECT_TRUE(r.commands.at("fs|stat").allow.empty());
  EXPECT_EQ(r.commands.at("fs|stat").deny.size(), 1u);
}

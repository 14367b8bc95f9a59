#include <weft/config-schema/acl/acl_output.hpp>
#include <weft/config-schema/acl/capability_schema.hpp>
#include <weft/config-schema/acl/project_acl.hpp>
#include <weft/config-schema/schema_validator.hpp>

#include "acl_test_util.hpp"

#include <gtest/gtest.h>

namespace acl = weft::config::acl;
using weft::Diagnostics;

namespace {

acl::Registry core_registry() {
  Diagnostics d;
  acl::Registry r = acl::Registry::build(acl::core_permission_sources(d), d);
  EXPECT_TRUE(d.empty());
  return r;
}

} // namespace

TEST(AclOutput, FormatOfAGrant) {
  acl::Registry registry = core_registry();
  Diagnostics d;
  std::vector<acl::Capability> caps{weft::test::json_capability(
      R"({"identifier": "c", "windows": ["main"], "webviews": ["w"], "remote": {"urls": ["https://a.example"]},
          "permissions": [{"identifier": "core:window:allow-set-title", "allow": [{"max": 80}]},
                          "core:window:deny-close"]})",
      d)};
  std::vector<const acl::Capability*> active{&caps[0]};
  acl::ResolvedAcl resolved = acl::resolve(registry, caps, active, {weft::config::Platform::linux, {"main"}, {}}, d);
  EXPECT_FALSE(d.has_errors());
  nlohmann::json out = acl::acl_to_json(resolved);
  nlohmann::json expected = nlohmann::json::parse(R"({
    "version": 1,
    "platform": "linux",
    "capabilities": {
      "c": {"windows": ["main"], "webviews": ["w"], "local": true,
            "remote": [{"pattern": "https://a.example/*", "scheme": "https", "host": "a.example", "port": "", "path": "/*"}]}
    },
    "commands": {
      "core:window|close": {
        "allow": [],
        "deny": [{"capability": "c", "permissions": ["core:window:deny-close"]}]
      },
      "core:window|set_title": {
        "allow": [{"capability": "c", "permissions": ["core:window:allow-set-title"],
                   "scope": {"allow": [{"max": 80}], "deny": []}}],
        "deny": []
      }
    },
    "scopes": {}
  })");
  EXPECT_EQ(out, expected) << out.dump(2);
  std::string text = acl::acl_json_text(resolved);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(nlohmann::json::parse(text), expected);
}

TEST(AclOutput, SchemaListsEveryPermissionAndValidates) {
  acl::Registry registry = core_registry();
  nlohmann::json schema = acl::capability_schema(registry);
  const nlohmann::json& ids = schema["definitions"]["Identifier"]["anyOf"];
  ASSERT_EQ(ids.size(), registry.entries().size());
  bool found = false;
  for (const nlohmann::json& id : ids)
    if (id["const"] == "core:window:allow-set-title") {
      found = true;
      EXPECT_EQ(id["description"], "Change a window's title.");
    }
  EXPECT_TRUE(found);
  for (const nlohmann::json& id : ids)
    if (id["const"] == "core:default") {
      EXPECT_NE(id["description"].get<std::string>().find("Includes: "), std::string::npos);
    }

  auto validator = weft::config::SchemaValidator::compile(schema);
  ASSERT_TRUE(validator) << validator.error().message();
  auto accepts = [&](const char* text) { return validator->is_valid(nlohmann::json::parse(text)); };
  EXPECT_TRUE(accepts(R"({"identifier": "a", "windows": ["main"], "permissions": ["core:default"]})"));
  EXPECT_TRUE(accepts(R"([{"identifier": "a", "permissions": [{"identifier": "core:path:default", "allow": [1]}]}])"));
  EXPECT_TRUE(accepts(R"({"$schema": "x", "capabilities": [{"identifier": "a", "permissions": ["core:app:default"],
                          "platforms": ["iOS"], "remote": {"urls": ["https://*.example.com"]}, "local": false}]})"));
  EXPECT_FALSE(accepts(R"({"identifier": "a", "permissions": ["core:window:allow-set-titel"]})"));
  EXPECT_FALSE(accepts(R"({"identifier": "a", "permissions": []})"));
  EXPECT_FALSE(accepts(R"({"identifier": "a", "permissions": ["core:default"], "platforms": ["macos"]})"));
  EXPECT_FALSE(accepts(R"({"identifier": "a", "permissions": ["core:default"], "remote": {"urls": ["example.com"]}})"));
  EXPECT_FALSE(accepts(R"({"identifier": "a", "permissions": ["core:default"], "windws": []})"));
  // Deterministic text.
  EXPECT_EQ(acl::capability_schema_text(registry), acl::capability_schema_text(registry));
}

TEST(AclOutput, TextIsTheJsonOneLinePerEntry) {
  acl::ResolvedAcl empty;
  std::string text = acl::acl_json_text(empty);
  EXPECT_EQ(nlohmann::json::parse(text), acl::acl_to_json(empty));
  EXPECT_EQ(text, "{\n  \"capabilities\": {},\n  \"commands\": {},\n  \"platform\": \"linux\",\n  \"scopes\": {},\n"
                  "  \"version\": 1\n}\n");
  acl::ResolvedAcl one;
  one.capabilities["c"] = {{"main"}, {}, true, {}};
  one.commands["greet"].allow.push_back({"c", {"allow-greet"}, {{1, "x"}, {}}});
  one.scopes["fs"].push_back({"c", {"fs:scope"}, {{}, {nlohmann::json::object({{"path", "é/\"q\""}})}}});
  std::string t = acl::acl_json_text(one);
  EXPECT_EQ(nlohmann::json::parse(t), acl::acl_to_json(one));
  EXPECT_NE(t.find("\n    \"greet\": {\"allow\":[{\"capability\":\"c\",\"permissions\":[\"allow-greet\"],"
                   "\"scope\":{\"allow\":[1,\"x\"],\"deny\":[]}}],\"deny\":[]}\n"),
            std::string::npos)
      << t;
}

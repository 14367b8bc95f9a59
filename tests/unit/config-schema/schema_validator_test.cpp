#include <weft/config-schema/schema_validator.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

using nlohmann::json;
using weft::config::SchemaOptions;
using weft::config::SchemaValidator;
using weft::config::SchemaViolation;

namespace {

SchemaValidator compile(const json& schema, const SchemaOptions& options = {}) {
  auto compiled = SchemaValidator::compile(schema, options);
  if (!compiled) ADD_FAILURE() << "schema did not compile: " << compiled.error().headline();
  return compiled ? std::move(*compiled) : std::move(*SchemaValidator::compile(json::object()));
}

// The violations, checking on the way that is_valid agrees with validate.
std::vector<SchemaViolation> violations(const SchemaValidator& validator, const json& instance) {
  auto found = validator.validate(instance);
  EXPECT_EQ(validator.is_valid(instance), found.empty()) << instance.dump();
  return found;
}

std::vector<SchemaViolation> violations(const json& schema, const json& instance) {
  return violations(compile(schema), instance);
}

// The one violation expected; fails the test if there are none or several.
SchemaViolation only(const json& schema, const json& instance) {
  auto found = violations(schema, instance);
  EXPECT_EQ(found.size(), 1u) << [&] {
    std::string all;
    for (const auto& v : found) all += v.instance_pointer + ": " + v.message + "\n";
    return all;
  }();
  return found.empty() ? SchemaViolation{} : found.front();
}

std::string message(const json& schema, const json& instance) { return only(schema, instance).message; }

bool valid(const json& schema, const json& instance) { return violations(schema, instance).empty(); }

weft::Error compile_error(const json& schema, const SchemaOptions& options = {}) {
  auto compiled = SchemaValidator::compile(schema, options);
  EXPECT_FALSE(compiled.has_value()) << schema.dump();
  return compiled ? weft::Error::input("compiled") : compiled.error();
}

bool matches(const std::string& pattern, const std::string& text) {
  return valid(json{{"pattern", pattern}}, json(text));
}

} // namespace

// ---------------------------------------------------------------- messages and pointers

TEST(SchemaValidator, TypeMismatchNamesPointerKeywordAndSchemaLocation) {
  json schema = json::parse(R"({"properties": {"app": {"properties": {"windows": {
      "type": "array", "items": {"type": "object", "properties": {"width": {"type": "number"}}}}}}}})");
  SchemaViolation v = only(schema, json::parse(R"({"app": {"windows": [{"width": "800"}]}})"));
  EXPECT_EQ(v.instance_pointer, "/app/windows/0/width");
  EXPECT_EQ(v.schema_pointer, "/properties/app/properties/windows/items/properties/width/type");
  EXPECT_EQ(v.keyword, "type");
  EXPECT_EQ(v.message, "expected a number, found a string");
}

TEST(SchemaValidator, PointersEscapeTildeAndSlash) {
  SchemaViolation v = only(json::parse(R"({"additionalProperties": {"type": "string"}})"), json{{"a/b~c", 1}});
  EXPECT_EQ(v.instance_pointer, "/a~1b~0c");
}

TEST(SchemaValidator, TypeMessages) {
  EXPECT_EQ(message(json{{"type", json::array({"string", "object"})}}, 5), "expected a string or an object, found a number");
  EXPECT_EQ(message(json{{"type", json::array({"string", "object", "null"})}}, true),
            "expected a string, an object or null, found a boolean");
  EXPECT_EQ(message(json{{"type", "integer"}}, 1.5), "expected an integer, found 1.5");
  EXPECT_EQ(message(json{{"type", "array"}}, nullptr), "expected an array, found null");
}

TEST(SchemaValidator, WrongTypeHidesTheOtherKeywordsOfThatSchema) {
  auto v = only(json::parse(R"({"type": "string", "enum": ["a"], "minLength": 3})"), 7);
  EXPECT_EQ(v.keyword, "type");
}

TEST(SchemaValidator, EnumAndConstMessages) {
  EXPECT_EQ(message(json::parse(R"({"enum": ["deb", "rpm"]})"), "debb"), R"(expected one of "deb", "rpm", found "debb")");
  EXPECT_EQ(message(json::parse(R"({"enum": ["deb"]})"), "debb"), R"(expected "deb", found "debb")");
  EXPECT_EQ(message(json::parse(R"({"const": "all"})"), json::array()), R"(expected "all", found [])");
  EXPECT_EQ(message(json::parse(R"({"const": 1})"), json::object({{"a", 1}})), "expected 1, found an object");
  json many = json::array();
  for (int i = 0; i < 20; ++i) many.push_back(i);
  EXPECT_EQ(message(json{{"enum", many}}, 99), "expected one of 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … (8 more), found 99");
}

TEST(SchemaValidator, LongValuesAreShortenedInMessages) {
  std::string text = message(json{{"const", "x"}}, std::string(200, 'y'));
  EXPECT_LT(text.size(), 100u) << text;
  EXPECT_NE(text.find("…\""), std::string::npos) << text;
}

TEST(SchemaValidator, RequiredSetsKeyAndPointsAtTheObject) {
  SchemaViolation v = only(json::parse(R"({"properties": {"app": {"required": ["identifier"]}}})"), json{{"app", json::object()}});
  EXPECT_EQ(v.keyword, "required");
  EXPECT_EQ(v.key, "identifier");
  EXPECT_EQ(v.instance_pointer, "/app");
  EXPECT_EQ(v.schema_pointer, "/properties/app/required");
  EXPECT_EQ(v.message, "missing required key `identifier`");
}

TEST(SchemaValidator, AdditionalPropertiesSetsKeyAndKnownKeys) {
  json schema = json::parse(R"({"properties": {"productName": {}, "identifier": {}, "version": {}},
                                 "patternProperties": {"^x-": {}}, "additionalProperties": false})");
  SchemaViolation v = only(schema, json{{"identifer", "a"}, {"x-extra", 1}, {"version", "1"}});
  EXPECT_EQ(v.keyword, "additionalProperties");
  EXPECT_EQ(v.key, "identifer");
  EXPECT_EQ(v.instance_pointer, "");
  EXPECT_EQ(v.message, "unknown key `identifer`");
  EXPECT_EQ(v.known_keys, (std::vector<std::string>{"identifier", "productName", "version"}));
}

TEST(SchemaValidator, AdditionalPropertiesSchemaReportsInsideTheValue) {
  SchemaViolation v = only(json::parse(R"({"additionalProperties": {"type": "string"}})"), json{{"a", 1}});
  EXPECT_EQ(v.keyword, "type");
  EXPECT_EQ(v.instance_pointer, "/a");
  EXPECT_TRUE(v.key.empty());
}

TEST(SchemaValidator, CountMessages) {
  EXPECT_EQ(message(json{{"minItems", 1}}, json::array()), "expected at least 1 item, found 0");
  EXPECT_EQ(message(json{{"maxItems", 2}}, json::array({1, 2, 3})), "expected at most 2 items, found 3");
  EXPECT_EQ(message(json{{"minProperties", 1}}, json::object()), "expected at least 1 key, found 0");
  EXPECT_EQ(message(json{{"maxProperties", 1}}, json{{"a", 1}, {"b", 2}}), "expected at most 1 key, found 2");
  EXPECT_EQ(message(json{{"minLength", 1}}, ""), "expected a non-empty string");
  EXPECT_EQ(message(json{{"minLength", 3}}, "ab"), "expected at least 3 characters, found 2");
  EXPECT_EQ(message(json{{"maxLength", 1}}, "ab"), "expected at most 1 character, found 2");
}

TEST(SchemaValidator, NumberMessages) {
  EXPECT_EQ(message(json{{"minimum", 1}}, 0), "expected a number >= 1, found 0");
  EXPECT_EQ(message(json{{"type", "integer"}, {"maximum", 10}}, 11), "expected an integer <= 10, found 11");
  EXPECT_EQ(message(json{{"exclusiveMinimum", 0}}, 0), "expected a number > 0, found 0");
  EXPECT_EQ(message(json{{"exclusiveMaximum", 2.5}}, 2.5), "expected a number < 2.5, found 2.5");
  EXPECT_EQ(message(json{{"multipleOf", 5}}, 7), "expected a multiple of 5, found 7");
}

TEST(SchemaValidator, StringMessages) {
  EXPECT_EQ(message(json{{"pattern", "^[a-z]+$"}}, "ABC"), R"(expected a string matching `^[a-z]+$`, found "ABC")");
  EXPECT_EQ(message(json{{"format", "ipv4"}}, "300.1.1.1"), R"(expected an IPv4 address, found "300.1.1.1")");
  EXPECT_EQ(message(json{{"format", "date"}}, "2024-02-30"), R"(expected a date (YYYY-MM-DD), found "2024-02-30")");
}

TEST(SchemaValidator, ArrayMessages) {
  SchemaViolation dup = only(json{{"uniqueItems", true}}, json::array({"a", "b", "a"}));
  EXPECT_EQ(dup.instance_pointer, "/2");
  EXPECT_EQ(dup.message, "expected unique items, found a duplicate of item 0");
  EXPECT_EQ(message(json::parse(R"({"items": [{}, {}], "additionalItems": false})"), json::array({1, 2, 3})),
            "expected at most 2 items, found 3");
  EXPECT_EQ(message(json::parse(R"({"contains": {"const": 5}})"), json::array({1})),
            "expected an item matching `contains`, found none");
  EXPECT_EQ(message(json::parse(R"({"items": false})"), json::array({1})), "no value is allowed here, found a number");
}

TEST(SchemaValidator, PropertyNamesNamesTheKey) {
  SchemaViolation v = only(json::parse(R"({"propertyNames": {"pattern": "^[a-z-]+$"}})"), json{{"Default-Src", 1}});
  EXPECT_EQ(v.instance_pointer, "/Default-Src");
  EXPECT_EQ(v.key, "Default-Src");
  EXPECT_EQ(v.keyword, "pattern");
  EXPECT_EQ(v.message, R"(invalid key `Default-Src`: expected a string matching `^[a-z-]+$`, found "Default-Src")");
}

TEST(SchemaValidator, DependenciesNameTheMissingKey) {
  SchemaViolation v = only(json::parse(R"({"dependencies": {"cert": ["key"]}})"), json{{"cert", "a"}});
  EXPECT_EQ(v.keyword, "dependencies");
  EXPECT_EQ(v.key, "key");
  EXPECT_EQ(v.message, "key `cert` requires key `key`, which is missing");
}

TEST(SchemaValidator, NotMessages) {
  EXPECT_EQ(message(json::parse(R"({"not": {"const": "x"}})"), "x"), R"(expected anything but "x")");
  EXPECT_EQ(message(json::parse(R"({"not": {"enum": [1, 2]}})"), 2), "expected none of 1, 2, found 2");
  EXPECT_EQ(message(json::parse(R"({"not": {"type": "null"}})"), nullptr), "expected anything but null, found null");
  EXPECT_EQ(message(json::parse(R"({"not": {"minimum": 1}})"), 2), "expected the value not to match the schema under `not`");
}

TEST(SchemaValidator, FalseSchema) {
  SchemaViolation v = only(json::parse(R"({"properties": {"old": false}})"), json{{"old", 1}});
  EXPECT_EQ(v.instance_pointer, "/old");
  EXPECT_EQ(v.schema_pointer, "/properties/old");
  EXPECT_EQ(v.message, "no value is allowed here, found a number");
  EXPECT_FALSE(compile(false).is_valid(json::object()));
  EXPECT_TRUE(compile(true).is_valid(json::object()));
}

TEST(SchemaValidator, ReportsEveryViolationDeepestFirst) {
  json schema = json::parse(R"({"required": ["identifier"], "properties": {
      "a": {"type": "string"}, "b": {"properties": {"c": {"minimum": 3}}, "required": ["d"]}}})");
  auto found = violations(schema, json::parse(R"({"a": 1, "b": {"c": 1}})"));
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].instance_pointer, "/a");
  EXPECT_EQ(found[1].instance_pointer, "/b/c");
  EXPECT_EQ(found[2].instance_pointer, "/b");
  EXPECT_EQ(found[2].key, "d");
  EXPECT_EQ(found[3].instance_pointer, "");
  EXPECT_EQ(found[3].key, "identifier");
}

// ---------------------------------------------------------------- anyOf / oneOf

TEST(SchemaValidator, AnyOfWithNoBranchOfTheRightTypeSaysWhichTypes) {
  SchemaViolation v = only(json::parse(R"({"anyOf": [{"type": "string"}, {"type": "object"}]})"), 5);
  EXPECT_EQ(v.keyword, "anyOf");
  EXPECT_EQ(v.schema_pointer, "/anyOf");
  EXPECT_EQ(v.message, "expected a string or an object, found a number");
}

TEST(SchemaValidator, AnyOfReportsTheBranchWhoseTypeMatched) {
  json schema = json::parse(R"({"definitions": {"Capability": {"type": "object",
      "properties": {"identifier": {"type": "string"}, "windows": {"type": "array"}}, "required": ["identifier"],
      "additionalProperties": false}},
    "properties": {"capabilities": {"items": {"anyOf": [{"type": "string", "minLength": 1},
                                                         {"$ref": "#/definitions/Capability"}]}}}})");
  SchemaViolation v = only(schema, json::parse(R"({"capabilities": ["main", {"identifier": "x", "windos": []}]})"));
  EXPECT_EQ(v.keyword, "additionalProperties");
  EXPECT_EQ(v.instance_pointer, "/capabilities/1");
  EXPECT_EQ(v.key, "windos");
  EXPECT_EQ(v.known_keys, (std::vector<std::string>{"identifier", "windows"}));
  EXPECT_EQ(v.schema_pointer, "/definitions/Capability/additionalProperties");

  v = only(schema, json::parse(R"({"capabilities": [""]})"));
  EXPECT_EQ(v.message, "expected a non-empty string");
  EXPECT_EQ(v.instance_pointer, "/capabilities/0");
}

TEST(SchemaValidator, AnyOfOfValuesMergesTheAllowedValues) {
  json schema = json::parse(R"({"definitions": {"Target": {"type": "string", "enum": ["deb", "rpm"]}},
      "anyOf": [{"const": "all"}, {"$ref": "#/definitions/Target"},
                {"type": "array", "items": {"$ref": "#/definitions/Target"}, "minItems": 1}]})");
  SchemaViolation v = only(schema, "debb");
  EXPECT_EQ(v.keyword, "anyOf");
  EXPECT_EQ(v.message, R"(expected one of "all", "deb", "rpm", found "debb")");
  v = only(schema, json::array({"deb", "debb"}));
  EXPECT_EQ(v.instance_pointer, "/1");
  EXPECT_EQ(v.message, R"(expected one of "deb", "rpm", found "debb")");
  EXPECT_EQ(only(schema, 3).message, "expected a string or an array, found a number");
}

TEST(SchemaValidator, AnyOfPicksTheBranchThatGotFurthest) {
  json schema = json::parse(R"({"anyOf": [
      {"type": "object", "required": ["kind", "url"]},
      {"type": "object", "properties": {"path": {"type": "object", "properties": {"depth": {"type": "integer"}}}}}]})");
  SchemaViolation v = only(schema, json::parse(R"({"path": {"depth": "x"}})"));
  EXPECT_EQ(v.instance_pointer, "/path/depth");
  EXPECT_EQ(v.message, "expected an integer, found a string");
}

TEST(SchemaValidator, OneOfMessages) {
  json schema = json::parse(R"({"oneOf": [{"type": "integer"}, {"minimum": 2}]})");
  EXPECT_EQ(message(schema, 3), "expected exactly one alternative of `oneOf` to match, but alternatives 0 and 1 both match");
  EXPECT_TRUE(valid(schema, 1));
  EXPECT_TRUE(valid(schema, 2.5));
  EXPECT_EQ(message(json::parse(R"({"oneOf": [{"type": "string"}, {"type": "boolean"}]})"), 1),
            "expected a string or a boolean, found a number");
}

TEST(SchemaValidator, IfThenElseReportsTheBranchTaken) {
  json schema = json::parse(R"({"if": {"properties": {"kind": {"const": "file"}}},
      "then": {"required": ["path"]}, "else": {"required": ["url"]}})");
  EXPECT_EQ(only(schema, json{{"kind", "file"}}).key, "path");
  EXPECT_EQ(only(schema, json{{"kind", "web"}}).key, "url");
  EXPECT_TRUE(valid(schema, json{{"kind", "file"}, {"path", "/"}}));
}

// ---------------------------------------------------------------- numbers

TEST(SchemaValidator, NumbersCompareByValue) {
  EXPECT_TRUE(valid(json{{"type", "integer"}}, 1.0));
  EXPECT_FALSE(valid(json{{"type", "integer"}}, 1.5));
  EXPECT_TRUE(valid(json{{"enum", json::array({1, 2})}}, 1.0));
  EXPECT_TRUE(valid(json{{"const", 1.0}}, 1));
  EXPECT_TRUE(valid(json{{"const", json{{"a", json::array({1})}}}}, json{{"a", json::array({1.0})}}));
  EXPECT_FALSE(valid(json{{"uniqueItems", true}}, json::array({1, 1.0})));
  EXPECT_TRUE(valid(json{{"uniqueItems", true}}, json::array({1, true, "1"})));
  EXPECT_TRUE(valid(json{{"maximum", 18446744073709551615ull}}, 18446744073709551600ull));
  EXPECT_FALSE(valid(json{{"maximum", -1}}, 0u));
  EXPECT_FALSE(valid(json{{"minimum", 9007199254740993ll}}, 9007199254740992.0));
  EXPECT_TRUE(valid(json{{"maximum", 9007199254740993ll}}, 9007199254740992.0));
  EXPECT_FALSE(valid(json{{"exclusiveMaximum", -1}}, -1.0));
  EXPECT_TRUE(valid(json{{"exclusiveMaximum", -1}}, -1.5));
  EXPECT_TRUE(valid(json{{"multipleOf", 0.01}}, 19.99));
  EXPECT_TRUE(valid(json{{"multipleOf", 0.0001}}, 0.0075));
  EXPECT_FALSE(valid(json{{"multipleOf", 0.0001}}, 0.00751));
  EXPECT_TRUE(valid(json{{"multipleOf", 3}}, -9));
  EXPECT_FALSE(valid(json{{"multipleOf", 0.123456789}}, 1e308));
}

TEST(SchemaValidator, LengthsCountCodePoints) {
  EXPECT_TRUE(valid(json{{"maxLength", 1}}, "\xC3\xA9"));         // é: 2 bytes
  EXPECT_TRUE(valid(json{{"maxLength", 1}}, "\xF0\x9F\x98\x80")); // 😀: 4 bytes, 2 UTF-16 units
  EXPECT_EQ(message(json{{"minLength", 2}}, "\xF0\x9F\x98\x80"), "expected at least 2 characters, found 1");
}

// ---------------------------------------------------------------- regular expressions

TEST(SchemaValidator, PatternsFollowEcmaScript) {
  EXPECT_TRUE(matches("a+", "xaay"));    // not anchored
  EXPECT_FALSE(matches("^a+$", "xaay"));
  EXPECT_FALSE(matches("^abc$", "abc\n")); // $ is the end of input, not of a line
  EXPECT_TRUE(matches("^.$", "\xF0\x9F\x98\x80"));
  EXPECT_TRUE(matches("^[\xC3\xA9]$", "\xC3\xA9"));
  EXPECT_TRUE(matches("^\\u00e9$", "\xC3\xA9"));
  EXPECT_TRUE(matches("^\\uD83D\\uDE00$", "\xF0\x9F\x98\x80"));
  EXPECT_TRUE(matches("^\\u{1F600}$", "\xF0\x9F\x98\x80"));
  EXPECT_FALSE(matches("^\\d$", "\xD9\xA3")); // ARABIC-INDIC DIGIT THREE: \d is ASCII only
  EXPECT_FALSE(matches("^\\w$", "\xC3\xA9"));
  EXPECT_TRUE(matches("^\\s$", "\xE3\x80\x80")); // IDEOGRAPHIC SPACE is white space
  EXPECT_FALSE(matches("^.$", "\n"));
  EXPECT_TRUE(matches("^[^a]$", "\n"));
  EXPECT_TRUE(matches("^(?:ab|cd){2,3}$", "abcdab"));
  EXPECT_FALSE(matches("^(?:ab|cd){2,3}$", "ab"));
  EXPECT_FALSE(matches("^(?:ab|cd){2,3}$", "abcdabcd"));
  EXPECT_TRUE(matches("^a{2,}$", "aaaa"));
  EXPECT_TRUE(matches("^a{,2}$", "a{,2}")); // not a quantifier: literal
  EXPECT_TRUE(matches("\\bfoo\\b", "a foo b"));
  EXPECT_FALSE(matches("\\bfoo\\b", "afoo"));
  EXPECT_TRUE(matches("^(?!www\\.)[a-z.]+$", "example.com"));
  EXPECT_FALSE(matches("^(?!www\\.)[a-z.]+$", "www.example.com"));
  EXPECT_TRUE(matches("(?<=\\$)\\d+", "cost: $42"));
  EXPECT_FALSE(matches("(?<!\\$)\\b\\d+", "$42"));
  EXPECT_TRUE(matches("^[\\w.-]+@[\\w-]+\\.[a-z]{2,}$", "joe.b-x@host-1.org"));
  EXPECT_TRUE(matches("^[^/\\\\:*?\"<>|]+$", "My App"));
  EXPECT_FALSE(matches("^[^/\\\\:*?\"<>|]+$", "a/b"));
  EXPECT_TRUE(matches("^\\-\\_$", "-_")); // identity escapes of punctuation
  EXPECT_TRUE(matches("^(?<year>\\d{4})-\\d\\d$", "2024-05"));
}

TEST(SchemaValidator, PatternMatchingIsLinear) {
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(matches("^(a*)*b$", std::string(20000, 'a')));
  EXPECT_FALSE(matches("^(a|aa)+$", std::string(20000, 'a') + "b"));
  EXPECT_TRUE(matches("(x+x+)+y", std::string(5000, 'x') + "y"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(SchemaValidator, InvalidPatternsFailToCompile) {
  auto e = compile_error(json{{"pattern", "^(abc"}});
  EXPECT_EQ(e.location().pointer, "/pattern");
  EXPECT_EQ(e.message(), "invalid regular expression `^(abc`: missing )");
  EXPECT_EQ(compile_error(json{{"pattern", "a)"}}).message(), "invalid regular expression `a)`: unmatched )");
  EXPECT_EQ(compile_error(json{{"pattern", "[a"}}).message(), "invalid regular expression `[a`: missing ]");
  EXPECT_EQ(compile_error(json{{"pattern", "*a"}}).message(), "invalid regular expression `*a`: nothing to repeat");
  EXPECT_EQ(compile_error(json{{"pattern", "a**"}}).message(), "invalid regular expression `a**`: nothing to repeat");
  EXPECT_EQ(compile_error(json{{"pattern", "[z-a]"}}).message(),
            "invalid regular expression `[z-a]`: range out of order in character class");
  EXPECT_EQ(compile_error(json{{"pattern", "\\Z"}}).message(), "invalid regular expression `\\Z`: invalid escape \\Z");
  EXPECT_EQ(compile_error(json{{"pattern", "a{3,1}"}}).message(),
            "invalid regular expression `a{3,1}`: numbers out of order in {} quantifier");
  auto patterns = compile_error(json::parse(R"({"patternProperties": {"(": {}}})"));
  EXPECT_EQ(patterns.location().pointer, "/patternProperties/(");
}

TEST(SchemaValidator, UnsupportedRegexFeaturesFailToCompileButAreValidRegexFormat) {
  auto e = compile_error(json{{"pattern", "(a)\\1"}});
  EXPECT_NE(e.message().find("backreferences"), std::string::npos) << e.message();
  EXPECT_NE(compile_error(json{{"pattern", "\\p{L}"}}).message().find("unicode property"), std::string::npos);
  EXPECT_NE(compile_error(json{{"pattern", "(?:a{1000}){1000}"}}).message().find("too large"), std::string::npos);
  json format = json{{"format", "regex"}};
  EXPECT_TRUE(valid(format, "(a)\\1"));
  EXPECT_TRUE(valid(format, "\\p{L}+"));
  EXPECT_FALSE(valid(format, "^(abc]"));
  EXPECT_FALSE(valid(format, "^\\S(|(.|\\n)*\\S)\\Z"));
}

// ---------------------------------------------------------------- $ref

TEST(SchemaValidator, LocalRefs) {
  json schema = json::parse(R"({"definitions": {"port": {"type": "integer", "maximum": 65535},
      "tilde~name": {"type": "string"}, "slash/name": {"type": "boolean"}, "percent%name": {"type": "null"}},
    "properties": {"port": {"$ref": "#/definitions/port"}, "a": {"$ref": "#/definitions/tilde~0name"},
      "b": {"$ref": "#/definitions/slash~1name"}, "c": {"$ref": "#/definitions/percent%25name"},
      "self": {"$ref": "#"}}})");
  SchemaViolation v = only(schema, json{{"port", 70000}});
  EXPECT_EQ(v.schema_pointer, "/definitions/port/maximum");
  EXPECT_EQ(v.message, "expected an integer <= 65535, found 70000");
  EXPECT_EQ(only(schema, json{{"a", 1}}).schema_pointer, "/definitions/tilde~0name/type");
  EXPECT_EQ(only(schema, json{{"b", 1}}).schema_pointer, "/definitions/slash~1name/type");
  EXPECT_EQ(only(schema, json{{"c", 1}}).schema_pointer, "/definitions/percent%name/type");
  EXPECT_EQ(only(schema, json{{"self", {{"self", {{"port", "x"}}}}}}).instance_pointer, "/self/self/port");
}

TEST(SchemaValidator, RefSiblingsAreIgnored) {
  json schema = json::parse(R"({"definitions": {"a": {"type": "array"}},
                                 "properties": {"x": {"$ref": "#/definitions/a", "maxItems": 1}}})");
  EXPECT_TRUE(valid(schema, json{{"x", json::array({1, 2, 3})}}));
}

TEST(SchemaValidator, IdBasedRefs) {
  json schema = json::parse(R"({"$id": "https://example.com/root.json",
    "definitions": {"item": {"$id": "item.json", "type": "string"},
                    "named": {"$id": "#named", "type": "number"},
                    "nested": {"$id": "https://other.example/dir/", "definitions": {"x": {"$id": "x.json", "type": "null"}}}},
    "properties": {"a": {"$ref": "item.json"}, "b": {"$ref": "#named"}, "c": {"$ref": "https://other.example/dir/x.json"},
                   "d": {"$ref": "https://example.com/item.json#"}}})");
  EXPECT_TRUE(valid(schema, json{{"a", "s"}, {"b", 1}, {"c", nullptr}, {"d", "s"}}));
  EXPECT_EQ(only(schema, json{{"a", 1}}).schema_pointer, "/definitions/item/type");
  EXPECT_EQ(only(schema, json{{"b", "s"}}).schema_pointer, "/definitions/named/type");
  EXPECT_EQ(only(schema, json{{"c", 1}}).schema_pointer, "/definitions/nested/definitions/x/type");
}

TEST(SchemaValidator, RefsIntoGivenDocuments) {
  SchemaOptions options;
  options.documents["https://example.com/common.json#"] = json::parse(R"({"definitions": {"id": {"type": "string"}}})");
  json schema = json::parse(R"({"properties": {"id": {"$ref": "https://example.com/common.json#/definitions/id"}}})");
  auto validator = compile(schema, options);
  EXPECT_TRUE(validator.is_valid(json{{"id", "x"}}));
  auto found = violations(validator, json{{"id", 1}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].schema_pointer, "https://example.com/common.json#/definitions/id/type");
}

TEST(SchemaValidator, UnresolvableRefsFailToCompile) {
  auto e = compile_error(json::parse(R"({"properties": {"a": {"$ref": "#/definitions/missing"}}})"));
  EXPECT_EQ(e.location().pointer, "/properties/a/$ref");
  EXPECT_EQ(e.message(), "cannot resolve `$ref` \"#/definitions/missing\": nothing is at that pointer");
  e = compile_error(json::parse(R"({"$ref": "https://example.com/schema.json"})"));
  EXPECT_NE(e.message().find("does not fetch remote schemas"), std::string::npos) << e.message();
  e = compile_error(json::parse(R"({"$ref": "#nowhere"})"));
  EXPECT_NE(e.message().find("no schema has the `$id` \"#nowhere\""), std::string::npos) << e.message();
  e = compile_error(json::parse(R"({"enum": [1], "properties": {"a": {"$ref": "#/enum/0"}}})"));
  EXPECT_EQ(e.message(), "`$ref` \"#/enum/0\" points to a number, not a schema");
}

TEST(SchemaValidator, RefLoopsThatNeverDescendFailToCompile) {
  auto e = compile_error(json::parse(R"({"$ref": "#"})"));
  EXPECT_NE(e.message().find("validation would never end"), std::string::npos) << e.message();
  compile_error(json::parse(R"({"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"allOf": [{"$ref": "#/definitions/a"}]}},
                                "$ref": "#/definitions/a"})"));
  // Recursion through a property or an item is fine: the value shrinks.
  auto tree = compile(json::parse(R"({"properties": {"children": {"items": {"$ref": "#"}}, "name": {"type": "string"}}})"));
  EXPECT_FALSE(tree.is_valid(json::parse(R"({"children": [{"children": [{"name": 1}]}]})")));
}

TEST(SchemaValidator, DeepValuesUnderRecursiveSchemasDoNotOverflowTheStack) {
  auto validator = compile(json::parse(R"({"items": {"$ref": "#"}})"));
  json deep = json::array();
  for (int i = 0; i < 5000; ++i) deep = json::array({std::move(deep)});
  auto found = validator.validate(deep);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message, "value is nested too deeply to validate");
  EXPECT_FALSE(validator.is_valid(deep));
}

// ---------------------------------------------------------------- malformed schemas

TEST(SchemaValidator, MalformedSchemasAreLocated) {
  auto e = compile_error(json::parse(R"({"properties": {"a": {"type": "strng"}}})"));
  EXPECT_EQ(e.location().pointer, "/properties/a/type");
  EXPECT_EQ(e.message(), "`type` must name a JSON type (null, boolean, object, array, number, string or integer), found \"strng\"");
  e = compile_error(json::parse(R"({"properties": {"a": 5}})"));
  EXPECT_EQ(e.location().pointer, "/properties/a");
  EXPECT_EQ(e.message(), "expected a schema (an object or a boolean), found a number");
  e = compile_error(json::parse(R"({"items": [{"minLength": -1}]})"));
  EXPECT_EQ(e.location().pointer, "/items/0/minLength");
  EXPECT_EQ(e.message(), "`minLength` must be a non-negative integer, found -1");
  EXPECT_EQ(compile_error(json::parse(R"({"required": "a"})")).message(), "`required` must be an array of strings, found a string");
  EXPECT_EQ(compile_error(json::parse(R"({"anyOf": []})")).message(),
            "`anyOf` must be a non-empty array of schemas, found an empty array");
  EXPECT_EQ(compile_error(json::parse(R"({"multipleOf": 0})")).message(), "`multipleOf` must be greater than 0, found 0");
  EXPECT_EQ(compile_error(json::parse(R"({"exclusiveMinimum": true})")).message(),
            "`exclusiveMinimum` must be a number, found a boolean (the boolean form is draft-04; draft-07 takes the "
            "limit itself)");
  EXPECT_EQ(compile_error(json::parse(R"({"$ref": 1})")).message(), "`$ref` must be a string, found a number");
  EXPECT_EQ(compile_error(json::parse(R"({"dependencies": {"a": [1]}})")).location().pointer, "/dependencies/a");
  EXPECT_EQ(compile_error(json("schema")).message(), "expected a schema (an object or a boolean), found a string");
}

TEST(SchemaValidator, UnknownKeywordsAndFormatsAreIgnored) {
  EXPECT_TRUE(valid(json::parse(R"({"x-weft": {"type": 5}, "format": "color", "contentEncoding": "base64"})"), "%"));
  EXPECT_TRUE(valid(json::parse(R"({"minimum": 5})"), "not a number"));
}

// ---------------------------------------------------------------- formats

TEST(SchemaValidator, Formats) {
  auto check = [](const char* format, const char* text) { return valid(json{{"format", format}}, text); };
  EXPECT_TRUE(check("uri", "https://example.com:8443/a/b?c=d#e"));
  EXPECT_TRUE(check("uri", "urn:isbn:0451450523"));
  EXPECT_FALSE(check("uri", "/relative/path"));
  EXPECT_FALSE(check("uri", "http://exa mple.com"));
  EXPECT_FALSE(check("uri", "http://host:port/"));
  EXPECT_TRUE(check("uri-reference", "../a?b"));
  EXPECT_FALSE(check("uri-reference", "a:b:c d"));
  EXPECT_TRUE(check("email", "joe@example.com"));
  EXPECT_TRUE(check("email", "\"joe bloggs\"@[127.0.0.1]"));
  EXPECT_FALSE(check("email", "joe..bloggs@example.com"));
  EXPECT_FALSE(check("email", "joe@"));
  EXPECT_TRUE(check("hostname", "a-b.example"));
  EXPECT_FALSE(check("hostname", "a_b.example"));
  EXPECT_FALSE(check("hostname", "a..b"));
  EXPECT_FALSE(check("hostname", std::string(64, 'a').c_str()));
  EXPECT_TRUE(check("ipv4", "0.0.0.0"));
  EXPECT_FALSE(check("ipv4", "01.2.3.4"));
  EXPECT_TRUE(check("ipv6", "::ffff:192.0.2.1"));
  EXPECT_TRUE(check("ipv6", "2001:db8::"));
  EXPECT_FALSE(check("ipv6", "1::2::3"));
  EXPECT_FALSE(check("ipv6", "1:2:3:4:5:6:7"));
  EXPECT_TRUE(check("date-time", "2016-02-29T23:59:60Z")); // leap year, leap second
  EXPECT_TRUE(check("date-time", "2016-12-31T15:59:60.5-08:00"));
  EXPECT_FALSE(check("date-time", "2017-02-29T00:00:00Z"));
  EXPECT_FALSE(check("date-time", "2016-12-31T12:59:60Z"));
  EXPECT_TRUE(check("time", "08:30:06+05:30"));
  EXPECT_FALSE(check("time", "08:30:06"));
  EXPECT_TRUE(check("json-pointer", "/a~0b/~1"));
  EXPECT_FALSE(check("json-pointer", "/a~"));
  EXPECT_TRUE(check("relative-json-pointer", "10/a"));
  EXPECT_FALSE(check("relative-json-pointer", "01/a"));
  EXPECT_TRUE(valid(json{{"format", "ipv4"}}, 5)); // formats apply to strings only
}

// ---------------------------------------------------------------- the real schema

TEST(SchemaValidator, TheManifestSchemaCompiles) {
  std::ifstream in(std::string(WEFT_SOURCE_DIR) + "/config-schema/weft.conf.schema.json");
  ASSERT_TRUE(in);
  std::stringstream text;
  text << in.rdbuf();
  auto validator = SchemaValidator::compile(json::parse(text.str()));
  ASSERT_TRUE(validator) << validator.error().headline();
  auto found = validator->validate(json{{"identifier", "com.example.app"}, {"unknownKey", 1}});
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front().keyword, "additionalProperties");
  EXPECT_EQ(found.front().key, "unknownKey");
  EXPECT_FALSE(found.front().known_keys.empty());
}

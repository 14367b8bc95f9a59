#pragma once

#include <weft/base/error.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace weft::config {

// One way an instance fails its schema.
struct SchemaViolation {
  std::string instance_pointer; // where in the instance, "" = root
  std::string schema_pointer;   // the failing keyword in the schema, e.g. "/properties/app/type"
  std::string keyword;          // "type", "required", "additionalProperties", ...
  std::string message;          // "expected a string, found a number"
  // For additionalProperties: the offending key and the keys the schema knows
  // at that place (for "did you mean"). For required and dependencies: the
  // missing key (instance_pointer is then the object that lacks it). For a
  // propertyNames failure: the rejected key (instance_pointer is its member).
  std::string key;
  std::vector<std::string> known_keys;
};

struct SchemaOptions {
  // Schemas that `$ref` may name by absolute URI besides the one compiled,
  // keyed by URI (a trailing "#" is ignored), e.g. the draft-07 meta-schema
  // under "http://json-schema.org/draft-07/schema". weft never fetches a URI:
  // a `$ref` to any other document fails to compile.
  std::map<std::string, nlohmann::json> documents;
};

// A compiled JSON Schema (draft-07): type, enum, const, properties, required,
// additionalProperties, patternProperties, propertyNames, dependencies, items,
// additionalItems, contains, min/maxItems, uniqueItems, min/maxProperties,
// minimum/maximum/exclusive*, multipleOf, min/maxLength (in code points),
// pattern (ECMA-262, see schema_validator_regex.hpp), anyOf/oneOf/allOf/not,
// if/then/else, definitions, boolean schemas, `$ref` (JSON pointers with
// ~0 ~1 and %-escapes, `$id` base URIs and plain-name fragments, documents
// from SchemaOptions; siblings of `$ref` are ignored) and format (uri,
// uri-reference, email, hostname, ipv4, ipv6, date-time, date, time, regex,
// json-pointer, relative-json-pointer). Unknown keywords and formats are
// ignored, as the spec says; so are the annotations contentMediaType and
// contentEncoding. Numbers compare by value: 1.0 equals 1 and is an integer.
class SchemaValidator {
public:
  // Fails with a message located at the schema's JSON pointer if the schema
  // itself is malformed (bad regex, dangling `$ref`, wrong keyword type) or
  // could never finish (a `$ref` cycle that does not descend into the value).
  static Result<SchemaValidator> compile(const nlohmann::json& schema, const SchemaOptions& options = {});

  SchemaValidator(SchemaValidator&&) noexcept;
  SchemaValidator& operator=(SchemaValidator&&) noexcept;
  ~SchemaValidator();

  bool is_valid(const nlohmann::json& instance) const;
  // Every violation, deepest and most specific first within each subtree;
  // for anyOf/oneOf, the violations of the branch that got furthest.
  std::vector<SchemaViolation> validate(const nlohmann::json& instance) const;

  struct Impl;

private:
  explicit SchemaValidator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace weft::config

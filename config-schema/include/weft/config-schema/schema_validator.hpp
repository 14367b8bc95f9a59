#pragma once

#include <weft/base/error.hpp>

#include <nlohmann/json.hpp>

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
  // at that place (for "did you mean"). For required: the missing key.
  std::string key;
  std::vector<std::string> known_keys;
};

// A compiled JSON Schema (draft-07): type, enum, const, properties, required,
// additionalProperties, patternProperties, propertyNames, dependencies, items,
// additionalItems, contains, min/maxItems, uniqueItems, min/maxProperties,
// minimum/maximum/exclusive*, multipleOf, min/maxLength, pattern,
// anyOf/oneOf/allOf/not, if/then/else, definitions, local $ref ("#...") and
// format (uri, uri-reference, email, hostname, ipv4, ipv6, date-time, date,
// time, regex, json-pointer). Unknown keywords are ignored, as the spec says.
class SchemaValidator {
public:
  // Fails with a located message if the schema itself is malformed (bad
  // regex, dangling $ref, wrong keyword type).
  static Result<SchemaValidator> compile(const nlohmann::json& schema);

  SchemaValidator(SchemaValidator&&) noexcept;
  SchemaValidator& operator=(SchemaValidator&&) noexcept;
  ~SchemaValidator();

  bool is_valid(const nlohmann::json& instance) const;
  // Every violation, deepest and most specific first within each subtree;
  // for anyOf/oneOf, the violations of the branch that got furthest.
  std::vector<SchemaViolation> validate(const nlohmann::json& instance) const;

private:
  struct Impl;
  explicit SchemaValidator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace weft::config

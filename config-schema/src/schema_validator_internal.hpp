#pragma once

// Shared by the schema validator's compile step, its evaluator and its
// format checks. Not a public header.

#include "schema_validator_regex.hpp"

#include <weft/config-schema/schema_validator.hpp>

#include <nlohmann/json.hpp>

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace weft::config::detail {

using json = nlohmann::json;

// JSON types as bits; `integer` is a refinement of `number`.
using TypeMask = unsigned;
inline constexpr TypeMask k_type_null = 1u << 0;
inline constexpr TypeMask k_type_boolean = 1u << 1;
inline constexpr TypeMask k_type_object = 1u << 2;
inline constexpr TypeMask k_type_array = 1u << 3;
inline constexpr TypeMask k_type_number = 1u << 4;
inline constexpr TypeMask k_type_string = 1u << 5;
inline constexpr TypeMask k_type_integer = 1u << 6;

// The bit of a value's JSON type (integral numbers are numbers and integers).
TypeMask type_of(const json& value);
bool mask_accepts(TypeMask mask, const json& value);
// "a string", "a string or an object", "a string, an object or null".
std::string type_phrase(TypeMask mask);
// "a string", "an object", "null", "a number" — what a value is.
std::string value_kind(const json& value);
// A short rendering of a value for messages: "\"debb\"", "3", "an object".
std::string value_text(const json& value);

bool is_integral(const json& number);
// Compares two JSON numbers exactly across int64/uint64/double: -1, 0, 1.
int compare_numbers(const json& a, const json& b);
bool is_multiple_of(const json& value, const json& divisor);
// Equality as JSON Schema means it: numbers by value (1.0 == 1).
bool json_equal(const json& a, const json& b);

// ---------------------------------------------------------------- formats

enum class Format {
  none, // not checked: unknown or not supported
  uri,
  uri_reference,
  email,
  hostname,
  ipv4,
  ipv6,
  date_time,
  date,
  time,
  regex,
  json_pointer,
  relative_json_pointer,
};

Format format_from_name(std::string_view name);
// What the message says was expected, e.g. "a URI" or "an IPv4 address".
std::string_view format_description(Format format);
bool check_format(Format format, std::string_view text);

// ---------------------------------------------------------------- URIs and JSON pointers

// RFC 3986 section 5.2: `ref` resolved against `base` (a relative base, such
// as the "" of a schema without `$id`, is merged textually).
std::string resolve_uri(std::string_view base, std::string_view ref);
// (the URI without its fragment, the fragment without "#")
std::pair<std::string, std::string> split_fragment(std::string_view uri);
bool has_scheme(std::string_view uri);
std::string percent_decode(std::string_view text);
// The value at a JSON pointer (RFC 6901), or nullptr.
const json* find_pointer(const json& root, std::string_view pointer);

// ---------------------------------------------------------------- compiled schema

constexpr int k_no_node = -1;

struct PatternSchema {
  Regex regex;
  std::string source;
  int node = k_no_node;
};

struct Dependency {
  std::string key;
  std::vector<std::string> required; // array form
  int node = k_no_node;              // schema form
};

// One schema, with every subschema replaced by its index in Impl::nodes.
struct Node {
  std::string location;         // JSON pointer of the schema ("" = root; other documents: "uri#pointer")
  std::optional<bool> boolean;  // true/false schemas
  int ref = k_no_node;          // when set, every other keyword is ignored
  TypeMask types = 0;           // 0 = no `type`
  std::optional<json> const_value;
  std::optional<json> enum_values; // an array

  std::map<std::string, int> properties;
  std::vector<std::string> required;
  std::vector<PatternSchema> pattern_properties;
  int additional_properties = k_no_node;
  int property_names = k_no_node;
  std::vector<Dependency> dependencies;
  std::optional<size_t> min_properties;
  std::optional<size_t> max_properties;

  int items = k_no_node;        // schema form
  std::vector<int> tuple_items; // array form
  bool has_tuple_items = false;
  int additional_items = k_no_node;
  int contains = k_no_node;
  std::optional<size_t> min_items;
  std::optional<size_t> max_items;
  bool unique_items = false;

  std::optional<json> minimum;
  std::optional<json> maximum;
  std::optional<json> exclusive_minimum;
  std::optional<json> exclusive_maximum;
  std::optional<json> multiple_of;

  std::optional<size_t> min_length;
  std::optional<size_t> max_length;
  std::optional<Regex> pattern;
  std::string pattern_source;
  Format format = Format::none;
  std::string format_name;

  std::vector<int> all_of;
  std::vector<int> any_of;
  std::vector<int> one_of;
  int not_schema = k_no_node;
  int if_schema = k_no_node;
  int then_schema = k_no_node;
  int else_schema = k_no_node;
};

} // namespace weft::config::detail

namespace weft::config {

struct SchemaValidator::Impl {
  std::deque<detail::Node> nodes; // a deque: compiling appends while holding references
  int root = detail::k_no_node;
};

namespace detail {
// The compile step (schema_validator_compile.cpp).
Result<std::unique_ptr<SchemaValidator::Impl>> compile_schema(const json& schema, const SchemaOptions& options);
} // namespace detail

} // namespace weft::config

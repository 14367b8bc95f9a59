// The compile step of the schema validator: walks the schema once, checks
// every keyword's shape, compiles regexes, resolves `$ref` (JSON pointers,
// `$id` base URIs, plain-name fragments, documents from SchemaOptions) into
// node indices, and rejects `$ref` cycles that would never finish.
#include "schema_validator_internal.hpp"

#include <weft/config-schema/json_source.hpp>

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <utility>

namespace weft::config::detail {

namespace {

constexpr int k_max_schema_depth = 200;

// Keywords whose value is one schema, an array of schemas, or an object of
// schemas: what the walkers descend into.
constexpr std::array<std::string_view, 9> k_schema_keywords = {
    "additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if", "then", "else", "items"};
constexpr std::array<std::string_view, 3> k_schema_array_keywords = {"allOf", "anyOf", "oneOf"};
constexpr std::array<std::string_view, 4> k_schema_map_keywords = {"properties", "patternProperties", "definitions",
                                                                    "dependencies"};

struct Loc {
  size_t doc = 0;
  std::string pointer;
  bool operator<(const Loc& other) const { return std::tie(doc, pointer) < std::tie(other.doc, other.pointer); }
};

class Compiler {
public:
  explicit Compiler(std::unique_ptr<SchemaValidator::Impl>& impl) : m_impl(*impl) {}

  Result<void> run(const json& schema, const SchemaOptions& options) {
    m_documents.push_back({"", &schema});
    m_resources.emplace("", Loc{0, ""});
    WEFT_TRY(scan(Loc{0, ""}, schema, "", 0));
    for (const auto& [key, document] : options.documents) {
      std::string uri = split_fragment(key).first;
      size_t doc = m_documents.size();
      m_documents.push_back({uri, &document});
      m_resources.emplace(uri, Loc{doc, ""});
      WEFT_TRY(scan(Loc{doc, ""}, document, uri, 0));
    }
    WEFT_TRY_ASSIGN(m_impl.root, compile_node(Loc{0, ""}, 0));
    while (!m_pending.empty()) {
      PendingRef ref = std::move(m_pending.front());
      m_pending.pop_front();
      WEFT_TRY_ASSIGN(int target, resolve_ref(ref));
      m_impl.nodes[static_cast<size_t>(ref.node)].ref = target;
    }
    return check_cycles();
  }

private:
  struct Document {
    std::string uri;
    const json* value;
  };
  struct PendingRef {
    int node;
    Loc at; // of the `$ref` value
    std::string base;
    std::string text;
  };

  std::string display(const Loc& at) const {
    if (at.doc == 0) return at.pointer;
    return m_documents[at.doc].uri + "#" + at.pointer;
  }

  Error error_at(const Loc& at, std::string message) const {
    Location where;
    where.pointer = at.doc == 0 ? at.pointer : "";
    if (at.doc != 0) message = fmt::format("in {}: {}", display(at), message);
    return Error::at(std::move(where), std::move(message));
  }

  static Loc child(const Loc& at, std::string_view token) {
    return Loc{at.doc, at.pointer + "/" + pointer_token(token)};
  }
  static Loc child(const Loc& at, size_t index) { return Loc{at.doc, at.pointer + "/" + std::to_string(index)}; }

  // The base URI in effect at `at`: recorded by scan, else the nearest
  // scanned ancestor's.
  std::string base_at(const Loc& at) const {
    std::string pointer = at.pointer;
    while (true) {
      if (auto it = m_bases.find(Loc{at.doc, pointer}); it != m_bases.end()) return it->second;
      if (pointer.empty()) return m_documents[at.doc].uri;
      pointer.erase(pointer.rfind('/'));
    }
  }

  // Records base URIs and `$id`s of every schema below `at`.
  Result<void> scan(const Loc& at, const json& value, std::string base, int depth) {
    if (depth > k_max_schema_depth) return fail(error_at(at, "schema is nested too deeply"));
    if (!value.is_object()) return {};
    auto id = value.find("$id");
    if (id != value.end() && id->is_string() && !value.contains("$ref")) {
      std::string resolved = resolve_uri(base, id->get<std::string>());
      auto [uri, fragment] = split_fragment(resolved);
      if (!fragment.empty() && !fragment.starts_with('/')) m_anchors.emplace(uri + "#" + fragment, at);
      if (!id->get<std::string>().starts_with('#')) m_resources.emplace(uri, at);
      base = uri;
    }
    m_bases.emplace(at, base);
    for (std::string_view keyword : k_schema_keywords) {
      auto it = value.find(keyword);
      if (it == value.end()) continue;
      if (it->is_array() && keyword == "items") {
        for (size_t i = 0; i < it->size(); ++i)
          WEFT_TRY(scan(child(child(at, keyword), i), (*it)[i], base, depth + 1));
      } else {
        WEFT_TRY(scan(child(at, keyword), *it, base, depth + 1));
      }
    }
    for (std::string_view keyword : k_schema_array_keywords) {
      auto it = value.find(keyword);
      if (it == value.end() || !it->is_array()) continue;
      for (size_t i = 0; i < it->size(); ++i) WEFT_TRY(scan(child(child(at, keyword), i), (*it)[i], base, depth + 1));
    }
    for (std::string_view keyword : k_schema_map_keywords) {
      auto it = value.find(keyword);
      if (it == value.end() || !it->is_object()) continue;
      for (const auto& [key, sub] : it->items()) WEFT_TRY(scan(child(child(at, keyword), key), sub, base, depth + 1));
    }
    return {};
  }

  Result<size_t> non_negative(const Loc& at, std::string_view keyword, const json& v) const {
    if (v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0))
      return static_cast<size_t>(v.get<std::uint64_t>());
    if (v.is_number_float() && v.get<double>() >= 0 && std::floor(v.get<double>()) == v.get<double>() &&
        v.get<double>() < 1e18)
      return static_cast<size_t>(v.get<double>());
    return fail(error_at(child(at, keyword), fmt::format("`{}` must be a non-negative integer, found {}", keyword,
                                                         value_text(v))));
  }

  Result<std::vector<std::string>> string_array(const Loc& at, std::string_view what, const json& v) const {
    if (!v.is_array())
      return fail(error_at(at, fmt::format("`{}` must be an array of strings, found {}", what, value_kind(v))));
    std::vector<std::string> out;
    for (const json& item : v) {
      if (!item.is_string())
        return fail(error_at(at, fmt::format("`{}` must be an array of strings, found {} in it", what,
                                             value_text(item))));
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  Result<Regex> regex(const Loc& at, const std::string& source) const {
    auto compiled = Regex::compile(source);
    if (!compiled)
      return fail(error_at(at, fmt::format("invalid regular expression `{}`: {}", source, compiled.error())));
    return std::move(*compiled);
  }

  Result<std::vector<int>> schema_array(const Loc& at, std::string_view keyword, const json& v, int depth) {
    if (!v.is_array() || v.empty())
      return fail(error_at(at, fmt::format("`{}` must be a non-empty array of schemas, found {}", keyword,
                                           v.is_array() ? "an empty array" : value_kind(v))));
    std::vector<int> out;
    for (size_t i = 0; i < v.size(); ++i) {
      WEFT_TRY_ASSIGN(int node, compile_node(child(at, i), depth + 1));
      out.push_back(node);
    }
    return out;
  }

  Result<int> compile_node(const Loc& at, int depth) {
    if (auto it = m_compiled.find(at); it != m_compiled.end()) return it->second;
    if (depth > k_max_schema_depth) return fail(error_at(at, "schema is nested too deeply"));
    const json* found = find_pointer(*m_documents[at.doc].value, at.pointer);
    if (!found) return fail(error_at(at, "no schema here"));
    const json& value = *found;
    if (!m_bases.contains(at)) WEFT_TRY(scan(at, value, base_at(at), 0));

    int index = static_cast<int>(m_impl.nodes.size());
    m_compiled.emplace(at, index);
    Node& node = m_impl.nodes.emplace_back();
    node.location = display(at);
    if (value.is_boolean()) {
      node.boolean = value.get<bool>();
      return index;
    }
    if (!value.is_object())
      return fail(error_at(at, fmt::format("expected a schema (an object or a boolean), found {}", value_kind(value))));

    if (auto ref = value.find("$ref"); ref != value.end()) {
      if (!ref->is_string()) return fail(error_at(child(at, "$ref"), fmt::format("`$ref` must be a string, found {}", value_kind(*ref))));
      // Draft-07: every keyword beside `$ref` is ignored.
      m_pending.push_back({index, child(at, "$ref"), base_at(at), ref->get<std::string>()});
      return index;
    }
    if (auto id = value.find("$id"); id != value.end() && !id->is_string())
      return fail(error_at(child(at, "$id"), fmt::format("`$id` must be a string, found {}", value_kind(*id))));

    for (const auto& [keyword, v] : value.items()) WEFT_TRY(compile_keyword(node, at, keyword, v, depth));
    return index;
  }

  Result<void> compile_keyword(Node& node, const Loc& at, const std::string& keyword, const json& v, int depth) {
    Loc here = child(at, keyword);
    auto sub = [&](const Loc& where) { return compile_node(where, depth + 1); };
    if (keyword == "type") {
      WEFT_TRY_ASSIGN(node.types, type_mask(here, v));
    } else if (keyword == "enum") {
      if (!v.is_array()) return fail(error_at(here, fmt::format("`enum` must be an array, found {}", value_kind(v))));
      node.enum_values = v;
    } else if (keyword == "const") {
      node.const_value = v;
    } else if (keyword == "properties" || keyword == "patternProperties" || keyword == "definitions" ||
               keyword == "dependencies") {
      if (!v.is_object())
        return fail(error_at(here, fmt::format("`{}` must be an object, found {}", keyword, value_kind(v))));
      for (const auto& [key, member] : v.items()) {
        Loc member_at = child(here, key);
        if (keyword == "properties") {
          WEFT_TRY_ASSIGN(node.properties[key], sub(member_at));
        } else if (keyword == "patternProperties") {
          WEFT_TRY_ASSIGN(Regex compiled, regex(member_at, key));
          WEFT_TRY_ASSIGN(int target, sub(member_at));
          node.pattern_properties.push_back({std::move(compiled), key, target});
        } else if (keyword == "definitions") {
          WEFT_TRY(sub(member_at));
        } else if (member.is_array()) {
          WEFT_TRY_ASSIGN(auto keys, string_array(member_at, "dependencies/" + key, member));
          node.dependencies.push_back({key, std::move(keys), k_no_node});
        } else {
          WEFT_TRY_ASSIGN(int target, sub(member_at));
          node.dependencies.push_back({key, {}, target});
        }
      }
    } else if (keyword == "required") {
      WEFT_TRY_ASSIGN(node.required, string_array(here, keyword, v));
    } else if (keyword == "additionalProperties") {
      WEFT_TRY_ASSIGN(node.additional_properties, sub(here));
    } else if (keyword == "propertyNames") {
      WEFT_TRY_ASSIGN(node.property_names, sub(here));
    } else if (keyword == "minProperties") {
      WEFT_TRY_ASSIGN(node.min_properties, non_negative(at, keyword, v));
    } else if (keyword == "maxProperties") {
      WEFT_TRY_ASSIGN(node.max_properties, non_negative(at, keyword, v));
    } else if (keyword == "items") {
      if (v.is_array()) {
        node.has_tuple_items = true;
        for (size_t i = 0; i < v.size(); ++i) {
          WEFT_TRY_ASSIGN(int target, sub(child(here, i)));
          node.tuple_items.push_back(target);
        }
      } else {
        WEFT_TRY_ASSIGN(node.items, sub(here));
      }
    } else if (keyword == "additionalItems") {
      WEFT_TRY_ASSIGN(node.additional_items, sub(here));
    } else if (keyword == "contains") {
      WEFT_TRY_ASSIGN(node.contains, sub(here));
    } else if (keyword == "minItems") {
      WEFT_TRY_ASSIGN(node.min_items, non_negative(at, keyword, v));
    } else if (keyword == "maxItems") {
      WEFT_TRY_ASSIGN(node.max_items, non_negative(at, keyword, v));
    } else if (keyword == "uniqueItems") {
      if (!v.is_boolean())
        return fail(error_at(here, fmt::format("`uniqueItems` must be a boolean, found {}", value_kind(v))));
      node.unique_items = v.get<bool>();
    } else if (keyword == "minimum" || keyword == "maximum" || keyword == "exclusiveMinimum" ||
               keyword == "exclusiveMaximum" || keyword == "multipleOf") {
      if (!v.is_number()) {
        std::string message = fmt::format("`{}` must be a number, found {}", keyword, value_kind(v));
        if (v.is_boolean() && keyword.starts_with("exclusive"))
          message += " (the boolean form is draft-04; draft-07 takes the limit itself)";
        return fail(error_at(here, message));
      }
      if (keyword == "multipleOf" && compare_numbers(v, json(0)) <= 0)
        return fail(error_at(here, fmt::format("`multipleOf` must be greater than 0, found {}", value_text(v))));
      std::optional<json>& slot = keyword == "minimum"            ? node.minimum
                                  : keyword == "maximum"          ? node.maximum
                                  : keyword == "exclusiveMinimum" ? node.exclusive_minimum
                                  : keyword == "exclusiveMaximum" ? node.exclusive_maximum
                                                                  : node.multiple_of;
      slot = v;
    } else if (keyword == "minLength") {
      WEFT_TRY_ASSIGN(node.min_length, non_negative(at, keyword, v));
    } else if (keyword == "maxLength") {
      WEFT_TRY_ASSIGN(node.max_length, non_negative(at, keyword, v));
    } else if (keyword == "pattern") {
      if (!v.is_string()) return fail(error_at(here, fmt::format("`pattern` must be a string, found {}", value_kind(v))));
      WEFT_TRY_ASSIGN(node.pattern, regex(here, v.get<std::string>()));
      node.pattern_source = v.get<std::string>();
    } else if (keyword == "format") {
      if (!v.is_string()) return fail(error_at(here, fmt::format("`format` must be a string, found {}", value_kind(v))));
      node.format_name = v.get<std::string>();
      node.format = format_from_name(node.format_name);
    } else if (keyword == "allOf") {
      WEFT_TRY_ASSIGN(node.all_of, schema_array(here, keyword, v, depth));
    } else if (keyword == "anyOf") {
      WEFT_TRY_ASSIGN(node.any_of, schema_array(here, keyword, v, depth));
    } else if (keyword == "oneOf") {
      WEFT_TRY_ASSIGN(node.one_of, schema_array(here, keyword, v, depth));
    } else if (keyword == "not") {
      WEFT_TRY_ASSIGN(node.not_schema, sub(here));
    } else if (keyword == "if") {
      WEFT_TRY_ASSIGN(node.if_schema, sub(here));
    } else if (keyword == "then") {
      WEFT_TRY_ASSIGN(node.then_schema, sub(here));
    } else if (keyword == "else") {
      WEFT_TRY_ASSIGN(node.else_schema, sub(here));
    }
    return {};
  }

  Result<TypeMask> type_mask(const Loc& at, const json& v) const {
    static constexpr std::pair<std::string_view, TypeMask> k_types[] = {
        {"null", k_type_null},     {"boolean", k_type_boolean}, {"object", k_type_object}, {"array", k_type_array},
        {"number", k_type_number}, {"string", k_type_string},   {"integer", k_type_integer}};
    auto one = [&](const json& name) -> Result<TypeMask> {
      if (name.is_string())
        for (const auto& [type_name, bit] : k_types)
          if (name.get<std::string>() == type_name) return bit;
      return fail(error_at(at, fmt::format("`type` must name a JSON type (null, boolean, object, array, number, "
                                           "string or integer), found {}",
                                           value_text(name))));
    };
    if (!v.is_array()) return one(v);
    if (v.empty()) return fail(error_at(at, "`type` must not be an empty array"));
    TypeMask mask = 0;
    for (const json& name : v) {
      WEFT_TRY_ASSIGN(TypeMask bit, one(name));
      mask |= bit;
    }
    return mask;
  }

  Result<int> resolve_ref(const PendingRef& ref) {
    std::string resolved = resolve_uri(ref.base, ref.text);
    auto [uri, raw_fragment] = split_fragment(resolved);
    std::string fragment = percent_decode(raw_fragment);
    Loc target;
    if (fragment.empty() || fragment.starts_with('/')) {
      auto resource = m_resources.find(uri);
      if (resource == m_resources.end()) {
        if (!has_scheme(uri) && !uri.empty())
          return fail(error_at(ref.at, fmt::format("cannot resolve `$ref` \"{}\": no schema has the `$id` \"{}\"",
                                                   ref.text, uri)));
        return fail(error_at(ref.at, fmt::format("cannot resolve `$ref` \"{}\": weft does not fetch remote schemas "
                                                 "and none was given for \"{}\"",
                                                 ref.text, uri)));
      }
      target = Loc{resource->second.doc, resource->second.pointer + fragment};
    } else {
      auto anchor = m_anchors.find(uri + "#" + fragment);
      if (anchor == m_anchors.end())
        return fail(error_at(ref.at, fmt::format("cannot resolve `$ref` \"{}\": no schema has the `$id` \"#{}\"",
                                                 ref.text, fragment)));
      target = anchor->second;
    }
    const json* value = find_pointer(*m_documents[target.doc].value, target.pointer);
    if (!value)
      return fail(error_at(ref.at, fmt::format("cannot resolve `$ref` \"{}\": nothing is at that pointer", ref.text)));
    if (!value->is_object() && !value->is_boolean())
      return fail(error_at(ref.at, fmt::format("`$ref` \"{}\" points to {}, not a schema", ref.text,
                                               value_kind(*value))));
    return compile_node(target, 0);
  }

  // Subschemas applied to the same value as their parent (no descent).
  static std::vector<int> in_place(const Node& node) {
    std::vector<int> out;
    auto add = [&](int n) {
      if (n != k_no_node) out.push_back(n);
    };
    add(node.ref);
    for (int n : node.all_of) add(n);
    for (int n : node.any_of) add(n);
    for (int n : node.one_of) add(n);
    add(node.not_schema);
    add(node.if_schema);
    add(node.then_schema);
    add(node.else_schema);
    for (const Dependency& d : node.dependencies) add(d.node);
    return out;
  }

  // A cycle of in-place subschemas (`{"$ref": "#"}` at the root, or two
  // definitions referring to each other) would recurse forever on any value.
  Result<void> check_cycles() const {
    enum class Mark : std::uint8_t { none, open, done };
    std::vector<Mark> marks(m_impl.nodes.size(), Mark::none);
    for (size_t start = 0; start < m_impl.nodes.size(); ++start) {
      if (marks[start] != Mark::none) continue;
      std::vector<std::pair<int, size_t>> stack{{static_cast<int>(start), 0}};
      marks[start] = Mark::open;
      while (!stack.empty()) {
        auto& [node, next] = stack.back();
        std::vector<int> edges = in_place(m_impl.nodes[static_cast<size_t>(node)]);
        if (next >= edges.size()) {
          marks[static_cast<size_t>(node)] = Mark::done;
          stack.pop_back();
          continue;
        }
        int to = edges[next++];
        if (marks[static_cast<size_t>(to)] == Mark::open) {
          const Node& n = m_impl.nodes[static_cast<size_t>(node)];
          Location where;
          where.pointer = n.location;
          return fail(Error::at(where, fmt::format("schema loops back to `{}` without descending into the value, "
                                                   "so validation would never end",
                                                   m_impl.nodes[static_cast<size_t>(to)].location.empty()
                                                       ? "#"
                                                       : m_impl.nodes[static_cast<size_t>(to)].location)));
        }
        if (marks[static_cast<size_t>(to)] == Mark::none) {
          marks[static_cast<size_t>(to)] = Mark::open;
          stack.emplace_back(to, 0);
        }
      }
    }
    return {};
  }

  SchemaValidator::Impl& m_impl;
  std::vector<Document> m_documents; // 0 = the schema compiled
  std::map<std::string, Loc> m_resources; // absolute URI (no fragment) → the schema it names
  std::map<std::string, Loc> m_anchors;   // "uri#name" → the schema with that plain-name `$id`
  std::map<Loc, std::string> m_bases;     // base URI in effect at each scanned schema
  std::map<Loc, int> m_compiled;
  std::deque<PendingRef> m_pending;
};

} // namespace

Result<std::unique_ptr<SchemaValidator::Impl>> compile_schema(const json& schema, const SchemaOptions& options) {
  auto impl = std::make_unique<SchemaValidator::Impl>();
  Compiler compiler(impl);
  WEFT_TRY(compiler.run(schema, options));
  return impl;
}

} // namespace weft::config::detail

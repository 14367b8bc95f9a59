// Evaluates a compiled schema against an instance. One routine serves both
// entry points: with no output list it answers yes/no and stops at the first
// failure (is_valid); with one it collects every violation (validate).
#include "schema_validator_internal.hpp"

#include <weft/config-schema/json_source.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <concepts>

namespace weft::config {

namespace detail {

namespace {

constexpr int k_max_depth = 1000;        // nested evaluations (deep values under recursive schemas)
constexpr size_t k_max_listed_values = 12; // enum values spelled out in a message
constexpr TypeMask k_any_type = k_type_null | k_type_boolean | k_type_object | k_type_array | k_type_number |
                                k_type_string | k_type_integer;

using Violations = std::vector<SchemaViolation>;

// Where a value sits in the instance, as a chain of stack frames; spelled out
// as a JSON pointer only when a violation needs it.
struct Path {
  const Path* parent = nullptr;
  std::string_view key;
  size_t index = 0;
  bool is_index = false;
};

std::string to_pointer(const Path& path) {
  std::vector<const Path*> chain;
  for (const Path* p = &path; p->parent; p = p->parent) chain.push_back(p);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    out += "/" + ((*it)->is_index ? std::to_string((*it)->index) : pointer_token((*it)->key));
  return out;
}

size_t pointer_depth(const std::string& pointer) { return static_cast<size_t>(std::count(pointer.begin(), pointer.end(), '/')); }

// Message arguments that render themselves when the message is built (in a
// function of its own, so that the recursive evaluation keeps small frames).
struct Text { // "\"debb\"", "3", "an object"
  const json& value;
  std::string str() const { return value_text(value); }
};
struct Kind { // "a string"
  const json& value;
  std::string str() const { return value_kind(value); }
};
struct Found { // what was found where `expected` types were wanted
  const json& value;
  TypeMask expected;
  std::string str() const {
    // A fractional number where an integer was wanted: show the number.
    if (value.is_number() && (expected & k_type_integer) && !(expected & k_type_number)) return value_text(value);
    return value_kind(value);
  }
};
struct Types { // "a string or an object"
  TypeMask mask;
  std::string str() const { return type_phrase(mask); }
};
struct Count { // "1 item", "3 items"
  size_t n;
  const char* noun;
  std::string str() const { return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s"); }
};
struct Values { // "\"deb\"" or "one of \"deb\", \"rpm\""
  const std::vector<json>& values;
  bool one_of;
  std::string str() const {
    if (one_of && values.size() == 1) return value_text(values.front());
    std::string out = one_of ? "one of " : "";
    for (size_t i = 0; i < values.size() && i < k_max_listed_values; ++i) out += (i ? ", " : "") + value_text(values[i]);
    if (values.size() > k_max_listed_values) out += fmt::format(", … ({} more)", values.size() - k_max_listed_values);
    return out;
  }
};

template <typename T>
concept MessageArg = requires(const T& arg) {
  { arg.str() } -> std::same_as<std::string>;
};

} // namespace
} // namespace detail
} // namespace weft::config

template <weft::config::detail::MessageArg T>
struct fmt::formatter<T> : fmt::formatter<std::string_view> {
  auto format(const T& arg, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(arg.str(), ctx);
  }
};

namespace weft::config {
namespace detail {
namespace {

class Evaluator {
public:
  explicit Evaluator(const SchemaValidator::Impl& impl) : m_nodes(impl.nodes) {}

  // Validates `value` against node `index`; with `out`, appends every
  // violation, else stops at the first failure.
  bool eval(int index, const json& value, const Path& path, Violations* out) {
    const Node& node = m_nodes[static_cast<size_t>(index)];
    if (node.boolean) {
      if (*node.boolean) return true;
      if (out) cannot_validate(node, value, path, *out);
      return false;
    }
    if (m_depth >= k_max_depth) {
      if (out) cannot_validate(node, value, path, *out);
      return false;
    }
    ++m_depth;
    bool ok = node.ref != k_no_node ? eval(node.ref, value, path, out) : eval_keywords(node, value, path, out);
    --m_depth;
    return ok;
  }

private:
  // The state of checking one schema against one value.
  struct Frame {
    const Node& node;
    const json& value;
    const Path& path;
    Violations* out; // null: stop at the first failure
    Violations own;  // this schema's violations; they follow its subschemas'
    bool ok = true;
    bool stop() const { return !ok && !out; }
  };

  static SchemaViolation make(const Node& node, std::string_view keyword, const Path& path, std::string message) {
    SchemaViolation v;
    v.instance_pointer = to_pointer(path);
    v.schema_pointer = keyword.empty() ? node.location : node.location + "/" + std::string(keyword);
    v.keyword = keyword.empty() ? "false" : std::string(keyword);
    v.message = std::move(message);
    return v;
  }

  // Records a failure of `keyword` at `at`; the violation (null when only
  // the answer is wanted) can take a key.
  template <typename... Args>
  [[gnu::noinline]] static SchemaViolation* fail(Frame& f, std::string_view keyword, const Path& at,
                                                 fmt::format_string<Args...> format, Args&&... args) {
    f.ok = false;
    if (!f.out) return nullptr;
    f.own.push_back(make(f.node, keyword, at, fmt::format(format, std::forward<Args>(args)...)));
    return &f.own.back();
  }

  const Node& resolved(int index) const {
    const Node* node = &m_nodes[static_cast<size_t>(index)];
    while (node->ref != k_no_node) node = &m_nodes[static_cast<size_t>(node->ref)];
    return *node;
  }
  bool is_false(int index) const { return resolved(index).boolean == false; }

  // A `false` schema, or a value nested deeper than k_max_depth.
  [[gnu::noinline]] void cannot_validate(const Node& node, const json& value, const Path& path, Violations& out) const {
    if (node.boolean == false)
      out.push_back(make(node, "", path, fmt::format("no value is allowed here, found {}", Kind{value})));
    else
      out.push_back(make(node, "", path, "value is nested too deeply to validate"));
  }

  // The frames of eval, eval_keywords and check_array/check_object are on
  // the stack once per level of the value: they stay small, and everything
  // that builds messages lives in functions of its own.
  [[gnu::noinline]] bool eval_keywords(const Node& node, const json& value, const Path& path, Violations* out) {
    Frame f{node, value, path, out, {}, true};
    if (check_value(f)) {
      if (value.is_array() && !f.stop()) check_array(f);
      if (value.is_object() && !f.stop()) check_object(f);
      if (!f.stop()) check_combinators(f);
    }
    if (out) out->insert(out->end(), std::make_move_iterator(f.own.begin()), std::make_move_iterator(f.own.end()));
    return f.ok;
  }

  // type, const, enum and the number and string keywords; false when the
  // type is wrong (nothing else about such a value is worth saying).
  [[gnu::noinline]] bool check_value(Frame& f) {
    const Node& node = f.node;
    const json& value = f.value;
    if (node.types && !mask_accepts(node.types, value)) {
      fail(f, "type", f.path, "expected {}, found {}", Types{node.types}, Found{value, node.types});
      return false;
    }
    if (node.const_value && !json_equal(*node.const_value, value))
      fail(f, "const", f.path, "expected {}, found {}", Text{*node.const_value}, Text{value});
    if (node.enum_values) {
      const json& values = *node.enum_values;
      if (std::none_of(values.begin(), values.end(), [&](const json& v) { return json_equal(v, value); })) {
        std::vector<json> list(values.begin(), values.end());
        fail(f, "enum", f.path, "expected {}, found {}", Values{list, true}, Text{value});
      }
    }
    if (value.is_number()) check_number(f);
    if (value.is_string()) check_string(f, value.get_ref<const std::string&>());
    return true;
  }

  void check_number(Frame& f) {
    const Node& node = f.node;
    const json& value = f.value;
    const char* noun = (node.types & k_type_integer) && !(node.types & k_type_number) ? "an integer" : "a number";
    if (node.minimum && compare_numbers(value, *node.minimum) < 0)
      fail(f, "minimum", f.path, "expected {} >= {}, found {}", noun, Text{*node.minimum}, Text{value});
    if (node.exclusive_minimum && compare_numbers(value, *node.exclusive_minimum) <= 0)
      fail(f, "exclusiveMinimum", f.path, "expected {} > {}, found {}", noun, Text{*node.exclusive_minimum}, Text{value});
    if (node.maximum && compare_numbers(value, *node.maximum) > 0)
      fail(f, "maximum", f.path, "expected {} <= {}, found {}", noun, Text{*node.maximum}, Text{value});
    if (node.exclusive_maximum && compare_numbers(value, *node.exclusive_maximum) >= 0)
      fail(f, "exclusiveMaximum", f.path, "expected {} < {}, found {}", noun, Text{*node.exclusive_maximum}, Text{value});
    if (node.multiple_of && !is_multiple_of(value, *node.multiple_of))
      fail(f, "multipleOf", f.path, "expected a multiple of {}, found {}", Text{*node.multiple_of}, Text{value});
  }

  void check_string(Frame& f, const std::string& text) {
    const Node& node = f.node;
    if (node.min_length || node.max_length) {
      size_t length = count_code_points(text);
      if (node.min_length && length < *node.min_length) {
        if (*node.min_length == 1)
          fail(f, "minLength", f.path, "expected a non-empty string");
        else
          fail(f, "minLength", f.path, "expected at least {}, found {}", Count{*node.min_length, "character"}, length);
      }
      if (node.max_length && length > *node.max_length)
        fail(f, "maxLength", f.path, "expected at most {}, found {}", Count{*node.max_length, "character"}, length);
    }
    if (node.pattern && !node.pattern->search(text))
      fail(f, "pattern", f.path, "expected a string matching `{}`, found {}", node.pattern_source, Text{f.value});
    if (node.format != Format::none && !check_format(node.format, text))
      fail(f, "format", f.path, "expected {}, found {}", format_description(node.format), Text{f.value});
  }

  [[gnu::noinline]] void check_array(Frame& f) {
    const Node& node = f.node;
    const json& value = f.value;
    size_t n = value.size();
    for (size_t i = 0; i < n && !f.stop(); ++i) {
      int schema = node.items;
      if (node.has_tuple_items) {
        if (i < node.tuple_items.size()) {
          schema = node.tuple_items[i];
        } else if (node.additional_items != k_no_node && is_false(node.additional_items)) {
          too_many_items(f);
          break;
        } else {
          schema = node.additional_items;
        }
      }
      if (schema != k_no_node && !eval(schema, value[i], Path{&f.path, {}, i, true}, f.out)) f.ok = false;
    }
    if (!f.stop()) check_array_counts(f);
  }

  // contains, minItems, maxItems, uniqueItems.
  [[gnu::noinline]] void check_array_counts(Frame& f) {
    const Node& node = f.node;
    const json& value = f.value;
    size_t n = value.size();
    if (node.contains != k_no_node) {
      bool any = false;
      for (size_t i = 0; i < n && !any; ++i) any = eval(node.contains, value[i], Path{&f.path, {}, i, true}, nullptr);
      if (!any)
        fail(f, "contains", f.path, "expected an item matching `contains`, found {}", n == 0 ? "an empty array" : "none");
    }
    if (node.min_items && n < *node.min_items)
      fail(f, "minItems", f.path, "expected at least {}, found {}", Count{*node.min_items, "item"}, n);
    if (node.max_items && n > *node.max_items)
      fail(f, "maxItems", f.path, "expected at most {}, found {}", Count{*node.max_items, "item"}, n);
    if (node.unique_items) {
      for (size_t j = 1; j < n && !f.stop(); ++j) {
        for (size_t i = 0; i < j; ++i) {
          if (!json_equal(value[i], value[j])) continue;
          fail(f, "uniqueItems", Path{&f.path, {}, j, true}, "expected unique items, found a duplicate of item {}", i);
          break;
        }
      }
    }
  }

  [[gnu::noinline]] void check_object(Frame& f) {
    const Node& node = f.node;
    const json& value = f.value;
    for (auto it = value.begin(); it != value.end() && !f.stop(); ++it) {
      const std::string& key = it.key();
      Path member{&f.path, key, 0, false};
      bool declared = false;
      if (auto prop = node.properties.find(key); prop != node.properties.end()) {
        declared = true;
        if (!eval(prop->second, it.value(), member, f.out)) f.ok = false;
      }
      for (const PatternSchema& p : node.pattern_properties) {
        if (!p.regex.search(key)) continue;
        declared = true;
        if (!eval(p.node, it.value(), member, f.out)) f.ok = false;
      }
      if (!declared && node.additional_properties != k_no_node) {
        if (is_false(node.additional_properties))
          unknown_key(f, key);
        else if (!eval(node.additional_properties, it.value(), member, f.out))
          f.ok = false;
      }
      if (node.property_names != k_no_node) check_property_name(f, key, member);
    }
    if (f.stop()) return;
    check_object_keys(f);
    for (const Dependency& dependency : node.dependencies) {
      if (f.stop()) return;
      if (dependency.node != k_no_node && value.contains(dependency.key) && !eval(dependency.node, value, f.path, f.out))
        f.ok = false;
    }
  }

  // required, minProperties, maxProperties, dependencies (array form).
  [[gnu::noinline]] void check_object_keys(Frame& f) {
    const Node& node = f.node;
    const json& value = f.value;
    for (const std::string& name : node.required) {
      if (value.contains(name)) continue;
      if (SchemaViolation* v = fail(f, "required", f.path, "missing required key `{}`", name)) v->key = name;
      if (f.stop()) return;
    }
    if (node.min_properties && value.size() < *node.min_properties)
      fail(f, "minProperties", f.path, "expected at least {}, found {}", Count{*node.min_properties, "key"}, value.size());
    if (node.max_properties && value.size() > *node.max_properties)
      fail(f, "maxProperties", f.path, "expected at most {}, found {}", Count{*node.max_properties, "key"}, value.size());
    for (const Dependency& dependency : node.dependencies) {
      if (!value.contains(dependency.key)) continue;
      for (const std::string& name : dependency.required) {
        if (value.contains(name)) continue;
        if (SchemaViolation* v = fail(f, "dependencies", f.path, "key `{}` requires key `{}`, which is missing",
                                      dependency.key, name))
          v->key = name;
        if (f.stop()) return;
      }
    }
  }

  [[gnu::noinline]] void too_many_items(Frame& f) {
    fail(f, "additionalItems", f.path, "expected at most {}, found {}", Count{f.node.tuple_items.size(), "item"},
         f.value.size());
  }

  [[gnu::noinline]] void unknown_key(Frame& f, const std::string& key) {
    if (SchemaViolation* v = fail(f, "additionalProperties", f.path, "unknown key `{}`", key)) {
      v->key = key;
      for (const auto& [name, schema] : f.node.properties) v->known_keys.push_back(name);
    }
  }

  [[gnu::noinline]] void check_property_name(Frame& f, const std::string& key, const Path& member) {
    Violations names;
    if (eval(f.node.property_names, json(key), member, f.out ? &names : nullptr)) return;
    f.ok = false;
    for (SchemaViolation& v : names) {
      v.message = fmt::format("invalid key `{}`: {}", key, v.message);
      v.key = key;
      f.out->push_back(std::move(v));
    }
  }

  [[gnu::noinline]] void check_combinators(Frame& f) {
    const Node& node = f.node;
    for (int branch : node.all_of) {
      if (!eval(branch, f.value, f.path, f.out)) f.ok = false;
      if (f.stop()) return;
    }
    if (!node.any_of.empty()) {
      bool any = std::any_of(node.any_of.begin(), node.any_of.end(),
                             [&](int branch) { return eval(branch, f.value, f.path, nullptr); });
      if (!any) {
        f.ok = false;
        if (!f.out) return;
        explain_alternatives(f, "anyOf", node.any_of);
      }
    }
    if (!node.one_of.empty()) {
      size_t passing[2] = {0, 0};
      size_t count = 0;
      for (size_t i = 0; i < node.one_of.size() && count < 2; ++i)
        if (eval(node.one_of[i], f.value, f.path, nullptr)) passing[count++] = i;
      if (count == 0) {
        f.ok = false;
        if (!f.out) return;
        explain_alternatives(f, "oneOf", node.one_of);
      } else if (count > 1) {
        fail(f, "oneOf", f.path, "expected exactly one alternative of `oneOf` to match, but alternatives {} and {} both match",
             passing[0], passing[1]);
        if (f.stop()) return;
      }
    }
    if (node.not_schema != k_no_node && eval(node.not_schema, f.value, f.path, nullptr)) {
      explain_not(f);
      if (f.stop()) return;
    }
    if (node.if_schema != k_no_node) {
      int branch = eval(node.if_schema, f.value, f.path, nullptr) ? node.then_schema : node.else_schema;
      if (branch != k_no_node && !eval(branch, f.value, f.path, f.out)) f.ok = false;
    }
  }

  // The types a schema admits, when it says: `type`, narrowed by const/enum
  // values and by allOf/anyOf/oneOf branches. nullopt = any type.
  std::optional<TypeMask> type_hint(int index) const {
    const Node& node = resolved(index);
    if (node.boolean) return std::nullopt;
    TypeMask mask = node.types ? node.types : k_any_type;
    if (node.const_value) mask &= type_of(*node.const_value);
    if (node.enum_values) {
      TypeMask values = 0;
      for (const json& v : *node.enum_values) values |= type_of(v);
      mask &= values;
    }
    for (int branch : node.all_of)
      if (auto hint = type_hint(branch)) mask &= *hint;
    for (const std::vector<int>* branches : {&node.any_of, &node.one_of}) {
      if (branches->empty()) continue;
      TypeMask any = 0;
      for (int branch : *branches) {
        auto hint = type_hint(branch);
        any |= hint ? *hint : k_any_type;
      }
      mask &= any;
    }
    if (mask == k_any_type) return std::nullopt;
    return mask;
  }

  // Adds the values a schema allows when it is an enum or const; false if it
  // is anything else.
  bool value_set(int index, std::vector<json>& values) const {
    const Node& node = resolved(index);
    if (node.const_value) {
      values.push_back(*node.const_value);
      return true;
    }
    if (node.enum_values) {
      values.insert(values.end(), node.enum_values->begin(), node.enum_values->end());
      return true;
    }
    return false;
  }

  // No alternative matched: say what types were expected when no branch
  // admits the value's type, merge enum/const branches into one list, else
  // report the branch that got furthest (deepest violations, then fewest).
  [[gnu::noinline]] void explain_alternatives(Frame& f, std::string_view keyword, const std::vector<int>& branches) {
    TypeMask expected = 0;
    std::vector<int> candidates;
    for (int branch : branches) {
      auto hint = type_hint(branch);
      if (!hint || mask_accepts(*hint, f.value)) candidates.push_back(branch);
      if (hint) expected |= *hint;
    }
    if (candidates.empty()) {
      fail(f, keyword, f.path, "expected {}, found {}", Types{expected}, Found{f.value, expected});
      return;
    }
    std::string here = to_pointer(f.path);
    std::vector<Violations> results;
    std::vector<json> allowed;
    bool only_values = true;
    for (int branch : candidates) {
      Violations& result = results.emplace_back();
      eval(branch, f.value, f.path, &result);
      bool value_mismatch = std::all_of(result.begin(), result.end(), [&](const SchemaViolation& v) {
        return (v.keyword == "enum" || v.keyword == "const") && v.instance_pointer == here;
      });
      if (!value_mismatch || !value_set(branch, allowed)) only_values = false;
    }
    if (only_values && !allowed.empty()) {
      std::vector<json> unique;
      for (const json& v : allowed)
        if (std::none_of(unique.begin(), unique.end(), [&](const json& u) { return json_equal(u, v); })) unique.push_back(v);
      fail(f, keyword, f.path, "expected {}, found {}", Values{unique, true}, Text{f.value});
      return;
    }
    auto score = [](const Violations& vs) {
      size_t depth = 0;
      for (const SchemaViolation& v : vs) depth = std::max(depth, pointer_depth(v.instance_pointer));
      return std::pair<size_t, long>(depth, -static_cast<long>(vs.size()));
    };
    size_t best = 0;
    for (size_t i = 1; i < results.size(); ++i)
      if (score(results[i]) > score(results[best])) best = i;
    f.out->insert(f.out->end(), std::make_move_iterator(results[best].begin()), std::make_move_iterator(results[best].end()));
  }

  [[gnu::noinline]] void explain_not(Frame& f) {
    const Node& node = resolved(f.node.not_schema);
    if (node.const_value) {
      fail(f, "not", f.path, "expected anything but {}", Text{*node.const_value});
    } else if (node.enum_values) {
      std::vector<json> values(node.enum_values->begin(), node.enum_values->end());
      fail(f, "not", f.path, "expected none of {}, found {}", Values{values, false}, Text{f.value});
    } else if (node.types && type_hint(f.node.not_schema) == node.types) {
      fail(f, "not", f.path, "expected anything but {}, found {}", Types{node.types}, Kind{f.value});
    } else {
      fail(f, "not", f.path, "expected the value not to match the schema under `not`");
    }
  }

  const std::deque<Node>& m_nodes;
  int m_depth = 0;
};

} // namespace

} // namespace detail

SchemaValidator::SchemaValidator(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
SchemaValidator::SchemaValidator(SchemaValidator&&) noexcept = default;
SchemaValidator& SchemaValidator::operator=(SchemaValidator&&) noexcept = default;
SchemaValidator::~SchemaValidator() = default;

Result<SchemaValidator> SchemaValidator::compile(const nlohmann::json& schema, const SchemaOptions& options) {
  WEFT_TRY_ASSIGN(auto impl, detail::compile_schema(schema, options));
  return SchemaValidator(std::move(impl));
}

bool SchemaValidator::is_valid(const nlohmann::json& instance) const {
  detail::Evaluator evaluator(*m_impl);
  return evaluator.eval(m_impl->root, instance, detail::Path{}, nullptr);
}

std::vector<SchemaViolation> SchemaValidator::validate(const nlohmann::json& instance) const {
  detail::Evaluator evaluator(*m_impl);
  std::vector<SchemaViolation> out;
  evaluator.eval(m_impl->root, instance, detail::Path{}, &out);
  return out;
}

} // namespace weft::config

// JSON values as the validator sees them: types, exact number comparison,
// equality by value, and how values read in messages.
#include "schema_validator_internal.hpp"

#include <cmath>
#include <algorithm>
#include <cstdint>
#include <limits>

namespace weft::config::detail {

namespace {

constexpr double k_two_64 = 18446744073709551616.0;
constexpr size_t k_max_text = 60; // characters of a value shown in a message

int sign(int v) { return (v > 0) - (v < 0); }

template <typename T>
int compare_plain(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Compares the integer -magnitude (negative) or magnitude with a double,
// exactly: whole parts as integers, then the fraction.
int compare_integer_double(bool negative, std::uint64_t magnitude, double d) {
  if (std::isnan(d)) return 0;
  if (!negative) {
    if (d < 0) return 1;
    if (d >= k_two_64) return -1;
    double whole = std::floor(d);
    auto w = static_cast<std::uint64_t>(whole);
    if (magnitude != w) return magnitude < w ? -1 : 1;
    return d > whole ? -1 : 0;
  }
  if (d >= 0) return -1;
  double m = -d;
  if (m >= k_two_64) return 1;
  double whole = std::floor(m);
  auto w = static_cast<std::uint64_t>(whole);
  if (magnitude != w) return magnitude < w ? 1 : -1;
  return m > whole ? 1 : 0;
}

void integer_parts(const json& v, bool& negative, std::uint64_t& magnitude) {
  if (v.is_number_unsigned()) {
    negative = false;
    magnitude = v.get<std::uint64_t>();
    return;
  }
  auto i = v.get<std::int64_t>();
  negative = i < 0;
  magnitude = negative ? static_cast<std::uint64_t>(-(i + 1)) + 1 : static_cast<std::uint64_t>(i);
}

bool is_integer_type(const json& v) { return v.is_number_integer(); } // int64 or uint64

} // namespace

bool is_integral(const json& number) {
  if (is_integer_type(number)) return true;
  if (!number.is_number_float()) return false;
  double d = number.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

TypeMask type_of(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return k_type_null;
    case json::value_t::boolean: return k_type_boolean;
    case json::value_t::object: return k_type_object;
    case json::value_t::array: return k_type_array;
    case json::value_t::string: return k_type_string;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return is_integral(value) ? (k_type_number | k_type_integer) : k_type_number;
    default: return 0;
  }
}

bool mask_accepts(TypeMask mask, const json& value) { return (mask & type_of(value)) != 0; }

std::string type_phrase(TypeMask mask) {
  static constexpr std::pair<TypeMask, std::string_view> k_names[] = {
      {k_type_string, "a string"}, {k_type_number, "a number"}, {k_type_integer, "an integer"},
      {k_type_boolean, "a boolean"}, {k_type_object, "an object"}, {k_type_array, "an array"}, {k_type_null, "null"}};
  if (mask & k_type_number) mask &= ~k_type_integer;
  std::vector<std::string_view> names;
  for (const auto& [bit, name] : k_names)
    if (mask & bit) names.push_back(name);
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out.empty() ? "nothing" : out;
}

std::string value_kind(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    default: return "a number";
  }
}

std::string value_text(const json& value) {
  if (value.is_object() || value.is_array()) return value.empty() ? value.dump() : value_kind(value);
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > k_max_text) {
    size_t cut = k_max_text;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut; // keep UTF-8 whole
    text = text.substr(0, cut) + "…" + (value.is_string() ? "\"" : "");
  }
  return text;
}

int compare_numbers(const json& a, const json& b) {
  if (is_integer_type(a) && is_integer_type(b)) {
    bool an = false;
    bool bn = false;
    std::uint64_t am = 0;
    std::uint64_t bm = 0;
    integer_parts(a, an, am);
    integer_parts(b, bn, bm);
    if (an != bn) return an ? -1 : 1;
    return an ? compare_plain(bm, am) : compare_plain(am, bm);
  }
  if (is_integer_type(a) || is_integer_type(b)) {
    bool negative = false;
    std::uint64_t magnitude = 0;
    integer_parts(is_integer_type(a) ? a : b, negative, magnitude);
    int c = compare_integer_double(negative, magnitude, (is_integer_type(a) ? b : a).get<double>());
    return is_integer_type(a) ? c : -c;
  }
  return sign(compare_plain(a.get<double>(), b.get<double>()));
}

bool is_multiple_of(const json& value, const json& divisor) {
  if (is_integer_type(value) && is_integer_type(divisor)) {
    bool negative = false;
    std::uint64_t v = 0;
    std::uint64_t d = 0;
    integer_parts(value, negative, v);
    integer_parts(divisor, negative, d);
    return d != 0 && v % d == 0;
  }
  double v = value.get<double>();
  double d = divisor.get<double>();
  double quotient = v / d;
  if (!std::isfinite(quotient)) return false;
  // Decimal divisors such as 0.01 have no exact binary form: accept a quotient
  // within rounding error of a whole number.
  double tolerance = std::max(1e-9, 4 * std::numeric_limits<double>::epsilon() * std::fabs(quotient));
  return std::fabs(quotient - std::round(quotient)) <= tolerance;
}

bool json_equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return compare_numbers(a, b) == 0;
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!json_equal(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !json_equal(it.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

} // namespace weft::config::detail

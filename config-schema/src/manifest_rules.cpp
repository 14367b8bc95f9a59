#include <weft/config-schema/manifest.hpp>

#include <fmt/format.h>

#include <cctype>

namespace weft::config {

namespace {

bool is_ascii_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// A semver numeric identifier: digits, no leading zero unless it is "0".
bool is_numeric_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return s.size() == 1 || s[0] != '0';
}

// Dot-separated identifiers of [0-9A-Za-z-]; numeric ones checked when asked.
bool is_identifier_list(std::string_view s, bool numeric_no_leading_zero) {
  if (s.empty()) return false;
  size_t start = 0;
  for (;;) {
    size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty()) return false;
    bool all_digits = true;
    for (char c : part) {
      if (!is_ascii_alnum(c) && c != '-') return false;
      if (c < '0' || c > '9') all_digits = false;
    }
    if (numeric_no_leading_zero && all_digits && !is_numeric_identifier(part)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

} // namespace

std::string check_identifier(std::string_view identifier) {
  if (identifier.empty()) return "the identifier is empty";
  if (identifier.size() > 255) return "the identifier is longer than 255 characters";
  size_t start = 0;
  int segments = 0;
  for (;;) {
    size_t dot = identifier.find('.', start);
    std::string_view segment =
        identifier.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    ++segments;
    if (segment.empty()) return fmt::format("`{}` has an empty segment (two dots, or a dot at an end)", identifier);
    for (char c : segment)
      if (!is_ascii_alnum(c) && c != '-')
        return fmt::format("`{}` contains `{}`; use ASCII letters, digits, `-` and `.` only", identifier, c);
    if (segment.front() == '-' || segment.back() == '-')
      return fmt::format("segment `{}` of `{}` starts or ends with `-`", segment, identifier);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (segments < 2) return fmt::format("`{}` is not in reverse-DNS form (e.g. com.example.app)", identifier);
  return {};
}

std::string check_semver(std::string_view version) {
  std::string_view rest = version;
  std::string_view build;
  std::string_view pre;
  if (auto plus = rest.find('+'); plus != std::string_view::npos) {
    build = rest.substr(plus + 1);
    rest = rest.substr(0, plus);
    if (!is_identifier_list(build, false)) return fmt::format("`{}` has an invalid build part `+{}`", version, build);
  }
  if (auto dash = rest.find('-'); dash != std::string_view::npos) {
    pre = rest.substr(dash + 1);
    rest = rest.substr(0, dash);
    if (!is_identifier_list(pre, true)) return fmt::format("`{}` has an invalid pre-release part `-{}`", version, pre);
  }
  int parts = 0;
  size_t start = 0;
  for (;;) {
    size_t dot = rest.find('.', start);
    std::string_view part = rest.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    ++parts;
    if (!is_numeric_identifier(part) || part.size() > 18)
      return fmt::format("`{}` is not a semantic version MAJOR.MINOR.PATCH (e.g. 1.2.3)", version);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts != 3) return fmt::format("`{}` is not a semantic version MAJOR.MINOR.PATCH (e.g. 1.2.3)", version);
  return {};
}

std::string check_product_name(std::string_view name) {
  if (name.empty()) return "the product name is empty";
  bool only_space = true;
  for (char c : name) {
    if (std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos)
      return fmt::format("the product name may not contain `{}` (it names files and folders)", c);
    if (static_cast<unsigned char>(c) < 0x20) return "the product name contains a control character";
    if (c != ' ') only_space = false;
  }
  if (only_space) return "the product name is blank";
  return {};
}

} // namespace weft::config

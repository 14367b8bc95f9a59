#include <weft/config-schema/acl/identifier.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace weft::config::acl {

namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// What `s` probably meant: lowercase, `_` as `-`.
std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_') c = '-';
  }
  return out;
}

std::string printable(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u >= 0x7F) return fmt::format("byte 0x{:02X}", static_cast<unsigned>(u));
  return fmt::format("`{}`", c);
}

// Checks the characters and the segments between `:`; `max_separators` is
// how many `:` the text may hold.
std::string check_segments(std::string_view text, size_t max_separators) {
  if (text.empty()) return "the identifier is empty";
  if (text.size() > k_max_identifier_length)
    return fmt::format("the identifier is {} characters long; at most {} are allowed", text.size(),
                       k_max_identifier_length);
  for (char c : text) {
    if (is_lower_alnum(c) || c == '-' || c == ':') continue;
    if (c >= 'A' && c <= 'Z')
      return fmt::format("`{}` has uppercase letters; identifiers are lowercase (`{}`)", text, lowercase(text));
    if (c == '_')
      return "`_` is not allowed in identifiers; use `-` (the command `a_b` is granted by `allow-a-b`)";
    return fmt::format("{} is not allowed in identifiers, which hold lowercase ASCII letters, digits, `-` and `:`",
                       printable(c));
  }
  size_t separators = static_cast<size_t>(std::count(text.begin(), text.end(), ':'));
  if (separators > max_separators) {
    if (max_separators == 0) return fmt::format("`{}` has a `:`; a name defined here takes no prefix", text);
    return fmt::format("`{}` has {} `:`; only `core:<area>:<name>` may have two", text, separators);
  }
  size_t start = 0;
  for (;;) {
    size_t end = text.find(':', start);
    bool last = end == std::string_view::npos;
    std::string_view segment = text.substr(start, last ? std::string_view::npos : end - start);
    if (segment.empty()) {
      if (last) return fmt::format("`{}` has a prefix but no name after the `:`", text);
      return fmt::format("`{}` has an empty segment before a `:`", text);
    }
    if (segment.size() > k_max_segment_length)
      return fmt::format("the segment `{}` is {} characters long; at most {} are allowed", segment, segment.size(),
                         k_max_segment_length);
    if (segment.front() == '-' || segment.back() == '-')
      return fmt::format("`{}` {} with `-`; each part of an identifier starts and ends with a letter or digit",
                         segment, segment.front() == '-' ? "starts" : "ends");
    if (last) break;
    start = end + 1;
  }
  return {};
}

} // namespace

std::string check_identifier(std::string_view text) {
  return check_segments(text, text.starts_with("core:") ? 2 : 1);
}

std::string check_permission_name(std::string_view text) { return check_segments(text, 0); }

std::string check_capability_identifier(std::string_view text) {
  if (text.empty()) return "the capability identifier is empty";
  if (text.size() > k_max_identifier_length)
    return fmt::format("the capability identifier is {} characters long; at most {} are allowed", text.size(),
                       k_max_identifier_length);
  auto ok_first = [](char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); };
  if (!ok_first(text.front()))
    return fmt::format("`{}` must start with a letter or digit", text);
  for (char c : text)
    if (!ok_first(c) && c != '-' && c != '_' && c != '.')
      return fmt::format("{} is not allowed in a capability identifier (ASCII letters, digits, `-`, `_`, `.`)",
                         printable(c));
  return {};
}

std::string check_command_name(std::string_view text) {
  constexpr size_t k_max = k_max_segment_length - 6; // room for "allow-"
  if (text.empty()) return "the command name is empty";
  if (text.size() > k_max)
    return fmt::format("the command name `{}` is {} characters long; at most {} are allowed", text, text.size(), k_max);
  if (!(text.front() >= 'a' && text.front() <= 'z'))
    return fmt::format("the command name `{}` must start with a lowercase letter", text);
  char previous = 0;
  for (char c : text) {
    bool joiner = c == '_' || c == '-';
    if (!is_lower_alnum(c) && !joiner)
      return fmt::format("{} is not allowed in the command name `{}` (lowercase letters, digits, `_`, `-`)",
                         printable(c), text);
    if (joiner && (previous == '_' || previous == '-'))
      return fmt::format("the command name `{}` has two separators in a row", text);
    previous = c;
  }
  if (previous == '_' || previous == '-') return fmt::format("the command name `{}` ends with `{}`", text, previous);
  return {};
}

std::string check_plugin_name(std::string_view text) {
  if (text == "core") return "`core` is reserved for the runtime's permissions";
  std::string problem = check_permission_name(text);
  if (!problem.empty()) return problem;
  if (!(text.front() >= 'a' && text.front() <= 'z')) return fmt::format("the plugin name `{}` must start with a letter", text);
  return {};
}

std::string command_permission_name(std::string_view command, bool allow) {
  std::string out = allow ? "allow-" : "deny-";
  for (char c : command) out += c == '_' ? '-' : c;
  return out;
}

Result<Identifier> Identifier::parse(std::string_view text) {
  std::string problem = check_identifier(text);
  if (!problem.empty()) return fail(Error::input(std::move(problem)));
  size_t last = text.rfind(':');
  return Identifier(std::string(text), last == std::string_view::npos ? 0 : last);
}

Result<Identifier> Identifier::make(std::string_view prefix, std::string_view name) {
  if (name.find(':') != std::string_view::npos)
    return fail(Error::input(fmt::format("`{}` has a `:`; a name takes no prefix", name)));
  if (prefix.empty()) return parse(name);
  return parse(fmt::format("{}:{}", prefix, name));
}

} // namespace weft::config::acl

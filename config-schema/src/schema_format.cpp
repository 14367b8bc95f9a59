// The `format` checks the validator supports, each after the RFC that
// draft-07 names for it. Unknown formats (and idn-*, iri*, uri-template) are
// not checked, as the spec allows.
#include "schema_validator_internal.hpp"

#include <array>

namespace weft::config::detail {

namespace {

struct FormatEntry {
  std::string_view name;
  Format format;
  std::string_view description;
};

constexpr std::array<FormatEntry, 12> k_formats = {{
    {"uri", Format::uri, "an absolute URI"},
    {"uri-reference", Format::uri_reference, "a URI reference"},
    {"email", Format::email, "an email address"},
    {"hostname", Format::hostname, "a hostname"},
    {"ipv4", Format::ipv4, "an IPv4 address"},
    {"ipv6", Format::ipv6, "an IPv6 address"},
    {"date-time", Format::date_time, "an RFC 3339 date-time (e.g. 2024-05-01T12:00:00Z)"},
    {"date", Format::date, "a date (YYYY-MM-DD)"},
    {"time", Format::time, "an RFC 3339 time (e.g. 12:00:00Z)"},
    {"regex", Format::regex, "an ECMA-262 regular expression"},
    {"json-pointer", Format::json_pointer, "a JSON pointer"},
    {"relative-json-pointer", Format::relative_json_pointer, "a relative JSON pointer"},
}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_unreserved(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~'; }
bool is_sub_delim(char c) { return std::string_view("!$&'()*+,;=").find(c) != std::string_view::npos; }

// Every character is unreserved, a sub-delim, one of `extra`, or part of a
// %-encoding.
bool uri_chars(std::string_view s, std::string_view extra) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return false;
      i += 2;
    } else if (!is_unreserved(c) && !is_sub_delim(c) && extra.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// Digits only, 1 to `max_length` of them; the value.
bool read_number(std::string_view s, size_t max_length, int& value) {
  if (s.empty() || s.size() > max_length) return false;
  value = 0;
  for (char c : s) {
    if (!is_digit(c)) return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

bool check_ipv4(std::string_view s) {
  for (int part = 0; part < 4; ++part) {
    size_t dot = s.find('.');
    std::string_view octet = s.substr(0, dot);
    int value = 0;
    if (!read_number(octet, 3, value) || value > 255 || (octet.size() > 1 && octet[0] == '0')) return false;
    if (part < 3) {
      if (dot == std::string_view::npos) return false;
      s.remove_prefix(dot + 1);
    } else if (dot != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// Counts the 16-bit groups of one side of an IPv6 address ("" = 0 groups);
// an embedded IPv4 address is allowed at the very end and counts as two.
bool ipv6_groups(std::string_view s, bool may_end_in_ipv4, int& groups) {
  groups = 0;
  if (s.empty()) return true;
  while (true) {
    size_t colon = s.find(':');
    std::string_view group = s.substr(0, colon);
    if (colon == std::string_view::npos && may_end_in_ipv4 && group.find('.') != std::string_view::npos) {
      if (!check_ipv4(group)) return false;
      groups += 2;
      return true;
    }
    if (group.empty() || group.size() > 4) return false;
    for (char c : group)
      if (!is_hex(c)) return false;
    ++groups;
    if (colon == std::string_view::npos) return true;
    s.remove_prefix(colon + 1);
  }
}

bool check_ipv6(std::string_view s) {
  size_t gap = s.find("::");
  int head = 0;
  int tail = 0;
  if (gap == std::string_view::npos) return ipv6_groups(s, true, head) && head == 8;
  std::string_view after = s.substr(gap + 2);
  if (after.find("::") != std::string_view::npos) return false;
  return ipv6_groups(s.substr(0, gap), false, head) && ipv6_groups(after, true, tail) && head + tail <= 7;
}

bool check_hostname(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  while (true) {
    size_t dot = s.find('.');
    std::string_view label = s.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!is_alpha(c) && !is_digit(c) && c != '-') return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

// RFC 5322 addr-spec without comments or folding whitespace: a dot-atom or
// quoted local part, and a hostname or [address literal] domain.
bool check_email(std::string_view s) {
  size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) return false;
  std::string_view local = s.substr(0, at);
  std::string_view domain = s.substr(at + 1);
  if (local.size() >= 2 && local.front() == '"' && local.back() == '"') {
    for (size_t i = 1; i + 1 < local.size(); ++i) {
      char c = local[i];
      if (c == '\\') {
        if (++i + 1 >= local.size()) return false;
      } else if (c == '"' || static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) {
        return false;
      }
    }
  } else {
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
    for (char c : local)
      if (!is_alpha(c) && !is_digit(c) && c != '.' && std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) == std::string_view::npos)
        return false;
  }
  if (domain.front() == '[' && domain.back() == ']') {
    std::string_view literal = domain.substr(1, domain.size() - 2);
    if (literal.starts_with("IPv6:")) return check_ipv6(literal.substr(5));
    return check_ipv4(literal);
  }
  return check_hostname(domain);
}

bool check_authority(std::string_view s) {
  size_t at = s.rfind('@');
  if (at != std::string_view::npos) {
    if (!uri_chars(s.substr(0, at), ":")) return false;
    s.remove_prefix(at + 1);
  }
  if (s.starts_with('[')) {
    size_t close = s.find(']');
    if (close == std::string_view::npos) return false;
    std::string_view literal = s.substr(1, close - 1);
    bool ok = false;
    if (literal.starts_with('v') || literal.starts_with('V')) { // IPvFuture
      size_t dot = literal.find('.');
      ok = dot != std::string_view::npos && dot > 1 && dot + 1 < literal.size() && uri_chars(literal.substr(dot + 1), ":");
      for (size_t i = 1; ok && i < dot; ++i) ok = is_hex(literal[i]);
    } else {
      ok = check_ipv6(literal);
    }
    if (!ok) return false;
    s.remove_prefix(close + 1);
    if (s.empty()) return true;
    if (s.front() != ':') return false;
  } else {
    size_t colon = s.find(':');
    if (!uri_chars(s.substr(0, colon), "")) return false;
    if (colon == std::string_view::npos) return true;
    s.remove_prefix(colon);
  }
  for (char c : s.substr(1))
    if (!is_digit(c)) return false;
  return true;
}

// hier-part / relative-part, then [?query] [#fragment].
bool check_after_scheme(std::string_view s, bool relative) {
  size_t hash = s.find('#');
  if (hash != std::string_view::npos) {
    if (!uri_chars(s.substr(hash + 1), ":@/?")) return false;
    s = s.substr(0, hash);
  }
  size_t question = s.find('?');
  if (question != std::string_view::npos) {
    if (!uri_chars(s.substr(question + 1), ":@/?")) return false;
    s = s.substr(0, question);
  }
  if (s.starts_with("//")) {
    size_t slash = s.find('/', 2);
    if (!check_authority(s.substr(2, slash == std::string_view::npos ? std::string_view::npos : slash - 2)))
      return false;
    s.remove_prefix(slash == std::string_view::npos ? s.size() : slash);
  } else if (relative) {
    // path-noscheme: no colon in the first segment.
    std::string_view first = s.substr(0, s.find('/'));
    if (first.find(':') != std::string_view::npos) return false;
  }
  return uri_chars(s, ":@/");
}

bool check_uri(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || !is_alpha(s[0])) return false;
  for (char c : s.substr(0, colon))
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
  return check_after_scheme(s.substr(colon + 1), false);
}

bool check_uri_reference(std::string_view s) { return check_uri(s) || check_after_scheme(s, true); }

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool check_date(std::string_view s) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !read_number(s.substr(0, 4), 4, year) ||
      !read_number(s.substr(5, 2), 2, month) || !read_number(s.substr(8, 2), 2, day))
    return false;
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  int days = k_days[month - 1] + (month == 2 && is_leap_year(year) ? 1 : 0);
  return day <= days;
}

// RFC 3339 full-time: HH:MM:SS[.frac](Z|±HH:MM). A leap second (:60) is only
// valid at 23:59 UTC.
bool check_time(std::string_view s) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (s.size() < 9 || s[2] != ':' || s[5] != ':' || !read_number(s.substr(0, 2), 2, hour) ||
      !read_number(s.substr(3, 2), 2, minute) || !read_number(s.substr(6, 2), 2, second))
    return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  s.remove_prefix(8);
  if (s.starts_with('.')) {
    size_t digits = 1;
    while (digits < s.size() && is_digit(s[digits])) ++digits;
    if (digits == 1) return false;
    s.remove_prefix(digits);
  }
  int offset = 0; // minutes east of UTC
  if (s == "Z" || s == "z") {
    offset = 0;
  } else {
    int offset_hour = 0;
    int offset_minute = 0;
    if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' || !read_number(s.substr(1, 2), 2, offset_hour) ||
        !read_number(s.substr(4, 2), 2, offset_minute) || offset_hour > 23 || offset_minute > 59)
      return false;
    offset = (offset_hour * 60 + offset_minute) * (s[0] == '-' ? -1 : 1);
  }
  if (second == 60) {
    int utc = ((hour * 60 + minute - offset) % 1440 + 1440) % 1440;
    return utc == 23 * 60 + 59;
  }
  return true;
}

bool check_date_time(std::string_view s) {
  return s.size() > 11 && (s[10] == 'T' || s[10] == 't') && check_date(s.substr(0, 10)) && check_time(s.substr(11));
}

bool check_json_pointer(std::string_view s) {
  if (s.empty()) return true;
  if (s.front() != '/') return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i] == '~' && (i + 1 >= s.size() || (s[i + 1] != '0' && s[i + 1] != '1'))) return false;
  return true;
}

bool check_relative_json_pointer(std::string_view s) {
  size_t digits = 0;
  while (digits < s.size() && is_digit(s[digits])) ++digits;
  if (digits == 0 || (digits > 1 && s[0] == '0')) return false;
  std::string_view rest = s.substr(digits);
  return rest == "#" || check_json_pointer(rest);
}

} // namespace

Format format_from_name(std::string_view name) {
  for (const FormatEntry& entry : k_formats)
    if (entry.name == name) return entry.format;
  return Format::none;
}

std::string_view format_description(Format format) {
  for (const FormatEntry& entry : k_formats)
    if (entry.format == format) return entry.description;
  return "a value of that format";
}

bool check_format(Format format, std::string_view text) {
  switch (format) {
    case Format::none: return true;
    case Format::uri: return check_uri(text);
    case Format::uri_reference: return check_uri_reference(text);
    case Format::email: return check_email(text);
    case Format::hostname: return check_hostname(text);
    case Format::ipv4: return check_ipv4(text);
    case Format::ipv6: return check_ipv6(text);
    case Format::date_time: return check_date_time(text);
    case Format::date: return check_date(text);
    case Format::time: return check_time(text);
    case Format::regex: return Regex::syntax_error(text).empty();
    case Format::json_pointer: return check_json_pointer(text);
    case Format::relative_json_pointer: return check_relative_json_pointer(text);
  }
  return true;
}

} // namespace weft::config::detail

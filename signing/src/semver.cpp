#include <weft/signing/semver.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace weft::signing {

namespace {

bool is_numeric(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_identifier(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  });
}

bool parse_number(std::string_view s, uint64_t& out) {
  if (!is_numeric(s) || (s.size() > 1 && s[0] == '0')) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

std::vector<std::string_view> split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t end = s.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, end - start));
    start = end + 1;
  }
}

} // namespace

Result<SemVer> SemVer::parse(std::string_view text) {
  auto invalid = [&](std::string_view why) {
    return fail(Error::input(fmt::format("`{}` is not a semantic version ({}): expected MAJOR.MINOR.PATCH, e.g. 1.2.3",
                                         text, why)));
  };
  std::string_view rest = text;
  if (!rest.empty() && (rest[0] == 'v' || rest[0] == 'V')) rest.remove_prefix(1);
  SemVer out;
  if (size_t plus = rest.find('+'); plus != std::string_view::npos) {
    std::string_view build = rest.substr(plus + 1);
    for (std::string_view part : split(build, '.'))
      if (!is_identifier(part)) return invalid("bad build metadata");
    out.build = std::string(build);
    rest = rest.substr(0, plus);
  }
  if (size_t dash = rest.find('-'); dash != std::string_view::npos) {
    for (std::string_view part : split(rest.substr(dash + 1), '.')) {
      if (!is_identifier(part)) return invalid("bad pre-release identifier");
      if (is_numeric(part) && part.size() > 1 && part[0] == '0') return invalid("leading zero in pre-release");
      out.prerelease.emplace_back(part);
    }
    rest = rest.substr(0, dash);
  }
  std::vector<std::string_view> core = split(rest, '.');
  if (core.size() != 3) return invalid("need three numbers");
  if (!parse_number(core[0], out.major) || !parse_number(core[1], out.minor) || !parse_number(core[2], out.patch))
    return invalid("each part must be a number without leading zeros");
  return out;
}

std::string SemVer::to_string() const {
  std::string out = fmt::format("{}.{}.{}", major, minor, patch);
  for (size_t i = 0; i < prerelease.size(); ++i) out += (i == 0 ? "-" : ".") + prerelease[i];
  if (!build.empty()) out += "+" + build;
  return out;
}

std::strong_ordering SemVer::operator<=>(const SemVer& other) const {
  if (auto c = major <=> other.major; c != 0) return c;
  if (auto c = minor <=> other.minor; c != 0) return c;
  if (auto c = patch <=> other.patch; c != 0) return c;
  // A release ranks above its pre-releases.
  if (prerelease.empty() && other.prerelease.empty()) return std::strong_ordering::equal;
  if (prerelease.empty()) return std::strong_ordering::greater;
  if (other.prerelease.empty()) return std::strong_ordering::less;
  for (size_t i = 0; i < std::min(prerelease.size(), other.prerelease.size()); ++i) {
    const std::string& a = prerelease[i];
    const std::string& b = other.prerelease[i];
    bool a_num = is_numeric(a);
    bool b_num = is_numeric(b);
    if (a_num && b_num) {
      if (auto c = a.size() <=> b.size(); c != 0) return c; // no leading zeros: longer is larger
      if (auto c = a.compare(b) <=> 0; c != 0) return c;
    } else if (a_num != b_num) {
      return a_num ? std::strong_ordering::less : std::strong_ordering::greater;
    } else if (auto c = a.compare(b) <=> 0; c != 0) {
      return c;
    }
  }
  return prerelease.size() <=> other.prerelease.size();
}

} // namespace weft::signing

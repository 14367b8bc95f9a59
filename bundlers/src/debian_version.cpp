#include <weft/bundlers/debian_version.hpp>

#include <cctype>

namespace weft::bundlers {

namespace {

struct SemverParts {
  std::string_view core, pre, build;
};

SemverParts split(std::string_view v) {
  SemverParts p;
  size_t plus = v.find('+');
  if (plus != std::string_view::npos) {
    p.build = v.substr(plus + 1);
    v = v.substr(0, plus);
  }
  size_t dash = v.find('-');
  if (dash != std::string_view::npos) {
    p.pre = v.substr(dash + 1);
    v = v.substr(0, dash);
  }
  p.core = v;
  return p;
}

bool valid_core(std::string_view core) {
  if (core.empty() || !std::isdigit(static_cast<unsigned char>(core.front()))) return false;
  for (char c : core)
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return false;
  return true;
}

// dpkg's character order: `~` before everything (even the end), letters
// before non-letters.
int order(int c) {
  if (std::isdigit(c)) return 0;
  if (std::isalpha(c)) return c;
  if (c == '~') return -1;
  if (c) return c + 256;
  return 0;
}

int verrevcmp(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  auto at = [](std::string_view s, size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0; };
  while (i < a.size() || j < b.size()) {
    int first_diff = 0;
    while ((i < a.size() && !std::isdigit(at(a, i))) || (j < b.size() && !std::isdigit(at(b, j)))) {
      int ac = order(at(a, i)), bc = order(at(b, j));
      if (ac != bc) return ac - bc;
      ++i;
      ++j;
    }
    while (at(a, i) == '0') ++i;
    while (at(b, j) == '0') ++j;
    while (std::isdigit(at(a, i)) && std::isdigit(at(b, j))) {
      if (!first_diff) first_diff = at(a, i) - at(b, j);
      ++i;
      ++j;
    }
    if (std::isdigit(at(a, i))) return 1;
    if (std::isdigit(at(b, j))) return -1;
    if (first_diff) return first_diff;
  }
  return 0;
}

struct DebVersion {
  long epoch = 0;
  std::string_view upstream, revision;
};

DebVersion parse(std::string_view v) {
  DebVersion d;
  size_t colon = v.find(':');
  if (colon != std::string_view::npos) {
    d.epoch = std::strtol(std::string(v.substr(0, colon)).c_str(), nullptr, 10);
    v = v.substr(colon + 1);
  }
  size_t dash = v.rfind('-');
  if (dash != std::string_view::npos) {
    d.revision = v.substr(dash + 1);
    v = v.substr(0, dash);
  }
  d.upstream = v;
  return d;
}

} // namespace

std::optional<std::string> debian_version_from_semver(std::string_view semver) {
  SemverParts p = split(semver);
  if (!valid_core(p.core) || p.pre.find('-') != std::string_view::npos || p.build.find('-') != std::string_view::npos)
    return std::nullopt;
  std::string out(p.core);
  if (!p.pre.empty()) out += "~" + std::string(p.pre);
  if (!p.build.empty()) out += "+" + std::string(p.build);
  return out;
}

std::optional<std::string> rpm_version_from_semver(std::string_view semver) {
  return debian_version_from_semver(semver);
}

int compare_debian_versions(std::string_view a, std::string_view b) {
  DebVersion x = parse(a), y = parse(b);
  if (x.epoch != y.epoch) return x.epoch < y.epoch ? -1 : 1;
  if (int r = verrevcmp(x.upstream, y.upstream)) return r;
  return verrevcmp(x.revision, y.revision);
}

} // namespace weft::bundlers

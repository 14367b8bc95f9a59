#pragma once

#include <weft/base/error.hpp>

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace weft::signing {

// A Semantic Versioning 2.0.0 version. A leading "v" is accepted, as the
// Tauri updater accepts it in latest.json.
struct SemVer {
  uint64_t major = 0;
  uint64_t minor = 0;
  uint64_t patch = 0;
  std::vector<std::string> prerelease; // dot-separated identifiers
  std::string build;                   // ignored by comparisons

  static Result<SemVer> parse(std::string_view text);
  std::string to_string() const;

  // Precedence per SemVer §11: build metadata is ignored, a pre-release is
  // lower than its release, numeric identifiers compare numerically and
  // below alphanumeric ones.
  std::strong_ordering operator<=>(const SemVer& other) const;
  bool operator==(const SemVer& other) const { return (*this <=> other) == 0; }
};

} // namespace weft::signing

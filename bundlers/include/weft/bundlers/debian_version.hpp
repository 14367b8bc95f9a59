#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace weft::bundlers {

// A semantic version as Debian spells it: the pre-release after `~` (so that
// 1.0.0~rc.1 sorts before 1.0.0) and build metadata after `+`. Nothing when
// Debian can't express it: a `-` inside the pre-release or build metadata
// would be read as the Debian revision.
std::optional<std::string> debian_version_from_semver(std::string_view semver);

// The same for RPM's Version tag, which forbids `-` entirely.
std::optional<std::string> rpm_version_from_semver(std::string_view semver);

// dpkg's ordering of versions ([epoch:]upstream[-revision]): <0, 0, >0.
int compare_debian_versions(std::string_view a, std::string_view b);

} // namespace weft::bundlers

#pragma once

#include <weft/base/error.hpp>

#include <span>
#include <string>
#include <string_view>

namespace weft::bundlers {

// One element of an Apple .icns: a four-character type (e.g. "ic07") and its
// PNG data.
struct IcnsEntry {
  std::string_view type;
  std::string_view png;
};

// An .icns file: the 'icns' header, then each element in the given order.
Result<std::string> write_icns(std::span<const IcnsEntry> entries);

} // namespace weft::bundlers

#pragma once

#include <weft/base/error.hpp>

#include <span>
#include <string>
#include <string_view>

namespace weft::bundlers {

// One image of a Windows .ico: a square PNG of `size` pixels (1 to 256).
struct IcoFrame {
  int size = 0;
  std::string_view png;
};

// A .ico file holding the frames in the given order, each stored as PNG
// (Windows Vista and later read PNG frames of any size).
Result<std::string> write_ico(std::span<const IcoFrame> frames);

} // namespace weft::bundlers

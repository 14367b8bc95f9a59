#pragma once

#include <string>
#include <string_view>

namespace weft::bundlers {

// A line of a system configuration file without its surrounding blanks
// (spaces, tabs, a trailing CR).
inline std::string trim_line(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

} // namespace weft::bundlers

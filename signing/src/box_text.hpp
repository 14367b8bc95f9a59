#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace weft::signing::detail {

inline constexpr std::string_view k_untrusted_prefix = "untrusted comment: ";
inline constexpr std::string_view k_trusted_prefix = "trusted comment: ";

// The lines of minisign's text form ("\n" or "\r\n" endings); a final
// newline does not make an extra empty line.
std::vector<std::string_view> split_lines(std::string_view text);

// `text` without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view text);

// Printable for an error message: ASCII as is, other bytes as \xNN.
std::string printable(std::string_view bytes);

} // namespace weft::signing::detail

#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace weft {

// Bytes as lowercase hexadecimal, two digits a byte (digests, random keys).
std::string hex_lower(std::span<const unsigned char> bytes);

// Decodes URL %XX escapes (RFC 3986 percent-encoding); nullopt for a
// truncated or non-hexadecimal escape, or an encoded NUL, which no file path
// may hold.
std::optional<std::string> percent_decode(std::string_view text);

} // namespace weft

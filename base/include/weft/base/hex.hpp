#pragma once

#include <span>
#include <string>

namespace weft {

// Bytes as lowercase hexadecimal, two digits a byte (digests, random keys).
std::string hex_lower(std::span<const unsigned char> bytes);

} // namespace weft

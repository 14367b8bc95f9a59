#pragma once

#include <weft/base/error.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace weft::signing {

// Standard base64 (RFC 4648 §4, with padding), as minisign and Tauri use it.
std::string base64_encode(std::span<const uint8_t> data);
std::string base64_encode(std::string_view data);

// Strict decoding: only the standard alphabet, correct padding, zero unused
// bits, no whitespace. The error names the first offending offset but never
// quotes the input, which may be a secret.
Result<std::vector<uint8_t>> base64_decode(std::string_view text);

// True when `text` is non-empty and would decode without error.
bool is_base64(std::string_view text);

} // namespace weft::signing

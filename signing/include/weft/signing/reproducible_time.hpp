#pragma once

#include <weft/base/error.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weft::signing {

// SOURCE_DATE_EPOCH (reproducible-builds.org): unset or empty gives nothing;
// anything but a non-negative decimal integer is an error.
Result<std::optional<int64_t>> parse_source_date_epoch(const char* value);
Result<std::optional<int64_t>> source_date_epoch();

// SOURCE_DATE_EPOCH when set, else the current time: what signatures and
// latest.json record, so that reproducible builds give identical bytes.
Result<int64_t> timestamp_now();

// "2024-10-22T12:00:00Z" (RFC 3339, UTC, whole seconds).
std::string rfc3339_utc(int64_t seconds_since_epoch);
// Parses RFC 3339 date-times (any offset, optional fraction) into seconds
// since the epoch; nothing when malformed.
std::optional<int64_t> parse_rfc3339(std::string_view text);

} // namespace weft::signing

#pragma once

#include <span>
#include <string>
#include <string_view>

namespace weft {

// Levenshtein distance, case-sensitive.
int edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` within `max_distance` edits, or "" if none.
std::string closest_match(std::string_view word, std::span<const std::string> candidates,
                          int max_distance = 3);

} // namespace weft

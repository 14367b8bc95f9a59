#include <weft/base/spellcheck.hpp>

#include <algorithm>
#include <cctype>
#include <vector>

namespace weft {

int edit_distance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int above = row[j];
      int substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_match(std::string_view word, std::span<const std::string> candidates,
                          int max_distance) {
  std::string best;
  int best_distance = max_distance + 1;
  for (const std::string& candidate : candidates) {
    int d = edit_distance(word, candidate);
    // A case-only difference is almost certainly the intended key.
    if (std::equal(word.begin(), word.end(), candidate.begin(), candidate.end(),
                   [](char x, char y) { return std::tolower(x) == std::tolower(y); }))
      d = std::min(d, 1);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

} // namespace weft

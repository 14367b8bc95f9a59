#include <weft/signing/fetcher.hpp>

#include <algorithm>
#include <cctype>

namespace weft::signing {

bool is_fetchable_url(std::string_view text) {
  auto starts_with_nocase = [&](std::string_view prefix) {
    return text.size() > prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
  };
  return starts_with_nocase("http://") || starts_with_nocase("https://") || starts_with_nocase("file://");
}

} // namespace weft::signing

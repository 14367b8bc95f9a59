#include <weft/base/mime.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace weft {
namespace {

struct MimeEntry {
  std::string_view extension; // lowercase, without the dot
  std::string_view type;
};

// Sorted by extension, for binary search. What web frontends ship.
constexpr std::array k_mime_table{
    MimeEntry{"avif", "image/avif"},
    MimeEntry{"bmp", "image/bmp"},
    MimeEntry{"css", "text/css"},
    MimeEntry{"csv", "text/csv"},
    MimeEntry{"gif", "image/gif"},
    MimeEntry{"htm", "text/html"},
    MimeEntry{"html", "text/html"},
    MimeEntry{"ico", "image/vnd.microsoft.icon"},
    MimeEntry{"jpeg", "image/jpeg"},
    MimeEntry{"jpg", "image/jpeg"},
    MimeEntry{"js", "text/javascript"},
    MimeEntry{"json", "application/json"},
    MimeEntry{"map", "application/json"},
    MimeEntry{"md", "text/markdown"},
    MimeEntry{"mjs", "text/javascript"},
    MimeEntry{"mp3", "audio/mpeg"},
    MimeEntry{"mp4", "video/mp4"},
    MimeEntry{"oga", "audio/ogg"},
    MimeEntry{"ogg", "audio/ogg"},
    MimeEntry{"ogv", "video/ogg"},
    MimeEntry{"otf", "font/otf"},
    MimeEntry{"pdf", "application/pdf"},
    MimeEntry{"png", "image/png"},
    MimeEntry{"svg", "image/svg+xml"},
    MimeEntry{"ttf", "font/ttf"},
    MimeEntry{"txt", "text/plain"},
    MimeEntry{"wasm", "application/wasm"},
    MimeEntry{"wav", "audio/wav"},
    MimeEntry{"weba", "audio/webm"},
    MimeEntry{"webm", "video/webm"},
    MimeEntry{"webmanifest", "application/manifest+json"},
    MimeEntry{"webp", "image/webp"},
    MimeEntry{"woff", "font/woff"},
    MimeEntry{"woff2", "font/woff2"},
    MimeEntry{"xhtml", "application/xhtml+xml"},
    MimeEntry{"xml", "application/xml"},
};

static_assert(std::is_sorted(k_mime_table.begin(), k_mime_table.end(),
                             [](const MimeEntry& a, const MimeEntry& b) { return a.extension < b.extension; }));

} // namespace

std::string_view mime_type_for_path(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == name.size()) return "application/octet-stream";
  std::string extension(name.substr(dot + 1));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto it = std::lower_bound(k_mime_table.begin(), k_mime_table.end(), extension,
                             [](const MimeEntry& entry, const std::string& key) { return entry.extension < key; });
  if (it == k_mime_table.end() || it->extension != extension) return "application/octet-stream";
  return it->type;
}

} // namespace weft

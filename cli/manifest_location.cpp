#include "manifest_location.hpp"

#include <weft/base/file.hpp>
#include <weft/config-schema/json_source.hpp>

namespace weft::cli {

Location manifest_location(const config::Manifest& manifest, std::string_view pointer) {
  const nlohmann::json::json_pointer json_pointer{std::string(pointer)};
  Location fallback;
  fallback.file = manifest.file.string();
  fallback.pointer = pointer;
  // Later sources win in the merge, so look from the last file back.
  for (auto it = manifest.sources.rbegin(); it != manifest.sources.rend(); ++it) {
    if (it->rfind("--config", 0) == 0) continue;
    auto text = read_file(*it);
    if (!text) continue;
    auto document = config::parse_json(std::move(*text), *it);
    if (!document || !document->value().contains(json_pointer)) continue;
    return document->locate(pointer);
  }
  return fallback;
}

} // namespace weft::cli

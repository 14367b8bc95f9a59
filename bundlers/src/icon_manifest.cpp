#include <weft/base/file.hpp>
#include <weft/base/spellcheck.hpp>
#include <weft/bundlers/icon_manifest.hpp>
#include <weft/config-schema/json_source.hpp>

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <vector>

namespace weft::bundlers {

namespace {

enum class KeyKind { path, color, percent };

struct ManifestKey {
  std::string_view name;
  KeyKind kind;
  bool required;
};

// The manifest's keys: this table drives parsing, the unknown-key hint and
// the type checks.
constexpr std::array<ManifestKey, 6> k_manifest_keys{{
    {"default", KeyKind::path, true},
    {"bg_color", KeyKind::color, false},
    {"android_bg", KeyKind::path, false},
    {"android_fg", KeyKind::path, false},
    {"android_fg_scale", KeyKind::percent, false},
    {"android_monochrome", KeyKind::path, false},
}};

} // namespace

Result<IconManifest> parse_icon_manifest(std::string text, const std::filesystem::path& path) {
  WEFT_TRY_ASSIGN(config::JsonDocument doc, config::parse_json(std::move(text), path.string()));
  const nlohmann::json& root = doc.value();
  if (!root.is_object()) return fail(Error::at(doc.locate(""), "expected an object with at least a `default` key"));

  std::vector<std::string> known;
  for (const ManifestKey& key : k_manifest_keys) known.emplace_back(key.name);
  for (const auto& [name, value] : root.items()) {
    bool found = false;
    for (const ManifestKey& key : k_manifest_keys) found = found || key.name == name;
    if (!found) {
      const std::string pointer = "/" + config::pointer_token(name);
      return fail(Error::unknown_key(doc.locate(pointer, true), name, closest_match(name, known)));
    }
  }

  const std::filesystem::path dir = path.parent_path();
  IconManifest manifest;
  for (const ManifestKey& key : k_manifest_keys) {
    const std::string pointer = "/" + std::string(key.name);
    auto it = root.find(std::string(key.name));
    if (it == root.end()) {
      if (key.required)
        return fail(Error::at(doc.locate(""), fmt::format("missing `{}`: the path of the icon's image", key.name)));
      continue;
    }
    switch (key.kind) {
      case KeyKind::path:
      case KeyKind::color: {
        if (!it->is_string() || it->get_ref<const std::string&>().empty())
          return fail(Error::at(doc.locate(pointer), key.kind == KeyKind::path ? "expected a file path"
                                                                               : "expected a CSS colour string"));
        const std::string& s = it->get_ref<const std::string&>();
        if (key.name == "default") manifest.default_image = dir / s;
        else if (key.name == "bg_color") manifest.bg_color = s;
        else if (key.name == "android_bg") manifest.android_bg = dir / s;
        else if (key.name == "android_fg") manifest.android_fg = dir / s;
        else if (key.name == "android_monochrome") manifest.android_monochrome = dir / s;
        break;
      }
      case KeyKind::percent: {
        if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() <= 0 ||
            it->get<double>() > 400)
          return fail(Error::at(doc.locate(pointer), "expected a percentage above 0 and at most 400"));
        manifest.android_fg_scale = it->get<double>();
        break;
      }
    }
  }
  return manifest;
}

Result<IconManifest> load_icon_manifest(const std::filesystem::path& path) {
  Result<std::string> text = read_file(path);
  if (!text) return fail(Error::input(text.error().message())); // the message names the path already
  return parse_icon_manifest(std::move(*text), path);
}

} // namespace weft::bundlers

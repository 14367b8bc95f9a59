#include <weft/signing/update_manifest.hpp>

#include <weft/config-schema/json_source.hpp>
#include <weft/signing/minisign_signature.hpp>
#include <weft/signing/reproducible_time.hpp>
#include <weft/signing/semver.hpp>

#include <weft/base/atomic_file.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace weft::signing {

namespace {

template <size_t N>
bool one_of(std::string_view value, const std::string_view (&table)[N]) {
  return std::find(std::begin(table), std::end(table), value) != std::end(table);
}

bool has_url_scheme(std::string_view url) {
  size_t colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0 || colon + 3 >= url.size()) return false;
  return std::all_of(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
           c == '.';
  });
}

class ManifestReader {
public:
  explicit ManifestReader(const config::JsonDocument& doc) : m_doc(doc) {}

  Result<ParsedManifest> read() {
    const nlohmann::json& root = m_doc.value();
    if (!root.is_object()) return fail(error("", "expected an object with `version` and `platforms`"));
    ParsedManifest out;
    UpdateManifest& m = out.manifest;

    WEFT_TRY_ASSIGN(m.version, required_string(root, "", "version"));
    if (auto v = SemVer::parse(m.version); !v) return fail(error("/version", v.error().message()));
    WEFT_TRY_ASSIGN(m.notes, optional_string(root, "", "notes"));
    WEFT_TRY_ASSIGN(m.pub_date, optional_string(root, "", "pub_date"));
    if (m.pub_date && !parse_rfc3339(*m.pub_date))
      return fail(error("/pub_date", fmt::format("`{}` is not an RFC 3339 date-time, e.g. 2024-10-22T12:00:00Z",
                                                 *m.pub_date)));

    auto platforms = root.find("platforms");
    if (platforms == root.end()) {
      if (!root.contains("url") && !root.contains("signature"))
        return fail(error("", "missing `platforms` (or, for a dynamic server's answer, `url` and `signature`)"));
      WEFT_TRY_ASSIGN(m.dynamic, read_entry(root, ""));
      return out;
    }
    if (!platforms->is_object()) return fail(error("/platforms", "expected an object keyed by `<os>-<arch>`"));
    for (auto it = platforms->begin(); it != platforms->end(); ++it) {
      std::string pointer = "/platforms/" + config::pointer_token(it.key());
      if (!it->is_object()) return fail(error(pointer, "expected an object with `signature` and `url`"));
      WEFT_TRY_ASSIGN(PlatformEntry entry, read_entry(*it, pointer));
      if (!is_known_platform_key(it.key()))
        out.warnings.push_back(
            Error::at(m_doc.locate(pointer, true),
                      fmt::format("platform `{}` is not `<os>-<arch>[-<bundle>]` with os {}, arch {}, bundle {}: "
                                  "no stock updater looks it up",
                                  it.key(), "linux|darwin|windows", "x86_64|aarch64|i686|armv7|riscv64",
                                  "appimage|deb|rpm|msi|nsis|app"))
                .with_severity(Severity::warning));
      m.platforms.emplace(it.key(), std::move(entry));
    }
    return out;
  }

private:
  Error error(const std::string& pointer, std::string message, bool at_key = false) const {
    return Error::at(m_doc.locate(pointer, at_key), std::move(message));
  }

  Result<std::string> required_string(const nlohmann::json& object, const std::string& base, const char* key) const {
    auto it = object.find(key);
    if (it == object.end()) return fail(error(base, fmt::format("missing `{}`", key)));
    if (!it->is_string()) return fail(error(base + "/" + key, fmt::format("`{}` must be a string", key)));
    return it->get<std::string>();
  }

  Result<std::optional<std::string>> optional_string(const nlohmann::json& object, const std::string& base,
                                                     const char* key) const {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::optional<std::string>{};
    if (!it->is_string()) return fail(error(base + "/" + key, fmt::format("`{}` must be a string", key)));
    return std::optional<std::string>{it->get<std::string>()};
  }

  Result<PlatformEntry> read_entry(const nlohmann::json& object, const std::string& pointer) const {
    PlatformEntry entry;
    WEFT_TRY_ASSIGN(entry.signature, required_string(object, pointer, "signature"));
    WEFT_TRY_ASSIGN(entry.url, required_string(object, pointer, "url"));
    if (!has_url_scheme(entry.url))
      return fail(error(pointer + "/url", fmt::format("`{}` is not an absolute URL", entry.url)));
    if (auto signature = decode_sig_file(entry.signature); !signature)
      return fail(error(pointer + "/signature",
                        signature.error().message() + " (expected the content of the artifact's .sig file)"));
    return entry;
  }

  const config::JsonDocument& m_doc;
};

nlohmann::ordered_json entry_json(const PlatformEntry& entry) {
  nlohmann::ordered_json j;
  j["signature"] = entry.signature;
  j["url"] = entry.url;
  return j;
}

} // namespace

Result<void> UpdateManifest::add_platform(const std::string& key, PlatformEntry entry, std::string_view origin) {
  auto [it, inserted] = platforms.emplace(key, entry);
  if (!inserted && !(it->second == entry)) {
    Error e = Error::input(fmt::format("conflicting entries for platform `{}`{}", key,
                                       origin.empty() ? "" : fmt::format(" (again in {})", origin)));
    if (it->second.url != entry.url)
      e.with_hint(fmt::format("urls differ: {} vs {}", it->second.url, entry.url));
    else
      e.with_hint("signatures differ: the artifact was signed twice, or built twice");
    return fail(std::move(e));
  }
  return {};
}

std::optional<std::pair<std::string, const PlatformEntry*>> UpdateManifest::find(std::string_view target,
                                                                                  std::string_view bundle) const {
  if (dynamic) return std::make_pair(std::string(), &*dynamic);
  if (!bundle.empty()) {
    std::string key = std::string(target) + "-" + std::string(bundle);
    if (auto it = platforms.find(key); it != platforms.end()) return std::make_pair(key, &it->second);
  }
  if (auto it = platforms.find(std::string(target)); it != platforms.end())
    return std::make_pair(it->first, &it->second);
  return std::nullopt;
}

Result<ParsedManifest> parse_update_manifest(std::string text, std::string origin) {
  WEFT_TRY_ASSIGN(config::JsonDocument doc, config::parse_json(std::move(text), std::move(origin),
                                                               config::Comments::forbidden));
  return ManifestReader(doc).read();
}

std::string to_json_text(const UpdateManifest& manifest) {
  nlohmann::ordered_json j;
  j["version"] = manifest.version;
  if (manifest.notes) j["notes"] = *manifest.notes;
  if (manifest.pub_date) j["pub_date"] = *manifest.pub_date;
  if (manifest.dynamic) {
    j["signature"] = manifest.dynamic->signature;
    j["url"] = manifest.dynamic->url;
  } else {
    nlohmann::ordered_json platforms = nlohmann::ordered_json::object();
    for (const auto& [key, entry] : manifest.platforms) platforms[key] = entry_json(entry);
    j["platforms"] = std::move(platforms);
  }
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::strict) + "\n";
}

Result<void> write_update_manifest(const std::filesystem::path& path, const UpdateManifest& manifest) {
  return write_file_atomic(path, to_json_text(manifest));
}

Result<UpdateManifest> merge_update_manifests(std::span<const ManifestSource> sources) {
  if (sources.empty()) return fail(Error::usage("nothing to merge"));
  UpdateManifest out;
  out.version = sources[0].manifest.version;
  WEFT_TRY_ASSIGN(SemVer version, SemVer::parse(out.version));
  std::optional<int64_t> latest;
  std::string notes_origin;
  for (const ManifestSource& source : sources) {
    const UpdateManifest& m = source.manifest;
    if (m.dynamic)
      return fail(Error::input(fmt::format("{}: has a top-level `url`/`signature` (a dynamic server's answer), not "
                                           "`platforms`: nothing to merge",
                                           source.origin)));
    WEFT_TRY_ASSIGN(SemVer other, SemVer::parse(m.version));
    if (other.to_string() != version.to_string())
      return fail(Error::input(fmt::format("version mismatch: {} has {}, {} has {}", sources[0].origin, sources[0].manifest.version,
                                           source.origin, m.version))
                      .with_hint("every runner of a release must build the same version"));
    if (m.notes && !m.notes->empty()) {
      if (out.notes && *out.notes != *m.notes)
        return fail(Error::input(fmt::format("notes differ between {} and {}", notes_origin, source.origin)));
      if (!out.notes) {
        out.notes = m.notes;
        notes_origin = source.origin;
      }
    }
    if (m.pub_date) {
      std::optional<int64_t> t = parse_rfc3339(*m.pub_date);
      if (t && (!latest || *t > *latest)) {
        latest = t;
        out.pub_date = m.pub_date;
      }
    }
    for (const auto& [key, entry] : m.platforms) WEFT_TRY(out.add_platform(key, entry, source.origin));
    // "v1.2.0" and "1.2.0" agree; the result must not depend on the order.
    if (m.version != out.version) out.version = version.to_string();
  }
  if (out.platforms.empty()) return fail(Error::input("the merged manifests list no platform"));
  return out;
}

std::string platform_key(std::string_view os, std::string_view arch, std::string_view bundle) {
  std::string key = fmt::format("{}-{}", os, arch);
  if (!bundle.empty()) key += fmt::format("-{}", bundle);
  return key;
}

bool is_known_platform_key(std::string_view key) {
  size_t first = key.find('-');
  if (first == std::string_view::npos) return false;
  if (!one_of(key.substr(0, first), k_updater_os)) return false;
  std::string_view rest = key.substr(first + 1);
  // Arch names contain no '-', so the first remaining dash starts the bundle.
  size_t second = rest.find('-');
  if (!one_of(rest.substr(0, second), k_updater_arch)) return false;
  return second == std::string_view::npos || one_of(rest.substr(second + 1), k_updater_bundles);
}

std::string host_platform_key() {
#if defined(__linux__)
  constexpr std::string_view os = "linux";
#elif defined(__APPLE__)
  constexpr std::string_view os = "darwin";
#elif defined(_WIN32)
  constexpr std::string_view os = "windows";
#else
#error "weft: unknown host operating system for updater platform keys"
#endif
#if defined(__x86_64__) || defined(_M_X64)
  constexpr std::string_view arch = "x86_64";
#elif defined(__aarch64__) || defined(_M_ARM64)
  constexpr std::string_view arch = "aarch64";
#elif defined(__i386__) || defined(_M_IX86)
  constexpr std::string_view arch = "i686";
#elif defined(__arm__)
  constexpr std::string_view arch = "armv7";
#elif defined(__riscv) && __riscv_xlen == 64
  constexpr std::string_view arch = "riscv64";
#else
#error "weft: unknown host architecture for updater platform keys"
#endif
  return platform_key(os, arch);
}

Result<std::string> expand_artifact_url(std::string_view url_template, std::string_view version,
                                        std::string_view file, std::string_view target) {
  std::string encoded_file;
  for (char c : file) {
    auto u = static_cast<unsigned char>(c);
    bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' ||
                      u == '.' || u == '_' || u == '~';
    encoded_file += unreserved ? std::string(1, c) : fmt::format("%{:02X}", u);
  }
  std::string out;
  size_t i = 0;
  while (i < url_template.size()) {
    if (url_template[i] != '{') {
      out += url_template[i++];
      continue;
    }
    size_t close = url_template.find('}', i);
    if (close == std::string_view::npos)
      return fail(Error::input(fmt::format("artifact URL `{}`: unclosed `{{`", url_template)));
    std::string_view name = url_template.substr(i + 1, close - i - 1);
    if (name == "version")
      out += version;
    else if (name == "file")
      out += encoded_file;
    else if (name == "target")
      out += target;
    else
      return fail(Error::input(fmt::format("artifact URL `{}`: unknown placeholder `{{{}}}` (known: {{version}}, "
                                           "{{file}}, {{target}})",
                                           url_template, name)));
    i = close + 1;
  }
  if (!has_url_scheme(out)) return fail(Error::input(fmt::format("artifact URL `{}` is not absolute", out)));
  return out;
}

} // namespace weft::signing

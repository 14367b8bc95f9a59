#include <weft/signing/updater_check.hpp>

#include <weft/base/file.hpp>
#include <weft/signing/semver.hpp>
#include <weft/signing/sign_file.hpp>
#include <weft/signing/update_manifest.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <system_error>

namespace weft::signing {

namespace {

constexpr size_t k_max_manifest_size = size_t{16} << 20;

// A private temporary directory, removed with its content on destruction.
class TemporaryDirectory {
public:
  static Result<TemporaryDirectory> create() {
    std::error_code ec;
    std::filesystem::path base = std::filesystem::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / "weft-updater-check-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) return fail(Error::io(pattern, errno, "create"));
    return TemporaryDirectory(pattern);
  }
  TemporaryDirectory(TemporaryDirectory&& other) noexcept : m_path(std::move(other.m_path)) { other.m_path.clear(); }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(TemporaryDirectory&&) = delete;
  ~TemporaryDirectory() {
    std::error_code ec;
    if (!m_path.empty()) std::filesystem::remove_all(m_path, ec);
  }
  const std::filesystem::path& path() const { return m_path; }

private:
  explicit TemporaryDirectory(std::filesystem::path path) : m_path(std::move(path)) {}
  std::filesystem::path m_path;
};

// The last path segment of a URL, for the downloaded file's name.
std::string file_name_of(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  std::string_view name = path.substr(path.rfind('/') + 1);
  std::string out;
  for (char c : name) out += (c == '/' || c == '\\' || c == '\0') ? '_' : c;
  if (out.empty() || out == "." || out == "..") out = "artifact";
  return out;
}

Result<std::pair<std::string, std::string>> fetch_manifest(const std::string& manifest, Fetcher& fetcher) {
  if (is_fetchable_url(manifest)) {
    WEFT_TRY_ASSIGN(FetchedDocument document, fetcher.get(manifest, k_max_manifest_size));
    if (document.status == 204)
      return fail(Error::input(fmt::format("{}: HTTP 204, the server says there is no update", manifest)));
    std::string detail = fmt::format("{} ({} bytes{})", manifest, document.body.size(),
                                     document.status ? fmt::format(", HTTP {}", document.status) : "");
    return std::make_pair(std::move(document.body), std::move(detail));
  }
  WEFT_TRY_ASSIGN(std::string text, read_file(manifest));
  std::string detail = fmt::format("{} ({} bytes)", manifest, text.size());
  return std::make_pair(std::move(text), std::move(detail));
}

} // namespace

Result<UpdaterCheckResult> run_updater_check(const UpdaterCheckOptions& options, Fetcher& fetcher,
                                             const StepReporter& report) {
  auto current = SemVer::parse(options.current_version);
  if (!current) return fail(Error::usage("--current-version: " + current.error().message()));
  std::string target = options.target.empty() ? host_platform_key() : options.target;

  WEFT_TRY_ASSIGN(auto fetched, fetch_manifest(options.manifest, fetcher));
  WEFT_TRY_ASSIGN(ParsedManifest parsed, parse_update_manifest(std::move(fetched.first), options.manifest));
  const UpdateManifest& manifest = parsed.manifest;
  report({"manifest", fmt::format("{}: version {}, {}", fetched.second, manifest.version,
                                  manifest.dynamic ? "dynamic form (one url)"
                                                   : fmt::format("{} platform(s)", manifest.platforms.size()))});
  for (const Error& w : parsed.warnings) report({"manifest", w.headline(), true});

  WEFT_TRY_ASSIGN(SemVer remote, SemVer::parse(manifest.version));
  if (!(remote > *current))
    return fail(Error::input(fmt::format("no update: the manifest's version {} is not newer than {}",
                                         manifest.version, options.current_version))
                    .with_hint("an updater compares versions with SemVer and ignores releases that are not newer"));
  report({"version", fmt::format("{} > {}: the updater would offer it", manifest.version, options.current_version)});

  auto found = manifest.find(target, options.bundle);
  if (!found) {
    std::string keys;
    for (const auto& [key, entry] : manifest.platforms) keys += (keys.empty() ? "" : ", ") + key;
    std::string wanted = options.bundle.empty() ? target : fmt::format("{}-{} or {}", target, options.bundle, target);
    return fail(Error::input(fmt::format("no platform entry for {} (the manifest has: {})", wanted,
                                         keys.empty() ? "none" : keys)));
  }
  const auto& [key, entry] = *found;
  report({"platform", fmt::format("{} -> {}", key.empty() ? "(dynamic)" : key, entry->url)});

  auto signature = decode_sig_file(entry->signature);
  if (!signature)
    return fail(std::move(signature.error()).with_context(fmt::format("reading the signature of {}", key)));

  WEFT_TRY_ASSIGN(TemporaryDirectory directory, TemporaryDirectory::create());
  std::filesystem::path artifact = directory.path() / file_name_of(entry->url);
  WEFT_TRY_ASSIGN(uint64_t bytes, fetcher.download(entry->url, artifact));
  report({"download", fmt::format("{} bytes", bytes)});

  auto verified = verify_file(artifact, options.public_key, *signature);
  if (!verified)
    return fail(std::move(verified.error()).with_context(fmt::format("verifying {} from {}", artifact.filename().string(),
                                                                     entry->url)));
  report({"signature", fmt::format("valid, key {}, trusted comment `{}`", options.public_key.id.to_hex(),
                                   verified->trusted_comment)});

  const std::optional<std::string>& signed_version = verified->comment.version;
  if (!signed_version) {
    if (options.require_signed_version)
      return fail(Error::input("the signature is not bound to a version (no `version:` in its trusted comment)")
                      .with_hint("sign with --app-version; updaters with requireSignedVersion refuse it otherwise"));
    report({"signed version", "none: an updater with requireSignedVersion would refuse this signature", true});
  } else {
    auto parsed_signed = SemVer::parse(*signed_version);
    if (!parsed_signed || !(*parsed_signed == remote) || parsed_signed->build != remote.build)
      return fail(Error::input(fmt::format("the signature is for version {}, but the manifest announces {}",
                                           *signed_version, manifest.version))
                      .with_hint("a manifest pairing a new version with an older artifact: downgrade or mix-up"));
    report({"signed version", fmt::format("{} matches the manifest", *signed_version)});
  }

  UpdaterCheckResult out;
  out.version = manifest.version;
  out.platform_key = key;
  out.url = entry->url;
  out.bytes = bytes;
  out.trusted_comment = verified->trusted_comment;
  return out;
}

} // namespace weft::signing

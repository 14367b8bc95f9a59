#include <weft/bundlers/bundle_context.hpp>

#include <weft/base/hex.hpp>
#include <weft/signing/digest.hpp>

#include <weft/bundlers/appimage.hpp>
#include <weft/bundlers/deb.hpp>
#include <weft/bundlers/linux_staging.hpp>
#include <weft/bundlers/rpm.hpp>
#include <weft/signing/reproducible_time.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <elf.h>
#include <unistd.h>

namespace weft::bundlers {

namespace {

namespace fs = std::filesystem;

struct ArchRow {
  std::string_view cpu; // first component of the triple
  std::string_view deb;
  std::string_view rpm;
  std::string_view multiarch; // Debian's library directory name
  uint16_t elf_machine;
  bool is_64_bit;
};

constexpr auto k_arches = std::to_array<ArchRow>({
    {"x86_64", "amd64", "x86_64", "x86_64-linux-gnu", EM_X86_64, true},
    {"aarch64", "arm64", "aarch64", "aarch64-linux-gnu", EM_AARCH64, true},
    {"i686", "i386", "i686", "i386-linux-gnu", EM_386, false},
    {"armv7", "armhf", "armv7hl", "arm-linux-gnueabihf", EM_ARM, false},
    {"riscv64gc", "riscv64", "riscv64", "riscv64-linux-gnu", EM_RISCV, true},
});

// Removes the work folder whatever happens.
class WorkDir {
public:
  explicit WorkDir(fs::path path) : m_path(std::move(path)) {}
  ~WorkDir() {
    std::error_code ec;
    if (!m_path.empty()) fs::remove_all(m_path, ec);
  }
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;

private:
  fs::path m_path;
};

Result<std::vector<BundleFormat>> chosen_formats(const config::Manifest& manifest, const BundleOptions& options,
                                                 std::vector<Error>& warnings) {
  std::vector<BundleFormat> wanted = options.formats;
  if (wanted.empty()) {
    const nlohmann::json targets = manifest.config.value("/bundle/targets"_json_pointer, nlohmann::json("all"));
    if (targets.is_string() && targets.get<std::string>() != "all") {
      wanted.push_back(*parse_bundle_format(targets.get<std::string>()));
    } else if (targets.is_array()) {
      for (const auto& t : targets) wanted.push_back(*parse_bundle_format(t.get<std::string>()));
    } else {
      for (const BundleFormatInfo& info : k_bundle_formats)
        if (info.platform == config::Platform::linux && info.implemented) wanted.push_back(info.format);
    }
  }
  std::vector<BundleFormat> out;
  for (const BundleFormatInfo& info : k_bundle_formats) {
    if (std::find(wanted.begin(), wanted.end(), info.format) == wanted.end()) continue;
    if (info.platform != config::Platform::linux || !info.implemented) {
      warnings.push_back(Error::input(fmt::format("skipping {}: weft cannot make it for a Linux target yet", info.name))
                             .with_severity(Severity::warning));
      continue;
    }
    out.push_back(info.format);
  }
  if (out.empty())
    return fail(Error::input("no bundle format to make for this target").with_hint("pass --bundles deb,rpm"));
  return out;
}

} // namespace

std::string_view bundle_format_name(BundleFormat format) {
  for (const BundleFormatInfo& info : k_bundle_formats)
    if (info.format == format) return info.name;
  return "";
}

std::optional<BundleFormat> parse_bundle_format(std::string_view name) {
  for (const BundleFormatInfo& info : k_bundle_formats)
    if (info.name == name) return info.format;
  return std::nullopt;
}

std::string host_triple() {
#if defined(__x86_64__)
  return "x86_64-unknown-linux-gnu";
#elif defined(__aarch64__)
  return "aarch64-unknown-linux-gnu";
#elif defined(__i386__)
  return "i686-unknown-linux-gnu";
#elif defined(__arm__)
  return "armv7-unknown-linux-gnueabihf";
#elif defined(__riscv)
  return "riscv64gc-unknown-linux-gnu";
#else
#error "weft does not know this host's target triple"
#endif
}

Result<TargetInfo> target_info(std::string_view triple) {
  std::string_view cpu = triple.substr(0, triple.find('-'));
  if (triple.find("linux") == std::string_view::npos)
    return fail(Error::usage(fmt::format("target {} is not a Linux target", triple))
                    .with_hint("Linux packages need a *-linux-gnu target"));
  for (const ArchRow& row : k_arches)
    if (row.cpu == cpu)
      return TargetInfo{std::string(triple),        std::string(row.deb), std::string(row.rpm),
                        std::string(row.multiarch), row.elf_machine,      row.is_64_bit};
  return fail(Error::usage(fmt::format("unknown target CPU `{}` in {}", cpu, triple))
                  .with_hint("e.g. x86_64-unknown-linux-gnu, aarch64-unknown-linux-gnu"));
}

const nlohmann::json& BundleContext::value(std::string_view pointer) const {
  static const nlohmann::json k_null;
  try {
    nlohmann::json::json_pointer p{std::string(pointer)};
    return manifest->config.contains(p) ? manifest->config.at(p) : k_null;
  } catch (const nlohmann::json::exception&) {
    return k_null;
  }
}

Result<Artifact> finished_artifact(const std::filesystem::path& path, BundleFormat format) {
  Artifact artifact;
  artifact.path = path;
  artifact.format = format;
  std::error_code ec;
  artifact.size = std::filesystem::file_size(path, ec);
  if (ec) return fail(Error::io(path.string(), ec.value(), "read"));
  WEFT_TRY_ASSIGN(std::vector<uint8_t> sha, signing::digest_file(signing::DigestAlgorithm::sha256, path));
  artifact.sha256 = hex_lower(sha);
  return artifact;
}

Error BundleContext::error_at(std::string_view pointer, std::string message) const {
  return Error::at(manifest->locate(pointer), std::move(message));
}

Result<BundleResult> bundle_app(const config::Manifest& manifest, const BundleOptions& options) {
  BundleResult result;
  BundleContext context;
  context.manifest = &manifest;
  context.options = options;
  WEFT_TRY_ASSIGN(context.target, target_info(options.target.empty() ? host_triple() : options.target));
  WEFT_TRY_ASSIGN(std::optional<int64_t> epoch, signing::source_date_epoch());
  context.epoch = epoch.value_or(k_default_bundle_epoch);
  context.output_root = options.output_root.empty()
                            ? manifest.project_dir / "target" /
                                  (options.profile == Profile::debug ? "debug" : "release") / "bundle"
                            : options.output_root;
  WEFT_TRY_ASSIGN(std::vector<BundleFormat> formats, chosen_formats(manifest, options, result.warnings));

  // The work folder sits beside bundle/ (same file system, so finished
  // members move by reflink or in-kernel copy), and bundle/ itself only gets
  // the finished artifacts.
  std::error_code ec;
  const fs::path work_parent = context.output_root.parent_path().empty() ? "." : context.output_root.parent_path();
  fs::create_directories(work_parent, ec);
  if (ec) return fail(Error::io(work_parent.string(), ec.value(), "create"));
  std::string work = (work_parent / ".weft-bundle-XXXXXX").string();
  if (!::mkdtemp(work.data())) return fail(Error::io(work_parent.string(), errno, "create a folder in"));
  WorkDir cleanup(work);
  context.work_dir = work;

  WEFT_TRY_ASSIGN(LinuxStaging staging, stage_linux(context));
  WEFT_TRY(staging.finish());
  for (Error& w : staging.warnings) result.warnings.push_back(std::move(w));
  for (BundleFormat format : formats) {
    Result<std::vector<Artifact>> made = fail(Error::input("unreachable"));
    switch (format) {
    case BundleFormat::deb: made = bundle_deb(context, staging); break;
    case BundleFormat::rpm: made = bundle_rpm(context, staging); break;
    case BundleFormat::appimage:
      made = bundle_appimage(context, staging);
      break;
    default: continue;
    }
    if (!made) return fail(std::move(made).error());
    for (Artifact& a : *made) result.artifacts.push_back(std::move(a));
  }
  for (Error& w : context.warnings) result.warnings.push_back(std::move(w));
  return result;
}

} // namespace weft::bundlers

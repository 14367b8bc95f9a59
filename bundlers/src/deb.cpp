#include <weft/bundlers/deb.hpp>

#include "ar_writer.hpp"
#include "freedesktop.hpp"
#include "template_text.hpp"

#include <weft/base/atomic_file.hpp>
#include <weft/base/file.hpp>
#include <weft/base/hex.hpp>
#include <weft/base/interrupt.hpp>
#include <weft/bundlers/archive_writer.hpp>
#include <weft/bundlers/deb_dependencies.hpp>
#include <weft/bundlers/debian_version.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <ctime>
#include <fcntl.h>
#include <map>
#include <set>
#include <thread>
#include <unistd.h>

namespace weft::embedded {
std::string_view linux_copyright();
std::string_view linux_changelog();
} // namespace weft::embedded

namespace weft::bundlers {

namespace {

namespace fs = std::filesystem;

// Licenses whose text Debian ships in /usr/share/common-licenses.
constexpr auto k_common_licenses = std::to_array<std::string_view>(
    {"Apache-2.0", "Artistic", "BSD", "CC0-1.0", "GFDL-1.2", "GFDL-1.3", "GPL-1", "GPL-2", "GPL-3", "LGPL-2",
     "LGPL-2.1", "LGPL-3", "MPL-1.1", "MPL-2.0"});

std::vector<std::string> string_list(const BundleContext& context, std::string_view pointer) {
  std::vector<std::string> out;
  const nlohmann::json& v = context.value(pointer);
  if (v.is_array())
    for (const auto& s : v) out.push_back(s.get<std::string>());
  return out;
}

// Debian's extended description: each line indented, blank lines as " .".
std::string extended_description(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    out += line.find_first_not_of(" \t") == std::string_view::npos ? " .\n" : " " + std::string(line) + "\n";
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

// Debian's synopsis starts without an article ("A tool…" -> "Tool…") and
// has no final full stop.
std::string debian_synopsis(std::string summary) {
  for (std::string_view article : {"A ", "An ", "The "}) {
    if (summary.starts_with(article) && summary.size() > article.size()) {
      summary.erase(0, article.size());
      summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(summary[0])));
      break;
    }
  }
  while (!summary.empty() && summary.back() == '.') summary.pop_back();
  return summary;
}

std::string rfc2822_date(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", k_days[tm.tm_wday], tm.tm_mday, k_months[tm.tm_mon],
                     tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

Result<std::string> copyright_file(const BundleContext& context) {
  const nlohmann::json& license = context.value("/bundle/license");
  const nlohmann::json& license_file = context.value("/bundle/licenseFile");
  const nlohmann::json& copyright = context.value("/bundle/copyright");
  const nlohmann::json& homepage = context.value("/bundle/homepage");
  std::string name = license.is_string() ? license.get<std::string>() : "";
  std::string text;
  if (license_file.is_string()) {
    auto content = read_file(context.manifest->project_dir / license_file.get<std::string>());
    if (!content) return fail(context.error_at("/bundle/licenseFile", content.error().message()));
    text = extended_description(*content);
    if (name.empty()) name = "LicenseRef-custom";
  } else if (std::find(k_common_licenses.begin(), k_common_licenses.end(), name) != k_common_licenses.end()) {
    text = fmt::format(" On Debian systems, the full text of this license is in\n /usr/share/common-licenses/{}.\n",
                       name);
  }
  if (name.empty()) name = "LicenseRef-proprietary";
  std::string holder = copyright.is_string() ? copyright.get<std::string>()
                                             : fmt::format("{} {}", iso_date(context.epoch).substr(0, 4),
                                                           context.manifest->product_name);
  return fill_template(embedded::linux_copyright(),
                       {{"upstream_name", context.manifest->product_name},
                        {"source_line", homepage.is_string() ? "Source: " + homepage.get<std::string>() + "\n" : ""},
                        {"copyright", holder},
                        {"license", name},
                        {"license_text", text}});
}

struct DataResult {
  std::map<std::string, std::string> md5; // path -> hex
  uint64_t installed_kib = 0;
};

// data.tar: every directory on the way (./, ./usr/, …), then the entries.
Result<DataResult> write_data_tar(int fd, const std::string& display, const BundleContext& context,
                                  const std::vector<StagedEntry>& entries, Compression compression) {
  std::set<std::string> dirs{"./"};
  for (const StagedEntry& e : entries)
    for (fs::path p = fs::path(e.path).parent_path(); !p.empty(); p = p.parent_path()) dirs.insert("./" + p.generic_string() + "/");
  std::vector<std::pair<std::string, const StagedEntry*>> items;
  for (const std::string& d : dirs) items.emplace_back(d, nullptr);
  for (const StagedEntry& e : entries) items.emplace_back("./" + e.path, &e);
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

  // The md5sums of files on disk are computed on a thread of their own, from
  // a second read of each file (from the page cache), while this one feeds
  // the archive and the compressor's workers.
  std::vector<const StagedEntry*> on_disk;
  for (const auto& [path, entry] : items)
    if (entry && entry->kind != EntryKind::symlink && !entry->source.empty()) on_disk.push_back(entry);
  std::vector<Result<std::vector<uint8_t>>> disk_md5(on_disk.size(), std::vector<uint8_t>{});
  std::jthread md5_thread([&](std::stop_token stop) {
    for (size_t i = 0; i < on_disk.size() && !stop.stop_requested() && !interrupted(); ++i)
      disk_md5[i] = signing::digest_file(signing::DigestAlgorithm::md5, on_disk[i]->source);
  });

  ArchiveSettings settings;
  settings.format = ArchiveFormat::tar;
  settings.compression = compression;
  settings.mtime = context.epoch;
  WEFT_TRY_ASSIGN(ArchiveWriter tar, ArchiveWriter::open(fd, display, settings));
  DataResult result;
  signing::DigestStream md5(signing::DigestAlgorithm::md5);
  for (const auto& [path, entry] : items) {
    if (!entry) {
      WEFT_TRY(tar.add_directory(path, 0755));
      result.installed_kib += 1;
      continue;
    }
    if (entry->kind == EntryKind::symlink) {
      WEFT_TRY(tar.add_symlink(path, entry->link_target));
      result.installed_kib += 1;
      continue;
    }
    if (entry->source.empty()) {
      WEFT_TRY(tar.add_bytes(path, entry->content, entry->mode, {&md5}));
      result.md5[entry->path] = hex_lower(md5.finish());
    } else {
      WEFT_TRY(tar.add_file(path, entry->source, entry->mode));
    }
    result.installed_kib += (entry->size + 1023) / 1024;
  }
  WEFT_TRY(tar.finish());
  md5_thread.join();
  if (interrupted()) return fail(Error::interrupted());
  for (size_t i = 0; i < on_disk.size(); ++i) {
    if (!disk_md5[i]) return fail(std::move(disk_md5[i]).error());
    result.md5[on_disk[i]->path] = hex_lower(*disk_md5[i]);
  }
  return result;
}

} // namespace

Result<std::string> package_maintainer(const BundleContext& context) {
  const nlohmann::json& publisher = context.value("/bundle/publisher");
  const std::string hint = "write bundle.publisher as \"Name <email@example.com>\"; Debian and RPM packages name "
                           "their maintainer with an e-mail address";
  if (!publisher.is_string())
    return fail(context.error_at("/bundle", "bundle.publisher is missing: Linux packages need a maintainer")
                    .with_hint(hint));
  std::string p = publisher.get<std::string>();
  size_t lt = p.find('<'), gt = p.find('>');
  if (lt == std::string::npos || gt == std::string::npos || gt < lt || p.find('@', lt) > gt || gt + 1 != p.size() ||
      lt == 0)
    return fail(context.error_at("/bundle/publisher",
                                 fmt::format("publisher `{}` has no e-mail address in the form `Name <email>`", p))
                    .with_hint(hint));
  return p;
}

Result<std::vector<Artifact>> bundle_deb(const BundleContext& context, const LinuxStaging& base) {
  const config::Manifest& manifest = *context.manifest;
  auto version = debian_version_from_semver(manifest.version);
  if (!version)
    return fail(context.error_at("/version", fmt::format("version {} cannot be written as a Debian version: a `-` "
                                                         "inside the pre-release or build part would read as "
                                                         "the Debian revision",
                                                         manifest.version))
                    .with_hint("use `.` instead of `-` inside the pre-release, e.g. 1.0.0-rc.1"));
  WEFT_TRY_ASSIGN(std::string maintainer, package_maintainer(context));

  LinuxStaging staging = base;
  const std::string doc = "usr/share/doc/" + staging.package_name;
  auto add_inline = [&](std::string path, std::string content, mode_t mode = 0644) {
    StagedEntry e;
    e.path = std::move(path);
    e.mode = mode;
    e.size = content.size();
    e.content = std::move(content);
    staging.add(std::move(e));
  };
  WEFT_TRY_ASSIGN(std::string copyright, copyright_file(context));
  add_inline(doc + "/copyright", std::move(copyright));
  const nlohmann::json& changelog = context.value("/bundle/linux/deb/changelog");
  if (changelog.is_string()) {
    auto text = read_file(manifest.project_dir / changelog.get<std::string>());
    if (!text) return fail(context.error_at("/bundle/linux/deb/changelog", text.error().message()));
    add_inline(doc + "/changelog.gz", gzip_max(*text));
  } else {
    add_inline(doc + "/changelog.gz",
               gzip_max(fill_template(embedded::linux_changelog(), {{"package", staging.package_name},
                                                                    {"version", *version},
                                                                    {"product", manifest.product_name},
                                                                    {"maintainer", maintainer},
                                                                    {"date", rfc2822_date(context.epoch)}})));
  }
  std::vector<std::string> conffiles;
  WEFT_TRY_ASSIGN(std::vector<std::string> extra, add_package_files(context, "/bundle/linux/deb/files", staging));
  for (const std::string& path : extra)
    if (path.starts_with("etc/")) conffiles.push_back("/" + path);
  WEFT_TRY(staging.finish());

  // Depends.
  DebDependencies derived = debian_dependencies(staging.elf_objects, "/var/lib/dpkg/info", context.target.deb_arch);
  std::vector<std::string> depends =
      merge_debian_dependencies(derived.depends, string_list(context, "/bundle/linux/deb/depends"));
  for (Error& w : derived.warnings) context.warnings.push_back(std::move(w));

  const nlohmann::json& compression_value = context.value("/bundle/linux/deb/compression");
  const Compression compression = compression_value.is_string()
                                      ? parse_compression(compression_value.get<std::string>()).value_or(Compression::gzip)
                                      : Compression::gzip;

  const fs::path dir = context.output_root / "deb";
  const fs::path out = dir / fmt::format("{}_{}_{}.deb", staging.package_name, *version, context.target.deb_arch);

  // data.tar first, into the work folder: md5sums and Installed-Size go into
  // the control member, which precedes it.
  WEFT_TRY_ASSIGN(AtomicFile data_file, AtomicFile::create(context.work_dir / "data.tar"));
  WEFT_TRY_ASSIGN(DataResult data, write_data_tar(data_file.fd(), out.string(), context, staging.entries, compression));
  const off_t data_size = ::lseek(data_file.fd(), 0, SEEK_END);

  std::string md5sums;
  for (const auto& [path, md5] : data.md5)
    if (std::find(conffiles.begin(), conffiles.end(), "/" + path) == conffiles.end()) md5sums += md5 + "  " + path + "\n";

  const nlohmann::json& section = context.value("/bundle/linux/deb/section");
  const nlohmann::json& priority = context.value("/bundle/linux/deb/priority");
  const nlohmann::json& homepage = context.value("/bundle/homepage");
  std::string control = fmt::format("Package: {}\nVersion: {}\nArchitecture: {}\nMaintainer: {}\nInstalled-Size: {}\n",
                                    staging.package_name, *version, context.target.deb_arch, maintainer,
                                    data.installed_kib);
  auto relation = [&](std::string_view field, const std::vector<std::string>& values) {
    if (values.empty()) return;
    control += fmt::format("{}: {}\n", field, fmt::join(values, ", "));
  };
  relation("Depends", depends);
  relation("Recommends", string_list(context, "/bundle/linux/deb/recommends"));
  relation("Conflicts", string_list(context, "/bundle/linux/deb/conflicts"));
  relation("Replaces", string_list(context, "/bundle/linux/deb/replaces"));
  relation("Provides", string_list(context, "/bundle/linux/deb/provides"));
  control += fmt::format("Section: {}\nPriority: {}\n", section.is_string() ? section.get<std::string>() : "utils",
                         priority.is_string() ? priority.get<std::string>() : "optional");
  if (homepage.is_string()) control += fmt::format("Homepage: {}\n", homepage.get<std::string>());
  control += fmt::format("Description: {}\n{}", debian_synopsis(staging.summary),
                         extended_description(wrap_text(staging.description, 79)));

  // control.tar.gz: ./control, ./md5sums, conffiles and scripts, sorted.
  std::vector<std::tuple<std::string, std::string, mode_t>> members{{"./control", control, 0644},
                                                                    {"./md5sums", md5sums, 0644}};
  if (!conffiles.empty()) members.emplace_back("./conffiles", fmt::format("{}\n", fmt::join(conffiles, "\n")), 0644);
  constexpr std::pair<std::string_view, std::string_view> k_scripts[] = {{"preInstallScript", "preinst"},
                                                                       {"postInstallScript", "postinst"},
                                                                       {"preRemoveScript", "prerm"},
                                                                       {"postRemoveScript", "postrm"}};
  for (const auto& [key, name] : k_scripts) {
    const std::string pointer = "/bundle/linux/deb/" + std::string(key);
    const nlohmann::json& script = context.value(pointer);
    if (!script.is_string()) continue;
    auto text = read_file(manifest.project_dir / script.get<std::string>());
    if (!text) return fail(context.error_at(pointer, text.error().message()));
    members.emplace_back("./" + std::string(name), *text, 0755);
  }
  std::sort(members.begin(), members.end());

  WEFT_TRY_ASSIGN(AtomicFile control_file, AtomicFile::create(context.work_dir / "control.tar.gz"));
  {
    ArchiveSettings settings;
    settings.format = ArchiveFormat::tar;
    settings.compression = Compression::gzip;
    settings.level = 9;
    settings.mtime = context.epoch;
    WEFT_TRY_ASSIGN(ArchiveWriter tar, ArchiveWriter::open(control_file.fd(), out.string(), settings));
    WEFT_TRY(tar.add_directory("./", 0755));
    for (const auto& [name, content, mode] : members) WEFT_TRY(tar.add_bytes(name, content, mode));
    WEFT_TRY(tar.finish());
  }
  const off_t control_size = ::lseek(control_file.fd(), 0, SEEK_END);

  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(Error::io(dir.string(), ec.value(), "create"));
  WEFT_TRY_ASSIGN(AtomicFile deb, AtomicFile::create(out));
  ArWriter ar(deb.fd(), out.string(), context.epoch);
  WEFT_TRY(ar.begin());
  WEFT_TRY(ar.add_bytes("debian-binary", "2.0\n"));
  WEFT_TRY(ar.add_file("control.tar.gz", control_file.fd(), static_cast<uint64_t>(control_size)));
  WEFT_TRY(ar.add_file("data.tar" + std::string(compression_info(compression).suffix), data_file.fd(),
                       static_cast<uint64_t>(data_size)));
  WEFT_TRY(deb.commit());

  WEFT_TRY_ASSIGN(Artifact artifact, finished_artifact(out, BundleFormat::deb));
  return std::vector<Artifact>{artifact};
}

} // namespace weft::bundlers

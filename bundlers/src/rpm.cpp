#include <weft/bundlers/rpm.hpp>

#include "freedesktop.hpp"
#include "rpm_header.hpp"

#include <weft/base/atomic_file.hpp>
#include <weft/base/file.hpp>
#include <weft/base/hex.hpp>
#include <weft/bundlers/archive_writer.hpp>
#include <weft/bundlers/deb.hpp>
#include <weft/bundlers/debian_version.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <fcntl.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace weft::bundlers {

namespace {

namespace fs = std::filesystem;

// Tags (rpm's include/rpm/rpmtag.h).
enum : uint32_t {
  k_tag_signatures = 62,
  k_tag_immutable = 63,
  k_tag_i18ntable = 100,
  k_sig_rsa = 268,
  k_sig_sha1 = 269,
  k_sig_sha256 = 273,
  k_sig_size = 1000,
  k_sig_md5 = 1004,
  k_sig_payloadsize = 1007,
  k_tag_name = 1000,
  k_tag_version = 1001,
  k_tag_release = 1002,
  k_tag_epoch = 1003,
  k_tag_summary = 1004,
  k_tag_description = 1005,
  k_tag_buildtime = 1006,
  k_tag_buildhost = 1007,
  k_tag_size = 1009,
  k_tag_license = 1014,
  k_tag_packager = 1015,
  k_tag_group = 1016,
  k_tag_url = 1020,
  k_tag_os = 1021,
  k_tag_arch = 1022,
  k_tag_prein = 1023,
  k_tag_postin = 1024,
  k_tag_preun = 1025,
  k_tag_postun = 1026,
  k_tag_filesizes = 1028,
  k_tag_filemodes = 1030,
  k_tag_filerdevs = 1033,
  k_tag_filemtimes = 1034,
  k_tag_filedigests = 1035,
  k_tag_filelinktos = 1036,
  k_tag_fileflags = 1037,
  k_tag_fileusername = 1039,
  k_tag_filegroupname = 1040,
  k_tag_sourcerpm = 1044,
  k_tag_provideflags = 1112,
  k_tag_providename = 1047,
  k_tag_provideversion = 1113,
  k_tag_requireflags = 1048,
  k_tag_requirename = 1049,
  k_tag_requireversion = 1050,
  k_tag_conflictflags = 1053,
  k_tag_conflictname = 1054,
  k_tag_conflictversion = 1055,
  k_tag_rpmversion = 1064,
  k_tag_changelogtime = 1080,
  k_tag_changelogname = 1081,
  k_tag_changelogtext = 1082,
  k_tag_preinprog = 1085,
  k_tag_postinprog = 1086,
  k_tag_preunprog = 1087,
  k_tag_postunprog = 1088,
  k_tag_obsoletename = 1090,
  k_tag_filedevices = 1095,
  k_tag_fileinodes = 1096,
  k_tag_filelangs = 1097,
  k_tag_obsoleteflags = 1114,
  k_tag_obsoleteversion = 1115,
  k_tag_dirindexes = 1116,
  k_tag_basenames = 1117,
  k_tag_dirnames = 1118,
  k_tag_payloadformat = 1124,
  k_tag_payloadcompressor = 1125,
  k_tag_payloadflags = 1126,
  k_tag_filedigestalgo = 5011,
  k_tag_recommendname = 5046,
  k_tag_recommendversion = 5047,
  k_tag_recommendflags = 5048,
  k_tag_payloaddigest = 5092,
  k_tag_payloaddigestalgo = 5093,
};

enum : uint32_t {
  k_sense_less = 1 << 1,
  k_sense_greater = 1 << 2,
  k_sense_equal = 1 << 3,
  k_sense_find_requires = 1 << 14,
  k_sense_rpmlib = 1 << 24,
};

enum : uint32_t { k_file_config = 1, k_file_doc = 2, k_file_license = 128 };

constexpr uint32_t k_digest_sha256 = 8;

struct Relation {
  std::string name;
  uint32_t flags = 0;
  std::string version;
};

// "libfoo >= 1.2" -> {libfoo, GREATER|EQUAL, 1.2}.
Relation parse_relation(std::string_view text) {
  std::string t(text);
  constexpr std::pair<std::string_view, uint32_t> k_ops[] = {{">=", k_sense_greater | k_sense_equal},
                                                             {"<=", k_sense_less | k_sense_equal},
                                                             {"=", k_sense_equal},
                                                             {">", k_sense_greater},
                                                             {"<", k_sense_less}};
  for (const auto& [op, flags] : k_ops) {
    size_t pos = t.find(std::string(" ") + std::string(op) + " ");
    if (pos == std::string::npos) continue;
    return {t.substr(0, pos), flags, t.substr(pos + op.size() + 2)};
  }
  return {t, 0, ""};
}

void add_relations(RpmHeader& h, uint32_t name_tag, uint32_t flags_tag, uint32_t version_tag,
                   const std::vector<Relation>& relations) {
  if (relations.empty()) return;
  std::vector<std::string> names, versions;
  std::vector<uint32_t> flags;
  for (const Relation& r : relations) {
    names.push_back(r.name);
    flags.push_back(r.flags);
    versions.push_back(r.version);
  }
  h.add_string_array(name_tag, names);
  h.add_int32(flags_tag, flags);
  h.add_string_array(version_tag, versions);
}

std::vector<std::string> string_list(const BundleContext& context, std::string_view pointer) {
  std::vector<std::string> out;
  const nlohmann::json& v = context.value(pointer);
  if (v.is_array())
    for (const auto& s : v) out.push_back(s.get<std::string>());
  return out;
}

// The RPM Group from bundle.category (rpmlint treats "Unspecified" as none).
std::string rpm_group(const BundleContext& context) {
  constexpr std::pair<std::string_view, std::string_view> k_groups[] = {
      {"DeveloperTool", "Development/Tools"}, {"Education", "Applications/Education"},
      {"Game", "Amusements/Games"},           {"GraphicsAndDesign", "Applications/Multimedia"},
      {"Music", "Applications/Multimedia"},   {"Photography", "Applications/Multimedia"},
      {"Video", "Applications/Multimedia"},   {"SocialNetworking", "Applications/Internet"},
      {"News", "Applications/Internet"},      {"Utility", "Applications/System"}};
  const nlohmann::json& category = context.value("/bundle/category");
  if (category.is_string()) {
    const std::string c = category.get<std::string>();
    for (const auto& [name, group] : k_groups)
      if (c == name || (name == "Game" && c.ends_with("Game"))) return std::string(group);
  }
  return "Applications/Productivity";
}

struct RpmFile {
  std::string path; // absolute, e.g. /usr/bin/x
  const StagedEntry* entry = nullptr; // null: a directory the package owns
  uint32_t flags = 0;
  std::string sha256;
};

} // namespace

std::vector<std::string> rpm_elf_requires(const std::vector<PackagedObject>& objects, bool is_64_bit) {
  const std::string suffix = is_64_bit ? "(64bit)" : "";
  std::set<std::string> own;
  for (const PackagedObject& o : objects)
    if (!o.elf.soname.empty()) own.insert(o.elf.soname);
  std::set<std::string> out;
  for (const PackagedObject& o : objects) {
    for (const std::string& soname : o.elf.needed)
      if (!own.contains(soname)) out.insert(soname + "()" + suffix);
    for (const ImportedSymbol& s : o.elf.imports)
      if (!s.library.empty() && !s.version.empty() && !own.contains(s.library))
        out.insert(s.library + "(" + s.version + ")" + suffix);
  }
  return {out.begin(), out.end()};
}

Result<std::vector<Artifact>> bundle_rpm(const BundleContext& context, const LinuxStaging& base) {
  const config::Manifest& manifest = *context.manifest;
  auto version = rpm_version_from_semver(manifest.version);
  if (!version)
    return fail(context.error_at("/version", fmt::format("version {} cannot be written as an RPM version (no `-` "
                                                         "allowed inside the pre-release or build part)",
                                                         manifest.version))
                    .with_hint("use `.` instead of `-` inside the pre-release, e.g. 1.0.0-rc.1"));
  WEFT_TRY_ASSIGN(std::string packager, package_maintainer(context));
  const nlohmann::json& release_value = context.value("/bundle/linux/rpm/release");
  const std::string release = release_value.is_string() ? release_value.get<std::string>() : "1";
  const nlohmann::json& epoch_value = context.value("/bundle/linux/rpm/epoch");

  LinuxStaging staging = base;
  const nlohmann::json& license_file = context.value("/bundle/licenseFile");
  if (license_file.is_string()) {
    const fs::path source = manifest.project_dir / license_file.get<std::string>();
    std::error_code ec;
    if (!fs::is_regular_file(source, ec))
      return fail(context.error_at("/bundle/licenseFile", fmt::format("{}: no such file", source.string())));
    StagedEntry e;
    e.path = "usr/share/licenses/" + staging.package_name + "/" + source.filename().string();
    e.source = source;
    e.size = fs::file_size(source, ec);
    staging.add(std::move(e));
    staging.add_owned_dir("usr/share/licenses/" + staging.package_name);
  }
  WEFT_TRY(add_package_files(context, "/bundle/linux/rpm/files", staging));
  WEFT_TRY(staging.finish());

  // Files and owned directories, sorted by path as rpm lists them.
  std::vector<RpmFile> list;
  for (const std::string& d : staging.own_dirs) list.push_back({"/" + d, nullptr, 0, ""});
  for (const StagedEntry& e : staging.entries) {
    uint32_t flags = 0;
    if (e.path.starts_with("usr/share/man/") || e.path.starts_with("usr/share/doc/")) flags = k_file_doc;
    if (e.path.starts_with("usr/share/licenses/")) flags = k_file_license;
    if (e.path.starts_with("etc/")) flags = k_file_config;
    list.push_back({"/" + e.path, &e, flags, ""});
  }
  std::sort(list.begin(), list.end(), [](const RpmFile& a, const RpmFile& b) { return a.path < b.path; });

  // The payload first, into the work folder: the header records its digest.
  const nlohmann::json& compression_value = context.value("/bundle/linux/rpm/compression");
  const Compression compression = compression_value.is_string()
                                      ? parse_compression(compression_value.get<std::string>()).value_or(Compression::zstd)
                                      : Compression::zstd;
  const std::string arch = context.target.rpm_arch;
  const std::string nvr = fmt::format("{}-{}-{}", staging.package_name, *version, release);
  const fs::path dir = context.output_root / "rpm";
  const fs::path out = dir / fmt::format("{}.{}.rpm", nvr, arch);

  WEFT_TRY_ASSIGN(AtomicFile payload_file, AtomicFile::create(context.work_dir / "payload.cpio"));
  signing::DigestStream payload_digest(signing::DigestAlgorithm::sha256);
  uint64_t payload_size = 0;
  {
    ArchiveSettings settings;
    settings.format = ArchiveFormat::cpio;
    settings.compression = compression;
    settings.mtime = context.epoch;
    WEFT_TRY_ASSIGN(ArchiveWriter cpio, ArchiveWriter::open(payload_file.fd(), out.string(), settings));
    cpio.digest_output(&payload_digest);
    signing::DigestStream sha(signing::DigestAlgorithm::sha256);
    for (RpmFile& f : list) {
      const std::string name = "." + f.path;
      if (!f.entry) {
        WEFT_TRY(cpio.add_directory(name, 0755));
        continue;
      }
      if (f.entry->kind == EntryKind::symlink) {
        WEFT_TRY(cpio.add_symlink(name, f.entry->link_target));
        continue;
      }
      if (f.entry->source.empty())
        WEFT_TRY(cpio.add_bytes(name, f.entry->content, f.entry->mode, {&sha}));
      else
        WEFT_TRY(cpio.add_file(name, f.entry->source, f.entry->mode, {&sha}));
      f.sha256 = hex_lower(sha.finish());
    }
    WEFT_TRY(cpio.finish());
    payload_size = 0;
  }
  const off_t compressed_size = ::lseek(payload_file.fd(), 0, SEEK_END);
  // The uncompressed cpio size: what the archive held before compression.
  for (const RpmFile& f : list) {
    const uint64_t name = f.path.size() + 2; // "." prefix and NUL
    const uint64_t content = f.entry ? (f.entry->kind == EntryKind::symlink ? f.entry->link_target.size() : f.entry->size) : 0;
    payload_size += ((110 + name + 3) & ~uint64_t{3}) + ((content + 3) & ~uint64_t{3});
  }
  payload_size += (110 + 11 + 3) & ~uint64_t{3}; // TRAILER!!!

  // The main header.
  RpmHeader h;
  h.add_string_array(k_tag_i18ntable, {"C"});
  h.add_string(k_tag_name, staging.package_name);
  h.add_string(k_tag_version, *version);
  h.add_string(k_tag_release, release);
  if (epoch_value.is_number_integer()) h.add_int32(k_tag_epoch, {epoch_value.get<uint32_t>()});
  h.add_i18n_string(k_tag_summary, staging.summary);
  h.add_i18n_string(k_tag_description, wrap_text(staging.description, 79));
  h.add_int32(k_tag_buildtime, {static_cast<uint32_t>(context.epoch)});
  // A fixed build host: the real one would make builds differ between machines.
  h.add_string(k_tag_buildhost, "localhost");
  uint64_t total = 0;
  for (const RpmFile& f : list)
    if (f.entry) total += f.entry->size;
  h.add_int32(k_tag_size, {static_cast<uint32_t>(std::min<uint64_t>(total, UINT32_MAX))});
  const nlohmann::json& license = context.value("/bundle/license");
  h.add_string(k_tag_license, license.is_string() ? license.get<std::string>() : "LicenseRef-proprietary");
  h.add_string(k_tag_packager, packager);
  h.add_i18n_string(k_tag_group, rpm_group(context));
  const nlohmann::json& homepage = context.value("/bundle/homepage");
  if (homepage.is_string()) h.add_string(k_tag_url, homepage.get<std::string>());
  h.add_string(k_tag_os, "linux");
  h.add_string(k_tag_arch, arch);

  std::vector<uint32_t> sizes, mtimes, fflags, devices, inodes, dirindexes;
  std::vector<uint16_t> modes, rdevs;
  std::vector<std::string> digests, links, users, groups, langs, basenames, dirnames;
  uint32_t inode = 1;
  for (const RpmFile& f : list) {
    const StagedEntry* e = f.entry;
    sizes.push_back(e ? static_cast<uint32_t>(e->kind == EntryKind::symlink ? e->link_target.size() : e->size) : 0);
    modes.push_back(static_cast<uint16_t>(!e ? (S_IFDIR | 0755)
                                             : e->kind == EntryKind::symlink ? (S_IFLNK | 0777) : (S_IFREG | e->mode)));
    rdevs.push_back(0);
    mtimes.push_back(static_cast<uint32_t>(context.epoch));
    digests.push_back(f.sha256);
    links.push_back(e && e->kind == EntryKind::symlink ? e->link_target : "");
    fflags.push_back(f.flags);
    users.push_back("root");
    groups.push_back("root");
    devices.push_back(1);
    inodes.push_back(inode++);
    langs.push_back("");
    const size_t slash = f.path.rfind('/');
    const std::string dirname = f.path.substr(0, slash + 1);
    basenames.push_back(f.path.substr(slash + 1));
    auto it = std::find(dirnames.begin(), dirnames.end(), dirname);
    if (it == dirnames.end()) {
      dirnames.push_back(dirname);
      it = dirnames.end() - 1;
    }
    dirindexes.push_back(static_cast<uint32_t>(it - dirnames.begin()));
  }
  h.add_int32(k_tag_filesizes, sizes);
  h.add_int16(k_tag_filemodes, modes);
  h.add_int16(k_tag_filerdevs, rdevs);
  h.add_int32(k_tag_filemtimes, mtimes);
  h.add_string_array(k_tag_filedigests, digests);
  h.add_string_array(k_tag_filelinktos, links);
  h.add_int32(k_tag_fileflags, fflags);
  h.add_string_array(k_tag_fileusername, users);
  h.add_string_array(k_tag_filegroupname, groups);
  h.add_string(k_tag_sourcerpm, nvr + ".src.rpm");
  h.add_int32(k_tag_filedevices, devices);
  h.add_int32(k_tag_fileinodes, inodes);
  h.add_string_array(k_tag_filelangs, langs);
  h.add_int32(k_tag_dirindexes, dirindexes);
  h.add_string_array(k_tag_basenames, basenames);
  h.add_string_array(k_tag_dirnames, dirnames);
  h.add_int32(k_tag_filedigestalgo, {k_digest_sha256});

  const std::string evr =
      (epoch_value.is_number_integer() ? fmt::format("{}:", epoch_value.get<uint32_t>()) : "") + *version + "-" + release;
  std::vector<Relation> provides{{staging.package_name, k_sense_equal, evr},
                                 {staging.package_name + "(" + arch + ")", k_sense_equal, evr}};
  for (const std::string& p : string_list(context, "/bundle/linux/rpm/provides")) provides.push_back(parse_relation(p));
  add_relations(h, k_tag_providename, k_tag_provideflags, k_tag_provideversion, provides);

  std::vector<Relation> requires_;
  for (const std::string& r : rpm_elf_requires(staging.elf_objects, context.target.is_64_bit))
    requires_.push_back({r, k_sense_find_requires, ""});
  for (const std::string& r : string_list(context, "/bundle/linux/rpm/depends")) requires_.push_back(parse_relation(r));
  const std::string compressor = compression == Compression::none ? "" : std::string(compression_info(compression).name);
  requires_.push_back({"rpmlib(CompressedFileNames)", k_sense_less | k_sense_equal | k_sense_rpmlib, "3.0.4-1"});
  requires_.push_back({"rpmlib(FileDigests)", k_sense_less | k_sense_equal | k_sense_rpmlib, "4.6.0-1"});
  requires_.push_back({"rpmlib(PayloadFilesHavePrefix)", k_sense_less | k_sense_equal | k_sense_rpmlib, "4.0-1"});
  if (compression == Compression::zstd)
    requires_.push_back({"rpmlib(PayloadIsZstd)", k_sense_less | k_sense_equal | k_sense_rpmlib, "5.4.18-1"});
  if (compression == Compression::xz)
    requires_.push_back({"rpmlib(PayloadIsXz)", k_sense_less | k_sense_equal | k_sense_rpmlib, "5.2-1"});
  std::sort(requires_.begin(), requires_.end(), [](const Relation& a, const Relation& b) { return a.name < b.name; });
  add_relations(h, k_tag_requirename, k_tag_requireflags, k_tag_requireversion, requires_);

  std::vector<Relation> conflicts, obsoletes, recommends;
  for (const std::string& c : string_list(context, "/bundle/linux/rpm/conflicts")) conflicts.push_back(parse_relation(c));
  for (const std::string& c : string_list(context, "/bundle/linux/rpm/obsoletes")) obsoletes.push_back(parse_relation(c));
  for (const std::string& c : string_list(context, "/bundle/linux/rpm/recommends")) recommends.push_back(parse_relation(c));
  add_relations(h, k_tag_conflictname, k_tag_conflictflags, k_tag_conflictversion, conflicts);
  add_relations(h, k_tag_obsoletename, k_tag_obsoleteflags, k_tag_obsoleteversion, obsoletes);
  add_relations(h, k_tag_recommendname, k_tag_recommendflags, k_tag_recommendversion, recommends);

  constexpr std::tuple<std::string_view, uint32_t, uint32_t> k_scripts[] = {
      {"preInstallScript", k_tag_prein, k_tag_preinprog},
      {"postInstallScript", k_tag_postin, k_tag_postinprog},
      {"preRemoveScript", k_tag_preun, k_tag_preunprog},
      {"postRemoveScript", k_tag_postun, k_tag_postunprog}};
  for (const auto& [key, tag, prog] : k_scripts) {
    const std::string pointer = "/bundle/linux/rpm/" + std::string(key);
    const nlohmann::json& script = context.value(pointer);
    if (!script.is_string()) continue;
    auto text = read_file(manifest.project_dir / script.get<std::string>());
    if (!text) return fail(context.error_at(pointer, text.error().message()));
    h.add_string(tag, *text);
    h.add_string(prog, "/bin/sh");
  }

  h.add_string(k_tag_rpmversion, "4.18.0");
  h.add_int32(k_tag_changelogtime, {static_cast<uint32_t>(context.epoch / 86400 * 86400 + 43200)});
  h.add_string_array(k_tag_changelogname, {fmt::format("{} - {}", packager, evr)});
  h.add_string_array(k_tag_changelogtext, {fmt::format("- {} {}", manifest.product_name, *version)});
  h.add_string(k_tag_payloadformat, "cpio");
  if (!compressor.empty()) {
    h.add_string(k_tag_payloadcompressor, compressor);
    h.add_string(k_tag_payloadflags, std::to_string(compression_info(compression).default_level));
  }
  h.add_string_array(k_tag_payloaddigest, {hex_lower(payload_digest.finish())});
  h.add_int32(k_tag_payloaddigestalgo, {k_digest_sha256});
  const std::string header = h.serialize(k_tag_immutable);

  // The signature header: digests of the header and of header + payload.
  signing::DigestStream md5(signing::DigestAlgorithm::md5);
  md5.update(header);
  {
    std::vector<char> buffer(size_t{1} << 20);
    off_t offset = 0;
    while (offset < compressed_size) {
      ssize_t n = ::pread(payload_file.fd(), buffer.data(), buffer.size(), offset);
      if (n <= 0) return fail(Error::io(payload_file.temp_path().string(), errno, "read"));
      md5.update(std::string_view(buffer.data(), static_cast<size_t>(n)));
      offset += n;
    }
  }
  RpmHeader sig;
  sig.add_string(k_sig_sha1, hex_lower(signing::digest_bytes(signing::DigestAlgorithm::sha1, header)));
  sig.add_string(k_sig_sha256, hex_lower(signing::digest_bytes(signing::DigestAlgorithm::sha256, header)));
  sig.add_int32(k_sig_size, {static_cast<uint32_t>(header.size() + static_cast<uint64_t>(compressed_size))});
  const std::vector<uint8_t> md5_digest = md5.finish();
  sig.add_bin(k_sig_md5, std::string_view(reinterpret_cast<const char*>(md5_digest.data()), md5_digest.size()));
  sig.add_int32(k_sig_payloadsize, {static_cast<uint32_t>(payload_size)});
  if (context.options.rpm_signing_key) {
    // The OpenPGP signature over the header (what rpm -K checks as
    // "Header V4 RSA/SHA256 Signature"); the header holds the payload digest.
    SystemProcessRunner runner;
    WEFT_TRY_ASSIGN(std::string pgp, signing::gpg_detach_sign(runner, *context.options.rpm_signing_key, header,
                                                               context.work_dir, {.armor = false, .time = context.epoch}));
    sig.add_bin(k_sig_rsa, pgp);
  }
  std::string signature = sig.serialize(k_tag_signatures);
  while (signature.size() % 8) signature += '\0';

  // The lead: a fixed 96 bytes older tools still read.
  std::string lead("\xed\xab\xee\xdb\x03\x00\x00\x00\x00\x01", 10);
  std::string lead_name = nvr.substr(0, 65);
  lead += lead_name + std::string(66 - lead_name.size(), '\0');
  lead += std::string("\x00\x01\x00\x05", 4);
  lead += std::string(16, '\0');

  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(Error::io(dir.string(), ec.value(), "create"));
  WEFT_TRY_ASSIGN(AtomicFile rpm, AtomicFile::create(out));
  WEFT_TRY(rpm.write(lead));
  WEFT_TRY(rpm.write(signature));
  WEFT_TRY(rpm.write(header));
  {
    loff_t in_offset = 0;
    uint64_t left = static_cast<uint64_t>(compressed_size);
    while (left > 0) {
      ssize_t n = ::copy_file_range(payload_file.fd(), &in_offset, rpm.fd(), nullptr, left, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      left -= static_cast<uint64_t>(n);
    }
    std::vector<char> buffer(size_t{1} << 20);
    while (left > 0) {
      ssize_t n = ::pread(payload_file.fd(), buffer.data(), std::min<uint64_t>(left, buffer.size()), in_offset);
      if (n <= 0) return fail(Error::io(out.string(), n < 0 ? errno : EIO, "copy"));
      WEFT_TRY(rpm.write(std::string_view(buffer.data(), static_cast<size_t>(n))));
      in_offset += n;
      left -= static_cast<uint64_t>(n);
    }
  }
  WEFT_TRY(rpm.commit());

  WEFT_TRY_ASSIGN(Artifact artifact, finished_artifact(out, BundleFormat::rpm));
  return std::vector<Artifact>{artifact};
}

} // namespace weft::bundlers

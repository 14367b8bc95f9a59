#include <weft/bundlers/linux_staging.hpp>

#include "freedesktop.hpp"
#include "resource_files.hpp"

#include <weft/base/file.hpp>
#include <weft/base/process.hpp>
#include <weft/bundlers/elf_reader.hpp>

#include <fmt/format.h>
#include <libdeflate.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace weft::bundlers {

namespace {

namespace fs = std::filesystem;

// Latin letters with diacritics (U+00C0..U+017F) folded to ASCII; "" drops.
std::string_view fold_latin(uint32_t cp) {
  static constexpr auto k_latin1 = std::to_array<std::string_view>({
      "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
      "D", "N", "O", "O", "O", "O", "O", "",  "O", "U", "U", "U", "U", "Y", "TH", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y"});
  static constexpr std::string_view k_extended_a =
      "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
  if (cp >= 0xC0 && cp <= 0xFF) return k_latin1[cp - 0xC0];
  if (cp >= 0x100 && cp - 0x100 < k_extended_a.size()) return k_extended_a.substr(cp - 0x100, 1);
  return "";
}

std::string ascii_fold(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    uint32_t cp = c & (0x7F >> len);
    for (int k = 1; k < len && i + static_cast<size_t>(k) < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
    std::string_view folded = fold_latin(cp);
    out += folded.empty() ? std::string_view(" ") : folded;
    i += static_cast<size_t>(len);
  }
  return out;
}

std::string sanitize_package(std::string_view s) {
  std::string out;
  for (char c : ascii_fold(s)) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
    else if (c == '+' || c == '.') out += c;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && !std::isalnum(static_cast<unsigned char>(out.back()))) out.pop_back();
  while (!out.empty() && !std::isalnum(static_cast<unsigned char>(out.front()))) out.erase(0, 1);
  return out;
}

std::optional<std::pair<int, int>> png_size(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char h[24] = {};
  if (!in.read(reinterpret_cast<char*>(h), 24)) return std::nullopt;
  if (std::string_view(reinterpret_cast<char*>(h) + 12, 4) != "IHDR") return std::nullopt;
  auto be = [&](int o) { return (h[o] << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]; };
  return std::pair(be(16), be(20));
}

bool is_executable(const fs::path& path) { return ::access(path.c_str(), X_OK) == 0; }

Result<fs::path> strip_copy(const BundleContext& context, const fs::path& input, const std::string& name) {
  fs::path out = context.work_dir / "stripped" / name;
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  if (ec) return fail(Error::io(out.parent_path().string(), ec.value(), "create"));
  // dh_strip's options for executables: symbols, .comment and .note go.
  Command strip;
  strip.argv = {"strip", "--remove-section=.comment", "--remove-section=.note", "-o", out.string(), input.string()};
  auto result = run_process(strip);
  if (!result) return fail(std::move(result).error().with_context(fmt::format("stripping {}", input.string())));
  return out;
}

std::string publisher_name(const BundleContext& context) {
  const nlohmann::json& publisher = context.value("/bundle/publisher");
  std::string identifier = context.manifest->identifier;
  if (!publisher.is_string()) {
    size_t a = identifier.find('.');
    return identifier.substr(a + 1, identifier.find('.', a + 1) - a - 1);
  }
  std::string p = publisher.get<std::string>();
  size_t lt = p.find('<');
  if (lt != std::string::npos) p = p.substr(0, lt);
  while (!p.empty() && p.back() == ' ') p.pop_back();
  return p;
}

} // namespace

std::string linux_package_name(std::string_view product_name, std::string_view identifier) {
  std::string name = sanitize_package(product_name);
  if (name.size() < 2) name = sanitize_package(identifier.substr(identifier.rfind('.') + 1));
  if (name.size() < 2) name = "app-" + name;
  return name;
}

Result<std::vector<std::string>> add_package_files(const BundleContext& context, std::string_view pointer,
                                                   LinuxStaging& staging) {
  std::vector<std::string> added;
  const nlohmann::json& files = context.value(pointer);
  if (!files.is_object()) return added;
  for (auto it = files.begin(); it != files.end(); ++it) {
    const std::string at = std::string(pointer) + "/" + config::pointer_token(it.key());
    std::string dest = fs::path(it.key()).lexically_normal().generic_string();
    if (!dest.starts_with('/') || dest.find("/..") != std::string::npos)
      return fail(context.error_at(at, fmt::format("`{}` is not an absolute path in the package", it.key())));
    fs::path source = context.manifest->project_dir / it.value().get<std::string>();
    std::error_code ec;
    if (!fs::is_regular_file(source, ec))
      return fail(context.error_at(at, fmt::format("{}: no such file", source.string())));
    StagedEntry e;
    e.path = dest.substr(1);
    e.source = source;
    e.mode = ::access(source.c_str(), X_OK) == 0 ? 0755 : 0644;
    e.size = fs::file_size(source, ec);
    added.push_back(e.path);
    staging.add(std::move(e));
  }
  return added;
}

std::string gzip_max(std::string_view data) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(12);
  std::string out(libdeflate_gzip_compress_bound(c, data.size()), '\0');
  size_t n = libdeflate_gzip_compress(c, data.data(), data.size(), out.data(), out.size());
  libdeflate_free_compressor(c);
  out.resize(n);
  // OS byte: "Unix", as gzip -n writes it.
  if (out.size() > 9) out[9] = 3;
  return out;
}

void LinuxStaging::add(StagedEntry entry) { entries.push_back(std::move(entry)); }

void LinuxStaging::add_owned_dir(std::string path) { own_dirs.push_back(std::move(path)); }

Result<void> LinuxStaging::finish() {
  std::sort(entries.begin(), entries.end(), [](const StagedEntry& a, const StagedEntry& b) { return a.path < b.path; });
  for (size_t i = 1; i < entries.size(); ++i)
    if (entries[i].path == entries[i - 1].path)
      return fail(Error::input(fmt::format("two files would be installed as /{}", entries[i].path))
                      .with_hint("check bundle.resources, bundle.externalBin and the files maps"));
  std::sort(own_dirs.begin(), own_dirs.end());
  own_dirs.erase(std::unique(own_dirs.begin(), own_dirs.end()), own_dirs.end());
  return {};
}

uint64_t LinuxStaging::total_size() const {
  uint64_t total = 0;
  for (const StagedEntry& e : entries) total += e.size;
  return total;
}

Result<LinuxStaging> stage_linux(const BundleContext& context) {
  const config::Manifest& manifest = *context.manifest;
  LinuxStaging staging;
  staging.package_name = linux_package_name(manifest.product_name, manifest.identifier);
  staging.binary_name = manifest.main_binary_name;
  staging.resource_dir = "usr/lib/" + staging.package_name;
  const nlohmann::json& short_desc = context.value("/bundle/shortDescription");
  const nlohmann::json& long_desc = context.value("/bundle/longDescription");
  staging.summary = short_desc.is_string() ? short_desc.get<std::string>() : manifest.product_name + " desktop app";
  staging.description = long_desc.is_string() ? long_desc.get<std::string>()
                                              : fmt::format("{} is a desktop app.", manifest.product_name);
  const bool strip = context.options.profile == Profile::release;

  // The app binary.
  const fs::path& binary = context.options.binary;
  std::error_code ec;
  if (!fs::is_regular_file(binary, ec))
    return fail(Error::input(fmt::format("{}: no such file", binary.string()))
                    .with_hint("build the app first (`weft build`), or pass its path with --binary"));
  if (!is_executable(binary))
    return fail(Error::input(fmt::format("{}: not executable", binary.string()))
                    .with_hint("pass the built program, e.g. target/release/" + staging.binary_name));
  if (!is_elf_file(binary))
    return fail(Error::input(fmt::format("{}: not an ELF executable", binary.string()))
                    .with_hint("Linux packages need a program built for Linux"));
  WEFT_TRY_ASSIGN(ElfInfo binary_elf, read_elf(binary));
  if (binary_elf.machine != context.target.elf_machine)
    return fail(Error::input(fmt::format("{}: built for another CPU (ELF machine {}) than the target {}",
                                         binary.string(), binary_elf.machine, context.target.triple))
                    .with_hint("pass --target with the binary's triple"));

  auto add_program = [&](const fs::path& source, const std::string& name) -> Result<void> {
    fs::path installed = source;
    if (is_elf_file(source)) {
      if (strip) {
        WEFT_TRY_ASSIGN(installed, strip_copy(context, source, name));
      }
      WEFT_TRY_ASSIGN(ElfInfo elf, read_elf(installed));
      staging.elf_objects.push_back({"usr/bin/" + name, std::move(elf)});
    }
    StagedEntry e;
    e.path = "usr/bin/" + name;
    e.mode = 0755;
    e.source = installed;
    e.size = fs::file_size(installed, ec);
    staging.add(std::move(e));
    return {};
  };
  WEFT_TRY(add_program(binary, staging.binary_name));

  // Sidecars: <path>-<triple> installed as <name>.
  std::vector<std::string> programs{staging.binary_name};
  const nlohmann::json& sidecars = context.value("/bundle/externalBin");
  if (sidecars.is_array()) {
    for (size_t i = 0; i < sidecars.size(); ++i) {
      const std::string entry = sidecars[i].get<std::string>();
      const fs::path source = manifest.project_dir / (entry + "-" + context.target.triple);
      const std::string pointer = fmt::format("/bundle/externalBin/{}", i);
      if (!fs::is_regular_file(source, ec))
        return fail(context.error_at(pointer, fmt::format("sidecar `{}`: no {} for target {}", entry,
                                                          source.filename().string(), context.target.triple))
                        .with_hint(fmt::format("build the sidecar for {} and name it `{}`", context.target.triple,
                                               source.lexically_relative(manifest.project_dir).string())));
      if (!is_executable(source))
        return fail(context.error_at(pointer, fmt::format("sidecar {}: not executable", source.string()))
                        .with_hint("chmod +x it"));
      const std::string name = fs::path(entry).filename().string();
      WEFT_TRY(add_program(source, name));
      programs.push_back(name);
    }
  }

  // Resources.
  WEFT_TRY_ASSIGN(std::vector<ProjectFile> resources, collect_resources(context));
  for (const ProjectFile& r : resources) {
    StagedEntry e;
    e.path = staging.resource_dir + "/" + r.destination;
    e.mode = r.executable ? 0755 : 0644;
    e.source = r.source;
    e.size = fs::file_size(r.source, ec);
    for (fs::path dir = fs::path(e.path).parent_path(); !dir.empty(); dir = dir.parent_path()) {
      staging.add_owned_dir(dir.generic_string());
      if (dir.generic_string() == staging.resource_dir) break;
    }
    staging.add(std::move(e));
  }

  // Icons at their real sizes, one per size.
  WEFT_TRY_ASSIGN(std::vector<fs::path> icon_files, collect_icon_files(context));
  std::map<int, fs::path> icons;
  for (const fs::path& p : icon_files) {
    auto size = png_size(p);
    if (!size || size->first != size->second || size->first <= 0) continue;
    icons.emplace(size->first, p);
  }
  for (const auto& [size, path] : icons) {
    StagedEntry e;
    e.path = fmt::format("usr/share/icons/hicolor/{0}x{0}/apps/{1}.png", size, manifest.identifier);
    e.source = path;
    e.size = fs::file_size(path, ec);
    staging.add(std::move(e));
  }

  DesktopNames names{manifest.product_name,
                     staging.binary_name,
                     manifest.identifier,
                     staging.summary,
                     staging.description,
                     publisher_name(context),
                     context.value("/bundle/license").is_string() ? context.value("/bundle/license").get<std::string>()
                                                                  : "",
                     !icons.empty()};
  const std::string date = iso_date(context.epoch);
  auto inline_file = [&](std::string path, std::string content) {
    StagedEntry e;
    e.path = std::move(path);
    e.size = content.size();
    e.content = std::move(content);
    staging.add(std::move(e));
  };
  WEFT_TRY_ASSIGN(std::string desktop, desktop_entry(context, names));
  inline_file("usr/share/applications/" + manifest.identifier + ".desktop", std::move(desktop));
  inline_file("usr/share/metainfo/" + manifest.identifier + ".metainfo.xml", appstream_metainfo(context, names, date));
  if (std::string mime = mime_package(context); !mime.empty())
    inline_file("usr/share/mime/packages/" + manifest.identifier + ".xml", std::move(mime));
  for (const std::string& program : programs) {
    std::vector<std::string> see_also;
    for (const std::string& other : programs)
      if (other != program) see_also.push_back(other);
    inline_file("usr/share/man/man1/" + program + ".1.gz",
                gzip_max(man_page(names, program, manifest.version, date, see_also)));
  }
  return staging;
}

} // namespace weft::bundlers

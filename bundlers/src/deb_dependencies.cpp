#include <weft/bundlers/deb_dependencies.hpp>

#include "text_line.hpp"

#include <weft/base/file.hpp>
#include <weft/bundlers/debian_version.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>

namespace weft::bundlers {

namespace {

namespace fs = std::filesystem;

// How well a dpkg info file (`pkg:arch.symbols`, or `pkg.symbols` for a
// package that is not multi-arch) fits the target: 2 same architecture,
// 1 unqualified, 0 another architecture. A multi-arch library wins over an
// unqualified one with the same soname (libc6:amd64 over libc6-i386).
int arch_fit(const fs::path& file, std::string_view arch) {
  std::string stem = file.stem().string();
  size_t colon = stem.find(':');
  if (colon == std::string::npos) return 1;
  return stem.substr(colon + 1) == arch ? 2 : 0;
}

struct SymbolsEntry {
  std::string dependency_template;           // "libc6 #MINVER#"
  std::map<std::string, std::string> minver; // "name@VERSION" or "(symver)VERSION" -> version
};

// The library's block of a symbols file (deb-symbols(5)).
std::optional<SymbolsEntry> read_symbols_block(const fs::path& file, std::string_view soname) {
  std::ifstream in(file);
  std::string line;
  std::optional<SymbolsEntry> entry;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line[0] == '|' || line[0] == '*') continue;
    if (line[0] != ' ' && line[0] != '\t') {
      if (entry) break; // the next library's block
      std::string t = trim_line(line);
      size_t space = t.find(' ');
      if (space != std::string::npos && t.substr(0, space) == soname) entry = SymbolsEntry{trim_line(t.substr(space + 1)), {}};
      continue;
    }
    if (!entry) continue;
    std::string t = trim_line(line);
    bool symver = false, skip = false;
    while (!t.empty() && t[0] == '(') {
      size_t close = t.find(')');
      if (close == std::string::npos) break;
      std::string tags = t.substr(1, close - 1);
      if (tags.find("symver") != std::string::npos) symver = true;
      if (tags.find("c++") != std::string::npos || tags.find("regex") != std::string::npos) skip = true;
      t = t.substr(close + 1);
    }
    if (skip) continue;
    size_t space = t.find(' ');
    if (space == std::string::npos) continue;
    std::string name = t.substr(0, space);
    std::string rest = trim_line(t.substr(space + 1));
    std::string version = rest.substr(0, rest.find(' '));
    entry->minver[symver ? "(symver)" + name : name] = version;
  }
  return entry;
}

std::string package_of(std::string_view dependency) {
  std::string t = trim_line(dependency);
  size_t end = t.find_first_of(" (:");
  return t.substr(0, end);
}

std::string min_version_of(std::string_view dependency) {
  size_t ge = dependency.find(">=");
  if (ge == std::string_view::npos) return "";
  size_t close = dependency.find(')', ge);
  return trim_line(dependency.substr(ge + 2, close == std::string_view::npos ? std::string_view::npos : close - ge - 2));
}

// libfoo.so.1 -> ("libfoo", "1"); libfoo-1.2.so -> ("libfoo", "1.2").
std::pair<std::string, std::string> shlibs_key(std::string_view soname) {
  size_t so = soname.find(".so.");
  if (so != std::string_view::npos) return {std::string(soname.substr(0, so)), std::string(soname.substr(so + 4))};
  if (soname.ends_with(".so")) {
    std::string_view base = soname.substr(0, soname.size() - 3);
    size_t dash = base.rfind('-');
    if (dash != std::string_view::npos) return {std::string(base.substr(0, dash)), std::string(base.substr(dash + 1))};
  }
  return {std::string(soname), ""};
}

} // namespace

DebDependencies debian_dependencies(const std::vector<PackagedObject>& objects, const fs::path& info_dir,
                                    std::string_view deb_arch) {
  DebDependencies result;
  std::set<std::string> own;
  for (const PackagedObject& o : objects)
    if (!o.elf.soname.empty()) own.insert(o.elf.soname);

  // Which libraries are needed, and by which symbols.
  std::set<std::string> needed;
  std::map<std::string, std::string> needed_by;
  for (const PackagedObject& o : objects)
    for (const std::string& soname : o.elf.needed)
      if (!own.contains(soname)) {
        needed.insert(soname);
        needed_by.emplace(soname, o.path);
      }

  // Index the info files once: soname -> symbols file; (name, version) -> shlibs line.
  std::map<std::string, std::pair<int, fs::path>> symbols_files;
  std::map<std::pair<std::string, std::string>, std::pair<int, std::string>> shlibs;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(info_dir, ec), end; !ec && it != end; it.increment(ec)) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::string ext = file.extension().string();
    const int fit = arch_fit(file, deb_arch);
    if ((ext != ".symbols" && ext != ".shlibs") || fit == 0) continue;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '|' || line[0] == '*')
        continue;
      std::string t = trim_line(line);
      if (ext == ".symbols") {
        std::string soname = t.substr(0, t.find(' '));
        if (!needed.contains(soname)) continue;
        auto [it, inserted] = symbols_files.emplace(soname, std::pair(fit, file));
        if (!inserted && fit > it->second.first) it->second = {fit, file};
        continue;
      }
      // [type:] library version dependencies
      std::string_view rest = t;
      size_t first = rest.find(' ');
      if (first != std::string_view::npos && rest.substr(0, first).ends_with(":")) {
        if (rest.substr(0, first) != "udeb:") rest = rest.substr(first + 1);
        else continue;
      }
      size_t a = rest.find(' ');
      if (a == std::string_view::npos) continue;
      size_t b = rest.find(' ', a + 1);
      if (b == std::string_view::npos) continue;
      auto [it, inserted] =
          shlibs.emplace(std::pair(std::string(rest.substr(0, a)), std::string(rest.substr(a + 1, b - a - 1))),
                         std::pair(fit, trim_line(rest.substr(b + 1))));
      if (!inserted && fit > it->second.first) it->second = {fit, trim_line(rest.substr(b + 1))};
    }
  }

  std::map<std::string, SymbolsEntry> entries;
  for (const auto& [soname, file] : symbols_files)
    if (auto entry = read_symbols_block(file.second, soname)) entries.emplace(soname, std::move(*entry));
  // Unversioned imports (`name@Base`) name no library: like dpkg-shlibdeps,
  // take the first needed library whose symbols file lists them.
  std::map<std::string, std::string> minimum;
  auto raise = [&](const std::string& soname, const std::string& version) {
    std::string& m = minimum[soname];
    if (version != "0" && (m.empty() || compare_debian_versions(version, m) > 0)) m = version;
  };
  for (const PackagedObject& o : objects)
    for (const ImportedSymbol& s : o.elf.imports) {
      if (!s.library.empty()) {
        auto e = entries.find(s.library);
        if (e == entries.end()) continue;
        auto m = e->second.minver.find(s.name + "@" + s.version);
        if (m == e->second.minver.end()) m = e->second.minver.find("(symver)" + s.version);
        if (m != e->second.minver.end()) raise(s.library, m->second);
        continue;
      }
      for (const std::string& soname : o.elf.needed) {
        auto e = entries.find(soname);
        if (e == entries.end()) continue;
        auto m = e->second.minver.find(s.name + "@Base");
        if (m == e->second.minver.end()) continue;
        raise(soname, m->second);
        break;
      }
    }

  std::vector<std::string> found;
  for (const std::string& soname : needed) {
    if (auto e = entries.find(soname); e != entries.end()) {
      std::string dep = e->second.dependency_template;
      const std::string& m = minimum[soname];
      size_t pos = dep.find("#MINVER#");
      if (pos != std::string::npos) dep.replace(pos, 8, m.empty() ? "" : fmt::format("(>= {})", m));
      size_t start = 0;
      while (start <= dep.size()) {
        size_t comma = dep.find(',', start);
        std::string part = trim_line(dep.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!part.empty()) found.push_back(part);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      continue;
    }
    if (auto it = shlibs.find(shlibs_key(soname)); it != shlibs.end()) {
      found.push_back(it->second.second);
      continue;
    }
    result.warnings.push_back(
        Error::input(fmt::format("no installed Debian package declares {} (needed by {}): it is not in Depends",
                                 soname, needed_by[soname]))
            .with_severity(Severity::warning)
            .with_hint("add its package to bundle.linux.deb.depends"));
  }
  result.depends = merge_debian_dependencies(found, {});
  return result;
}

std::vector<std::string> merge_debian_dependencies(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::map<std::string, std::string> by_package;
  auto add = [&](const std::string& dep) {
    std::string t = trim_line(dep);
    if (t.empty()) return;
    std::string name = package_of(t);
    // Alternatives ("a | b") and other relations are kept as written.
    if (t.find('|') != std::string::npos) name = t;
    auto [it, inserted] = by_package.emplace(name, t);
    if (inserted) return;
    std::string old_min = min_version_of(it->second), new_min = min_version_of(t);
    if (!new_min.empty() && (old_min.empty() || compare_debian_versions(new_min, old_min) > 0)) it->second = t;
  };
  for (const std::string& d : a) add(d);
  for (const std::string& d : b) add(d);
  std::vector<std::string> out;
  for (auto& [name, dep] : by_package) out.push_back(dep);
  return out;
}

} // namespace weft::bundlers

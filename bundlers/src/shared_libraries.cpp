#include "shared_libraries.hpp"
#include "text_line.hpp"

#include <weft/base/glob.hpp>
#include <weft/bundlers/elf_reader.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>

namespace weft::bundlers {

namespace {

namespace fs = std::filesystem;

// ld.so.conf(5): one directory per line, `include GLOB` lines, # comments.
void read_ld_conf(const fs::path& root, const fs::path& file, std::vector<fs::path>& dirs, int depth) {
  if (depth > 8) return;
  std::ifstream in(root / file.relative_path());
  std::string line;
  while (std::getline(in, line)) {
    line = trim_line(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    if (line.starts_with("include") && line.size() > 7 && (line[7] == ' ' || line[7] == '\t')) {
      fs::path pattern = trim_line(line.substr(8));
      if (pattern.is_relative()) pattern = file.parent_path() / pattern;
      std::vector<fs::path> matches;
      std::error_code ec;
      for (const auto& entry : fs::directory_iterator(root / pattern.parent_path().relative_path(), ec))
        if (glob_match(pattern.filename().string(), entry.path().filename().string()))
          matches.push_back(pattern.parent_path() / entry.path().filename());
      std::sort(matches.begin(), matches.end());
      for (const fs::path& m : matches) read_ld_conf(root, m, dirs, depth + 1);
    } else if (line.starts_with('/')) {
      dirs.emplace_back(line);
    }
  }
}

// $ORIGIN, ${ORIGIN} and $LIB in a DT_RUNPATH/DT_RPATH entry.
std::vector<fs::path> expand_search_path(std::string_view list, const fs::path& origin) {
  std::vector<fs::path> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t colon = list.find(':', start);
    std::string entry(list.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
    for (std::string_view token : {"${ORIGIN}", "$ORIGIN"})
      for (size_t at; (at = entry.find(token)) != std::string::npos;) entry.replace(at, token.size(), origin.string());
    if (!entry.empty()) out.emplace_back(entry);
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return out;
}

} // namespace

std::vector<fs::path> host_library_dirs(const fs::path& root, std::string_view multiarch) {
  std::vector<fs::path> dirs;
  read_ld_conf(root, "/etc/ld.so.conf", dirs, 0);
  for (std::string_view base : {"/lib/", "/usr/lib/"}) dirs.emplace_back(std::string(base) + std::string(multiarch));
  dirs.emplace_back("/lib");
  dirs.emplace_back("/usr/lib");
  std::vector<fs::path> unique;
  for (fs::path& d : dirs) {
    fs::path on_disk = root / d.relative_path();
    if (std::find(unique.begin(), unique.end(), on_disk) == unique.end()) unique.push_back(std::move(on_disk));
  }
  return unique;
}

Result<std::vector<SharedLibrary>> needed_libraries(const std::vector<fs::path>& objects,
                                                    const std::vector<fs::path>& dirs, uint16_t elf_machine,
                                                    bool (*exclude)(std::string_view soname),
                                                    const std::vector<std::string>& provided) {
  std::map<std::string, fs::path> found; // soname -> file
  std::set<std::string> skip(provided.begin(), provided.end());
  std::vector<fs::path> queue = objects;
  std::set<fs::path> seen;
  while (!queue.empty()) {
    fs::path object = queue.back();
    queue.pop_back();
    if (!seen.insert(object).second) continue;
    Result<ElfInfo> info = read_elf(object);
    if (!info) return fail(std::move(info).error().with_context(fmt::format("reading {}", object.string())));
    std::vector<fs::path> search;
    const fs::path origin = object.parent_path();
    if (info->runpath.empty())
      for (fs::path& p : expand_search_path(info->rpath, origin)) search.push_back(std::move(p));
    for (fs::path& p : expand_search_path(info->runpath, origin)) search.push_back(std::move(p));
    search.insert(search.end(), dirs.begin(), dirs.end());
    for (const std::string& soname : info->needed) {
      if (skip.contains(soname) || found.contains(soname) || exclude(soname)) continue;
      std::optional<fs::path> hit;
      for (const fs::path& dir : search) {
        fs::path candidate = dir / soname;
        std::error_code ec;
        if (!fs::is_regular_file(candidate, ec)) continue;
        // ld.so passes over a library of another class or machine (the
        // i386 copies in /lib32, say) and keeps looking.
        Result<ElfInfo> lib = read_elf(candidate);
        if (!lib)
          return fail(std::move(lib).error().with_context(
              fmt::format("looking for {}, needed by {}", soname, object.string())));
        if (lib->machine != elf_machine || lib->is_64_bit != info->is_64_bit) continue;
        hit = fs::canonical(candidate, ec);
        if (ec) hit = candidate;
        break;
      }
      if (!hit)
        return fail(Error::input(fmt::format("{}: library {} not found in the host's library directories",
                                             object.string(), soname))
                        .with_hint("install the package that provides it, or set bundle.linux.appimage.portable "
                                   "to false"));
      found.emplace(soname, *hit);
      queue.push_back(*hit);
    }
  }
  std::vector<SharedLibrary> out;
  for (auto& [soname, path] : found) out.push_back({soname, path});
  return out;
}

} // namespace weft::bundlers

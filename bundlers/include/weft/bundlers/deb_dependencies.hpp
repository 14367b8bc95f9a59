#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/elf_reader.hpp>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace weft::bundlers {

// An ELF object the package installs, by its path in the package.
struct PackagedObject {
  std::string path;
  ElfInfo elf;
};

struct DebDependencies {
  std::vector<std::string> depends; // e.g. "libc6 (>= 2.34)", sorted, one per package
  std::vector<Error> warnings;      // sonames no installed package declares
};

// What dpkg-shlibdeps does, from the host's dpkg database: each NEEDED
// soname of the packaged objects (except those the package ships itself) is
// looked up in the packages' symbols files, whose per-symbol minimum versions
// give the lowest version that has every symbol the objects import, and else
// in their shlibs files. `info_dir` is /var/lib/dpkg/info; files of another
// architecture (`pkg:arch.symbols`) are ignored.
DebDependencies debian_dependencies(const std::vector<PackagedObject>& objects, const std::filesystem::path& info_dir,
                                    std::string_view deb_arch);

// Merges dependency lists: one entry per package name, the higher minimum
// version kept, sorted by name.
std::vector<std::string> merge_debian_dependencies(const std::vector<std::string>& a, const std::vector<std::string>& b);

} // namespace weft::bundlers

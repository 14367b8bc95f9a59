#pragma once

#include <weft/base/error.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace weft::bundlers {

// The directories the host's dynamic loader searches, in its order: those
// of <root>/etc/ld.so.conf (with its `include` globs), then
// /lib/<multiarch>, /usr/lib/<multiarch>, /lib, /usr/lib. LD_LIBRARY_PATH is
// deliberately not read, so that the result does not depend on the shell.
std::vector<std::filesystem::path> host_library_dirs(const std::filesystem::path& root, std::string_view multiarch);

// A library copied into an AppDir.
struct SharedLibrary {
  std::string soname;           // the file name it gets (its DT_NEEDED name)
  std::filesystem::path source; // the file on the host (symbolic links resolved)
};

// The libraries `objects` need, recursively, as the dynamic loader would
// find them (DT_RPATH, then DT_RUNPATH with $ORIGIN, then `dirs`; a file of
// another ELF class or machine is skipped as ld.so skips it), except those
// `exclude` names and those in `provided` (sonames the AppDir already has).
// Sorted by soname. A library not found, or a file that cannot be read as
// ELF, is an error naming it and the object that needs it.
Result<std::vector<SharedLibrary>> needed_libraries(const std::vector<std::filesystem::path>& objects,
                                                    const std::vector<std::filesystem::path>& dirs,
                                                    uint16_t elf_machine, bool (*exclude)(std::string_view soname),
                                                    const std::vector<std::string>& provided);

} // namespace weft::bundlers

#include "quick_file.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>

namespace weft::cli {

Result<void> write_file_quick(const std::filesystem::path& path, std::string_view bytes, Replace replace) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path temp =
      path.parent_path() / fmt::format(".{}.tmp-{}-{}", path.filename().string(), ::getpid(), counter++);
  std::FILE* out = std::fopen(temp.c_str(), "wbx");
  if (!out) return fail(Error::io(path.string(), errno, "create"));
  const bool ok =
      ::fchmod(::fileno(out), k_mode_file) == 0 && std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
  const int write_errno = errno;
  if (std::fclose(out) != 0 || !ok) {
    const int err = ok ? errno : write_errno;
    std::remove(temp.c_str());
    return fail(Error::io(path.string(), err, "write"));
  }
  const int moved = replace == Replace::yes
                        ? ::rename(temp.c_str(), path.c_str())
                        : ::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE);
  if (moved != 0) {
    const int err = errno;
    std::remove(temp.c_str());
    if (err == EEXIST)
      return fail(
          Error::input(fmt::format("{} already exists", path.string())).with_hint("pass --force to overwrite it"));
    return fail(Error::io(path.string(), err, "write"));
  }
  return {};
}

} // namespace weft::cli

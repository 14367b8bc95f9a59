#include "atomic_write.hpp"

#include <weft/signing/ed25519.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace weft::signing::detail {

namespace {

Result<std::filesystem::path> temporary_name(const std::filesystem::path& path) {
  std::array<uint8_t, 6> random{};
  WEFT_TRY(random_bytes(random));
  std::string suffix;
  for (uint8_t b : random) suffix += fmt::format("{:02x}", b);
  std::filesystem::path out = path;
  out += ".tmp-" + suffix;
  return out;
}

} // namespace

Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content, mode_t mode,
                               Overwrite overwrite) {
  WEFT_TRY_ASSIGN(std::filesystem::path temporary, temporary_name(path));
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return fail(Error::io(path.string(), errno, "write"));
  auto abandon = [&](int error) {
    ::close(fd);
    ::unlink(temporary.c_str());
    return fail(Error::io(path.string(), error, "write"));
  };
  // O_CREAT applies the umask; the mode must be exact (0600 for secrets).
  if (::fchmod(fd, mode) != 0) return abandon(errno);
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return abandon(errno);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return abandon(errno);
  if (::close(fd) != 0) {
    int error = errno;
    ::unlink(temporary.c_str());
    return fail(Error::io(path.string(), error, "write"));
  }
  if (overwrite == Overwrite::yes) {
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
      int error = errno;
      ::unlink(temporary.c_str());
      return fail(Error::io(path.string(), error, "write"));
    }
    return {};
  }
  int linked = ::link(temporary.c_str(), path.c_str());
  int error = errno;
  if (linked != 0 && (error == EPERM || error == EOPNOTSUPP)) {
    // No hard links here (e.g. FAT, some FUSE mounts): rename without
    // replacing, which such file systems support.
    linked = ::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE);
    error = errno;
  }
  ::unlink(temporary.c_str());
  if (linked != 0) {
    if (error == EEXIST)
      return fail(Error::input(fmt::format("{} already exists", path.string())).with_hint("pass --force to overwrite it"));
    return fail(Error::io(path.string(), error, "write"));
  }
  return {};
}

} // namespace weft::signing::detail

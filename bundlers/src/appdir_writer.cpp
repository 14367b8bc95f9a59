#include "appdir_writer.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace weft::bundlers {

namespace fs = std::filesystem;

Result<fs::path> AppDirWriter::prepare(std::string_view path) {
  fs::path out = m_root / path;
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  if (ec) return fail(Error::io(out.parent_path().string(), ec.value(), "create"));
  return out;
}

Result<void> AppDirWriter::copy(const fs::path& source, std::string_view path, mode_t mode) {
  WEFT_TRY_ASSIGN(fs::path out, prepare(path));
  // Read first, so that an unreadable source is named as such.
  const int in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return fail(Error::io(source.string(), errno, "read"));
  ::close(in);
  std::error_code ec;
  fs::copy_file(source, out, fs::copy_options::overwrite_existing, ec);
  if (ec) return fail(Error::io(out.string(), ec.value(), "write"));
  if (::chmod(out.c_str(), mode) != 0) return fail(Error::io(out.string(), errno, "chmod"));
  return {};
}

Result<void> AppDirWriter::write(std::string_view path, std::string_view content, mode_t mode) {
  WEFT_TRY_ASSIGN(fs::path out, prepare(path));
  const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail(Error::io(out.string(), errno, "write"));
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : ENOSPC;
      ::close(fd);
      return fail(Error::io(out.string(), error, "write"));
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return fail(Error::io(out.string(), errno, "write"));
  if (::chmod(out.c_str(), mode) != 0) return fail(Error::io(out.string(), errno, "chmod"));
  return {};
}

Result<void> AppDirWriter::directory(std::string_view path) {
  std::error_code ec;
  fs::create_directories(m_root / path, ec);
  if (ec) return fail(Error::io((m_root / path).string(), ec.value(), "create"));
  return {};
}

Result<void> AppDirWriter::symlink(std::string_view path, std::string_view target) {
  WEFT_TRY_ASSIGN(fs::path out, prepare(path));
  if (::symlink(std::string(target).c_str(), out.c_str()) != 0) return fail(Error::io(out.string(), errno, "create"));
  return {};
}

} // namespace weft::bundlers

#include "appdir_writer.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

namespace weft::bundlers {

namespace fs = std::filesystem;

namespace {

Result<void> write_all(int fd, std::string_view bytes, const fs::path& path) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(Error::io(path.string(), n < 0 ? errno : ENOSPC, "write"));
    done += static_cast<size_t>(n);
  }
  return {};
}

} // namespace

Result<fs::path> AppDirWriter::prepare(std::string_view path) {
  fs::path out = m_root / path;
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  if (ec) return fail(Error::io(out.parent_path().string(), ec.value(), "create"));
  return out;
}

Result<void> AppDirWriter::copy(const fs::path& source, std::string_view path, mode_t mode) {
  WEFT_TRY_ASSIGN(fs::path out, prepare(path));
  const int in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return fail(Error::io(source.string(), errno, "read"));
  const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int error = errno;
    ::close(in);
    return fail(Error::io(out.string(), error, "write"));
  }
  // In the kernel where it can (std::filesystem::copy_file reports a full
  // disk as EIO through sendfile), else through a buffer.
  Result<void> result;
  bool in_kernel = true;
  std::vector<char> buffer;
  for (;;) {
    ssize_t n = 0;
    if (in_kernel) {
      n = ::copy_file_range(in, nullptr, fd, nullptr, size_t{1} << 30, 0);
      if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
        in_kernel = false;
        buffer.resize(size_t{1} << 20);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        result = fail(Error::io(out.string(), errno, "write"));
        break;
      }
      if (n == 0) break;
      continue;
    }
    n = ::read(in, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      result = fail(Error::io(source.string(), errno, "read"));
      break;
    }
    if (n == 0) break;
    Result<void> written = write_all(fd, std::string_view(buffer.data(), static_cast<size_t>(n)), out);
    if (!written) {
      result = std::move(written);
      break;
    }
  }
  ::close(in);
  if (::close(fd) != 0 && result) result = fail(Error::io(out.string(), errno, "write"));
  if (result && ::chmod(out.c_str(), mode) != 0) result = fail(Error::io(out.string(), errno, "chmod"));
  return result;
}

Result<void> AppDirWriter::write(std::string_view path, std::string_view content, mode_t mode) {
  WEFT_TRY_ASSIGN(fs::path out, prepare(path));
  const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail(Error::io(out.string(), errno, "write"));
  Result<void> result = write_all(fd, content, out);
  if (::close(fd) != 0 && result) result = fail(Error::io(out.string(), errno, "write"));
  if (result && ::chmod(out.c_str(), mode) != 0) result = fail(Error::io(out.string(), errno, "chmod"));
  return result;
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

#include <weft/base/atomic_file.hpp>

#include <weft/base/file.hpp>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <streambuf>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace weft {
namespace {

// Writes everything, retrying EINTR and short writes; 0 or an errno.
int write_fully(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

// fsync of the directory makes the rename durable. Filesystems that cannot
// sync a directory say EINVAL; that is not a failure of ours.
int sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  int error = 0;
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) error = errno;
  ::close(fd);
  return error;
}

// Moves `from` to `to` unless `to` exists: link(2), or renameat2 with
// RENAME_NOREPLACE where the file system has no hard links (FAT, some FUSE
// mounts). 0 or an errno; `from` is gone either way.
int move_without_replacing(const std::filesystem::path& from, const std::filesystem::path& to) {
  int result = ::link(from.c_str(), to.c_str());
  int error = errno;
  if (result != 0 && (error == EPERM || error == EOPNOTSUPP)) {
    result = ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE);
    error = errno;
  }
  ::unlink(from.c_str());
  return result == 0 ? 0 : error;
}

} // namespace

// A buffered streambuf over the temporary file that remembers its first error.
class AtomicFile::Stream final : public std::streambuf {
public:
  explicit Stream(int fd) : m_fd(fd), m_stream(this) { setp(m_buffer, m_buffer + sizeof m_buffer); }

  std::ostream& stream() { return m_stream; }
  int error() const { return m_error; }

  // Pushes buffered bytes to the file; 0 or the first errno seen.
  int flush() {
    sync();
    return m_error;
  }

protected:
  int_type overflow(int_type c) override {
    if (sync() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

  int sync() override {
    const std::string_view pending(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(m_buffer, m_buffer + sizeof m_buffer);
    if (m_error == 0 && !pending.empty()) m_error = write_fully(m_fd, pending);
    return m_error == 0 ? 0 : -1;
  }

private:
  int m_fd;
  int m_error = 0;
  char m_buffer[65536];
  std::ostream m_stream;
};

Result<AtomicFile> AtomicFile::create(std::filesystem::path path, mode_t mode) {
  const std::filesystem::path dir = path.parent_path();
  std::string pattern = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) return fail(Error::io(path.string(), errno, "write"));
  AtomicFile file(std::move(path), std::filesystem::path(pattern), fd);
  if (::fchmod(fd, mode) != 0) return fail(Error::io(file.m_path.string(), errno, "set the mode of"));
  return file;
}

AtomicFile::AtomicFile(std::filesystem::path path, std::filesystem::path temp_path, int fd)
    : m_path(std::move(path)), m_temp_path(std::move(temp_path)), m_fd(fd) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_path(std::move(other.m_path)), m_temp_path(std::exchange(other.m_temp_path, {})),
      m_fd(std::exchange(other.m_fd, -1)), m_committed(other.m_committed), m_stream(std::move(other.m_stream)) {}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    discard();
    m_path = std::move(other.m_path);
    m_temp_path = std::exchange(other.m_temp_path, {});
    m_fd = std::exchange(other.m_fd, -1);
    m_committed = other.m_committed;
    m_stream = std::move(other.m_stream);
  }
  return *this;
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::discard() {
  m_stream.reset();
  if (m_fd >= 0) ::close(m_fd);
  m_fd = -1;
  if (!m_committed && !m_temp_path.empty()) ::unlink(m_temp_path.c_str());
  m_temp_path.clear();
}

std::ostream& AtomicFile::stream() {
  if (!m_stream) m_stream = std::make_unique<Stream>(m_fd);
  return m_stream->stream();
}

Result<void> AtomicFile::flush_stream() {
  if (!m_stream) return {};
  if (const int error = m_stream->flush(); error != 0) return fail(Error::io(m_path.string(), error, "write"));
  return {};
}

Result<void> AtomicFile::write(std::string_view bytes) {
  if (m_fd < 0) return fail(Error::io(m_path.string(), EBADF, "write"));
  WEFT_TRY(flush_stream());
  if (const int error = write_fully(m_fd, bytes); error != 0) return fail(Error::io(m_path.string(), error, "write"));
  return {};
}

Result<void> AtomicFile::commit(Replace replace, Durability durability) {
  if (m_committed || m_fd < 0) return fail(Error::io(m_path.string(), EBADF, "commit"));
  WEFT_TRY(flush_stream());
  const bool synced = durability == Durability::synced;
  if (synced && ::fsync(m_fd) != 0) return fail(Error::io(m_path.string(), errno, "write"));
  const int fd = std::exchange(m_fd, -1);
  if (::close(fd) != 0 && errno != EINTR) return fail(Error::io(m_path.string(), errno, "write"));
  if (replace == Replace::yes) {
    if (::rename(m_temp_path.c_str(), m_path.c_str()) != 0) return fail(Error::io(m_path.string(), errno, "replace"));
  } else if (const int error = move_without_replacing(m_temp_path, m_path); error != 0) {
    m_temp_path.clear();
    if (error == EEXIST)
      return fail(Error::input(m_path.string() + " already exists").with_hint("pass --force to overwrite it"));
    return fail(Error::io(m_path.string(), error, "write"));
  }
  m_committed = true;
  m_temp_path.clear();
  if (!synced) return {};
  if (const int error = sync_directory(m_path.parent_path()); error != 0)
    return fail(Error::io(m_path.string(), error, "sync the directory of"));
  return {};
}

Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view bytes, mode_t mode, Replace replace,
                               Durability durability) {
  WEFT_TRY_ASSIGN(AtomicFile file, AtomicFile::create(path, mode));
  WEFT_TRY(file.write(bytes));
  return file.commit(replace, durability);
}

Result<bool> write_file_if_changed(const std::filesystem::path& path, std::string_view bytes, mode_t mode) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) == bytes.size() &&
      (st.st_mode & 07777) == mode) {
    Result<std::string> existing = read_file(path);
    if (existing && *existing == bytes) return false;
  }
  WEFT_TRY(write_file_atomic(path, bytes, mode));
  return true;
}

} // namespace weft

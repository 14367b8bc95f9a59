#pragma once

#include <weft/base/error.hpp>

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string_view>

namespace weft {

// File modes, applied exactly (the umask does not filter them, so outputs do
// not depend on the shell that ran weft).
inline constexpr mode_t k_mode_file = 0644;
inline constexpr mode_t k_mode_executable = 0755;
inline constexpr mode_t k_mode_secret = 0600;

// Whether commit() may replace a file already at the path. Replace::no fails
// with an input error ("already exists", hint --force) and is race-free: the
// check and the move are one system call.
enum class Replace { yes, no };

// Whether commit() fsyncs the file and its directory. Durability::unsynced
// still renames a complete file into place, but a crash soon after may leave
// it empty: only for many small files that are cheap to make again
// (scaffolds, content-addressed caches), where one fsync each would cost more
// than the work.
enum class Durability { synced, unsynced };

// A file that appears at its path complete or not at all. Bytes go to a
// temporary file in the same directory (`.NAME.tmp-XXXXXX`); commit() syncs it
// and renames it into place, then syncs the directory (unless unsynced). Destroying an
// uncommitted AtomicFile removes the temporary file and leaves any existing
// file at the path untouched: a destructor never commits. Errors name the
// final path.
class AtomicFile {
public:
  static Result<AtomicFile> create(std::filesystem::path path, mode_t mode = k_mode_file);

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) noexcept;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  Result<void> write(std::string_view bytes);

  // A buffered stream onto the temporary file; its errors surface in commit()
  // (or the next write()). Mixing it with write() keeps the order.
  std::ostream& stream();

  // The temporary file's descriptor, for libraries that write to an fd
  // (libarchive). Do not close it.
  int fd() const { return m_fd; }

  Result<void> commit(Replace replace = Replace::yes, Durability durability = Durability::synced);

  const std::filesystem::path& path() const { return m_path; }
  const std::filesystem::path& temp_path() const { return m_temp_path; }
  bool committed() const { return m_committed; }

private:
  class Stream;

  AtomicFile(std::filesystem::path path, std::filesystem::path temp_path, int fd);
  Result<void> flush_stream();
  void discard();

  std::filesystem::path m_path;
  std::filesystem::path m_temp_path;
  int m_fd = -1;
  bool m_committed = false;
  std::unique_ptr<Stream> m_stream;
};

// The whole file at once, atomically.
Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view bytes, mode_t mode = k_mode_file,
                               Replace replace = Replace::yes, Durability durability = Durability::synced);

// For generated files: writes (atomically) only when the file is missing or
// its content or mode differ, so that unchanged outputs keep their mtime and
// do not trigger rebuilds. Returns whether it wrote.
Result<bool> write_file_if_changed(const std::filesystem::path& path, std::string_view bytes,
                                   mode_t mode = k_mode_file);

} // namespace weft

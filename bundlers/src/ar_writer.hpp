#pragma once

#include <weft/base/error.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace weft::bundlers {

// The common ar format dpkg reads: "!<arch>\n" then members with 60-byte
// headers (name, mtime, uid 0, gid 0, mode, size), each padded to an even
// length. Members are appended to `fd` directly, so a large member is copied
// from its file by the kernel instead of being rewritten through a library.
class ArWriter {
public:
  ArWriter(int fd, std::string display_path, int64_t mtime) : m_fd(fd), m_path(std::move(display_path)), m_mtime(mtime) {}

  Result<void> begin();
  Result<void> add_bytes(std::string_view name, std::string_view data);
  // Copies `size` bytes from `source_fd` (read from offset 0).
  Result<void> add_file(std::string_view name, int source_fd, uint64_t size);

private:
  Result<void> write(std::string_view bytes);
  Result<void> header(std::string_view name, uint64_t size);

  int m_fd;
  std::string m_path;
  int64_t m_mtime;
};

} // namespace weft::bundlers

#include "ar_writer.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <unistd.h>
#include <vector>

namespace weft::bundlers {

Result<void> ArWriter::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(m_fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(Error::io(m_path, errno, "write"));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

Result<void> ArWriter::begin() { return write("!<arch>\n"); }

Result<void> ArWriter::header(std::string_view name, uint64_t size) {
  if (name.size() > 16) return fail(Error(ExitCode::tool, fmt::format("ar member name too long: {}", name)));
  std::string h = fmt::format("{:<16}{:<12}{:<6}{:<6}{:<8}{:<10}`\n", name, m_mtime, 0, 0, 100644, size);
  return write(h);
}

Result<void> ArWriter::add_bytes(std::string_view name, std::string_view data) {
  WEFT_TRY(header(name, data.size()));
  WEFT_TRY(write(data));
  if (data.size() % 2) WEFT_TRY(write("\n"));
  return {};
}

Result<void> ArWriter::add_file(std::string_view name, int source_fd, uint64_t size) {
  WEFT_TRY(header(name, size));
  loff_t in_offset = 0;
  uint64_t left = size;
  while (left > 0) {
    ssize_t n = ::copy_file_range(source_fd, &in_offset, m_fd, nullptr, left, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break; // not supported here: copy through a buffer below
    left -= static_cast<uint64_t>(n);
  }
  std::vector<char> buffer(size_t{1} << 20);
  while (left > 0) {
    ssize_t n = ::pread(source_fd, buffer.data(), std::min<uint64_t>(left, buffer.size()), in_offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(Error::io(m_path, n < 0 ? errno : EIO, "copy"));
    WEFT_TRY(write(std::string_view(buffer.data(), static_cast<size_t>(n))));
    in_offset += n;
    left -= static_cast<uint64_t>(n);
  }
  if (size % 2) WEFT_TRY(write("\n"));
  return {};
}

} // namespace weft::bundlers

#pragma once

// Private to weft_base: the pieces process_spawn.cpp and process_child.cpp share.

#include <weft/base/error.hpp>
#include <weft/base/process.hpp>

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace weft::detail {

// An owned file descriptor, closed on destruction.
class UniqueFd {
public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : m_fd(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(std::exchange(other.m_fd, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return m_fd; }
  explicit operator bool() const { return m_fd >= 0; }
  void reset(int fd = -1);

private:
  int m_fd = -1;
};

// The last k_output_tail_bytes of a stream. str() starts at a line boundary
// when one is near the cut, and never inside a UTF-8 sequence.
class TailBuffer {
public:
  void append(std::string_view bytes);
  std::string str() const;

private:
  std::string m_data;
  bool m_cut = false;
};

// A freshly spawned child and weft's ends of its pipes (each -1 when the
// stream is not piped).
struct SpawnedProcess {
  pid_t pid = -1;
  UniqueFd stdin_pipe;  // write end, non-blocking (StdinMode::data)
  UniqueFd stdout_pipe; // read end, non-blocking
  UniqueFd stderr_pipe;
};

// Builds the environment, resolves argv[0] and spawns the child in a new
// process group with the descriptors the command asks for.
Result<SpawnedProcess> spawn(const Command& command);

// write(2) that never raises SIGPIPE in weft (a child that exits without
// reading its stdin gives EPIPE instead). Retries EINTR.
ssize_t write_without_sigpipe(int fd, const void* data, std::size_t size);

} // namespace weft::detail

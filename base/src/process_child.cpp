#include "process_internal.hpp"

#include <weft/base/interrupt.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <limits>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace weft {
namespace detail {

void TailBuffer::append(std::string_view bytes) {
  m_data.append(bytes);
  if (m_data.size() > 2 * k_output_tail_bytes) {
    m_data.erase(0, m_data.size() - k_output_tail_bytes);
    m_cut = true;
  }
}

std::string TailBuffer::str() const {
  std::size_t start = 0;
  if (m_data.size() > k_output_tail_bytes) {
    start = m_data.size() - k_output_tail_bytes;
  } else if (!m_cut) {
    return m_data;
  }
  // Start after a newline when one is near, else at a UTF-8 lead byte.
  const std::size_t newline = m_data.find('\n', start);
  if (newline != std::string::npos && newline + 1 < m_data.size() && newline - start < k_output_tail_bytes / 4)
    return m_data.substr(newline + 1);
  while (start < m_data.size() && (static_cast<unsigned char>(m_data[start]) & 0xC0) == 0x80) ++start;
  return m_data.substr(start);
}

} // namespace detail

namespace {

using Clock = std::chrono::steady_clock;
using detail::UniqueFd;

// How long weft keeps reading after the child exited, for output still held
// by processes left in its group (or that escaped it).
constexpr std::chrono::milliseconds k_linger{500};
// Poll period when the kernel has no pidfd (before Linux 5.3).
constexpr std::chrono::milliseconds k_exit_check_period{20};
// Lines longer than this are passed on in pieces.
constexpr std::size_t k_max_line = 64 * 1024;

UniqueFd open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  const long fd = ::syscall(SYS_pidfd_open, pid, 0);
  if (fd >= 0) return UniqueFd(static_cast<int>(fd)); // pidfds are always close-on-exec
#else
  (void)pid;
#endif
  return UniqueFd();
}

// Writes all of `bytes` to one of weft's own (possibly non-blocking) streams.
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = detail::write_without_sigpipe(fd, bytes.data(), bytes.size());
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EAGAIN) {
      pollfd writable{fd, POLLOUT, 0};
      ::poll(&writable, 1, 100);
    } else {
      return false;
    }
  }
  return true;
}

ExitStatus decode(int wait_status) {
  ExitStatus status;
  if (WIFEXITED(wait_status)) status.code = WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) status.signal = WTERMSIG(wait_status);
  return status;
}

int poll_timeout(Clock::time_point until, bool cap) {
  if (until == Clock::time_point::max()) return cap ? static_cast<int>(k_exit_check_period.count()) : -1;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now()).count();
  long long timeout = std::clamp<long long>(left, 0, std::numeric_limits<int>::max());
  if (cap) timeout = std::min<long long>(timeout, k_exit_check_period.count());
  return static_cast<int>(timeout);
}

class PosixChild final : public Child {
public:
  PosixChild(const Command& command, detail::SpawnedProcess spawned)
      : m_command(command), m_pid(spawned.pid), m_pidfd(open_pidfd(spawned.pid)),
        m_stdin(std::move(spawned.stdin_pipe)), m_started(Clock::now()) {
    m_stdin_data = std::move(m_command.stdin_data);
    m_command.stdin_data.clear();
    m_out.fd = std::move(spawned.stdout_pipe);
    m_out.mode = command.stdout_mode;
    m_out.stream = OutputStream::out;
    m_err.fd = std::move(spawned.stderr_pipe);
    m_err.mode = command.stderr_mode;
    m_err.stream = OutputStream::err;
    if (command.timeout.count() > 0) m_deadline = m_started + command.timeout;
    m_registered = register_child_group(m_pid);
    if (m_registered && interrupted()) ::kill(-m_pid, interrupt_signal()); // raced the handler
    if (m_stdin && m_stdin_data.empty()) close_stdin();
  }

  ~PosixChild() override {
    if (!m_status) terminate(m_command.kill_grace);
  }

  PosixChild(const PosixChild&) = delete;
  PosixChild& operator=(const PosixChild&) = delete;

  bool registered() const { return m_registered; }
  pid_t pid() const override { return m_pid; }
  pid_t pgid() const override { return m_pid; }

  Result<std::optional<ExitStatus>> poll(std::chrono::milliseconds wait) override {
    if (!m_status && !interrupted()) advance(Clock::now() + wait, OnInterrupt::stop);
    if (m_status) return m_status;
    if (interrupted()) return fail(Error::interrupted());
    return std::optional<ExitStatus>();
  }

  Result<ProcessResult> wait() override {
    advance(Clock::time_point::max(), OnInterrupt::terminate);
    ProcessResult result;
    result.status = *m_status;
    result.out = std::move(m_out.all);
    result.err = std::move(m_err.all);
    result.stdout_tail = m_out.tail.str();
    result.stderr_tail = m_err.tail.str();
    result.elapsed = m_elapsed;
    result.timed_out = m_timed_out;
    if (interrupted())
      return fail(Error::interrupted().with_context(fmt::format("running `{}`", render_command_line(m_command))));
    if (result.timed_out || (m_command.check == CheckExit::yes && !result.status.success()))
      return fail(process_failure(m_command, result));
    return result;
  }

  ExitStatus terminate(std::chrono::milliseconds grace) override {
    if (m_status) return *m_status;
    if (!leader_exited()) begin_termination(SIGTERM, grace);
    advance(Clock::time_point::max(), OnInterrupt::terminate);
    return *m_status;
  }

private:
  struct Channel {
    UniqueFd fd;
    OutputMode mode = OutputMode::tail;
    OutputStream stream = OutputStream::out;
    std::string all;
    detail::TailBuffer tail;
    std::string partial_line;
    bool forward_broken = false;
  };
  enum class OnInterrupt { stop, terminate };

  // Runs the state machine until the child is reaped or `until` passes.
  void advance(Clock::time_point until, OnInterrupt on_interrupt) {
    while (!m_status) {
      const Clock::time_point now = Clock::now();
      if (interrupted()) {
        if (on_interrupt == OnInterrupt::stop) return;
        if (!m_terminating) { // the handler has already forwarded the signal
          m_terminating = true;
          m_kill_at = now + m_command.kill_grace;
        }
      }
      if (m_deadline && now >= *m_deadline && !m_terminating) {
        m_timed_out = true;
        begin_termination(SIGTERM, m_command.kill_grace);
      }
      if (m_kill_at && now >= *m_kill_at && !m_killed) {
        ::kill(-m_pid, SIGKILL);
        m_killed = true;
      }
      if (leader_exited()) {
        finish();
        return;
      }
      if (now >= until) return;
      Clock::time_point next = until;
      if (m_deadline && !m_terminating) next = std::min(next, *m_deadline);
      if (m_kill_at && !m_killed) next = std::min(next, *m_kill_at);
      pump(next);
    }
  }

  void begin_termination(int signal_number, std::chrono::milliseconds grace) {
    ::kill(-m_pid, signal_number);
    m_terminating = true;
    m_kill_at = Clock::now() + grace;
    m_killed = false;
  }

  // One poll() round: waits until `until` at most, then moves whatever data
  // is ready. EINTR just ends the round.
  void pump(Clock::time_point until) {
    enum class Role { out, err, input, exit, wake };
    std::array<pollfd, 5> fds{};
    std::array<Role, 5> roles{};
    std::size_t count = 0;
    auto add = [&](int fd, short events, Role role) {
      if (fd < 0) return;
      fds[count] = pollfd{fd, events, 0};
      roles[count++] = role;
    };
    add(m_out.fd.get(), POLLIN, Role::out);
    add(m_err.fd.get(), POLLIN, Role::err);
    add(m_stdin.get(), POLLOUT, Role::input);
    if (!m_leader_exited) add(m_pidfd.get(), POLLIN, Role::exit);
    if (!interrupted()) add(interrupt_wake_fd(), POLLIN, Role::wake);
    const bool cap = !m_pidfd && !m_leader_exited;
    if (::poll(fds.data(), count, poll_timeout(until, cap)) <= 0) return;
    for (std::size_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      switch (roles[i]) {
        case Role::out: read_from(m_out); break;
        case Role::err: read_from(m_err); break;
        case Role::input:
          if (fds[i].revents & POLLOUT)
            write_stdin();
          else
            close_stdin();
          break;
        case Role::exit:
        case Role::wake: break; // advance() checks the exit and the interrupt
      }
    }
  }

  void read_from(Channel& channel) {
    char buffer[65536];
    ssize_t n;
    do n = ::read(channel.fd.get(), buffer, sizeof buffer);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {
      close_channel(channel);
      return;
    }
    deliver(channel, std::string_view(buffer, static_cast<std::size_t>(n)));
  }

  void deliver(Channel& channel, std::string_view bytes) {
    channel.tail.append(bytes);
    switch (channel.mode) {
      case OutputMode::capture: channel.all.append(bytes); break;
      case OutputMode::forward: {
        const int own = channel.stream == OutputStream::out ? STDOUT_FILENO : STDERR_FILENO;
        if (!channel.forward_broken && !write_all(own, bytes)) channel.forward_broken = true;
        break;
      }
      case OutputMode::lines: {
        if (!m_command.on_line) break;
        channel.partial_line.append(bytes);
        std::size_t begin = 0;
        for (std::size_t nl; (nl = channel.partial_line.find('\n', begin)) != std::string::npos; begin = nl + 1)
          emit_line(channel, std::string_view(channel.partial_line).substr(begin, nl - begin));
        channel.partial_line.erase(0, begin);
        if (channel.partial_line.size() > k_max_line) {
          emit_line(channel, channel.partial_line);
          channel.partial_line.clear();
        }
        break;
      }
      default: break;
    }
  }

  void emit_line(const Channel& channel, std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    m_command.on_line(channel.stream, line);
  }

  void close_channel(Channel& channel) {
    if (!channel.partial_line.empty()) {
      emit_line(channel, channel.partial_line);
      channel.partial_line.clear();
    }
    channel.fd.reset();
  }

  void write_stdin() {
    while (m_stdin_written < m_stdin_data.size()) {
      const std::size_t chunk = std::min<std::size_t>(m_stdin_data.size() - m_stdin_written, 65536);
      const ssize_t n = detail::write_without_sigpipe(m_stdin.get(), m_stdin_data.data() + m_stdin_written, chunk);
      if (n > 0) {
        m_stdin_written += static_cast<std::size_t>(n);
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return;
      } else {
        break; // EPIPE: the child does not want the rest
      }
    }
    close_stdin();
  }

  void close_stdin() {
    m_stdin.reset();
    // The data may be a secret: do not leave it lying in freed memory.
    std::fill(m_stdin_data.begin(), m_stdin_data.end(), '\0');
    m_stdin_data.clear();
    m_stdin_data.shrink_to_fit();
  }

  // Whether the child has exited, without reaping it: while it is a zombie
  // its pid, and so its group id, cannot be reused, so the group can still be
  // signalled safely.
  bool leader_exited() {
    if (m_leader_exited) return true;
    siginfo_t info{};
    int rc;
    do rc = ::waitid(P_PID, static_cast<id_t>(m_pid), &info, WEXITED | WNOHANG | WNOWAIT);
    while (rc < 0 && errno == EINTR);
    if (rc < 0 || info.si_pid == m_pid) m_leader_exited = true; // rc < 0: reaped behind our back
    return m_leader_exited;
  }

  // The child has exited: deal with what is left of its group, read the rest
  // of its output, and reap it.
  void finish() {
    if (m_command.leftovers == Leftovers::kill || m_terminating) ::kill(-m_pid, SIGKILL);
    const Clock::time_point linger_end = Clock::now() + k_linger;
    while ((m_out.fd || m_err.fd) && Clock::now() < linger_end) pump(linger_end);
    close_channel(m_out);
    close_channel(m_err);
    close_stdin();
    if (m_registered) unregister_child_group(m_pid);
    m_registered = false;
    int wait_status = 0;
    pid_t rc;
    do rc = ::waitpid(m_pid, &wait_status, 0);
    while (rc < 0 && errno == EINTR);
    m_status = rc == m_pid ? decode(wait_status) : ExitStatus{-1, 0};
    m_elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - m_started);
    m_pidfd.reset();
  }

  Command m_command;
  pid_t m_pid;
  UniqueFd m_pidfd;
  UniqueFd m_stdin;
  std::string m_stdin_data;
  std::size_t m_stdin_written = 0;
  Channel m_out;
  Channel m_err;
  Clock::time_point m_started;
  std::optional<Clock::time_point> m_deadline;
  std::optional<Clock::time_point> m_kill_at;
  bool m_registered = false;
  bool m_terminating = false;
  bool m_killed = false;
  bool m_timed_out = false;
  bool m_leader_exited = false;
  std::optional<ExitStatus> m_status;
  std::chrono::milliseconds m_elapsed{0};
};

} // namespace

Result<std::unique_ptr<Child>> start_process(const Command& command) {
  if (interrupted()) return fail(Error::interrupted());
  Result<detail::SpawnedProcess> spawned = detail::spawn(command);
  if (!spawned)
    return fail(std::move(spawned.error()).with_context(fmt::format("running `{}`", render_command_line(command))));
  auto child = std::make_unique<PosixChild>(command, std::move(*spawned));
  if (!child->registered()) {
    child->terminate(std::chrono::milliseconds(0));
    return fail(Error::tool(command.argv.front(), "too many running child processes"));
  }
  return std::unique_ptr<Child>(std::move(child));
}

} // namespace weft

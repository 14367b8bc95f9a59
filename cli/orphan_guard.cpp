#include "orphan_guard.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <thread>

namespace weft::cli {

namespace {

// The helper: reads "+PGID\n" / "-PGID\n" until EOF, then kills what is left.
[[noreturn]] void guard_main(int fd) {
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGPIPE}) ::signal(sig, SIG_IGN);
  const int null = ::open("/dev/null", O_RDWR);
  for (int std_fd = 0; std_fd <= 2; ++std_fd) ::dup2(null, std_fd);
  const long max_fd = ::sysconf(_SC_OPEN_MAX);
  for (int other = 3; other < max_fd && other < 65536; ++other)
    if (other != fd) ::close(other);
  std::set<pid_t> groups;
  std::string line;
  char buffer[256];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      if (buffer[i] != '\n') {
        line += buffer[i];
        continue;
      }
      if (line.size() > 1) {
        const pid_t pgid = static_cast<pid_t>(std::strtol(line.c_str() + 1, nullptr, 10));
        if (pgid > 1) {
          if (line[0] == '+') groups.insert(pgid);
          else groups.erase(pgid);
        }
      }
      line.clear();
    }
  }
  for (pid_t pgid : groups) ::kill(-pgid, SIGKILL);
  ::_exit(0);
}

} // namespace

Result<OrphanGuard> OrphanGuard::start() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return fail(Error::io("pipe", errno, "create"));
  const pid_t helper = ::fork();
  if (helper < 0) {
    const int saved = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    return fail(Error::io("fork", saved, "run"));
  }
  if (helper == 0) {
    ::close(fds[1]);
    ::setpgid(0, 0); // out of the terminal's foreground group: Ctrl-C is weft's to handle
    guard_main(fds[0]);
  }
  ::close(fds[0]);
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  return OrphanGuard(fds[1], helper);
}

OrphanGuard::OrphanGuard(OrphanGuard&& other) noexcept : m_fd(other.m_fd), m_helper(other.m_helper) {
  other.m_fd = -1;
  other.m_helper = -1;
}

OrphanGuard::~OrphanGuard() {
  if (m_fd >= 0) ::close(m_fd);
  if (m_helper > 0) {
    int status = 0;
    while (::waitpid(m_helper, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

void OrphanGuard::add(pid_t pgid) { send('+', pgid); }
void OrphanGuard::remove(pid_t pgid) { send('-', pgid); }

void OrphanGuard::send(char op, pid_t pgid) {
  if (m_fd < 0 || pgid <= 1) return;
  const std::string line = op + std::to_string(pgid) + '\n';
  ssize_t rc;
  do rc = ::write(m_fd, line.data(), line.size());
  while (rc < 0 && errno == EINTR);
}

void reap_group_leftovers(pid_t pgid) {
  if (pgid <= 1) return;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  for (;;) {
    const pid_t rc = ::waitpid(-pgid, nullptr, WNOHANG);
    if (rc > 0) continue;
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) return; // ECHILD: none of ours left in the group
    if (std::chrono::steady_clock::now() >= deadline) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

} // namespace weft::cli

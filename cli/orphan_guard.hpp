#pragma once

#include <weft/base/error.hpp>

#include <sys/types.h>

namespace weft::cli {

// Makes sure the process groups `weft dev` starts die with it, even when it
// is SIGKILLed (then no handler runs, and PR_SET_PDEATHSIG reaches only the
// group leader, not what it started). A small helper process, forked before
// any thread exists, keeps the list of live groups it is told about through
// a pipe; when the pipe closes without the list being empty (weft died), it
// SIGKILLs those groups. Also makes weft a child subreaper, so that what a
// group leader leaves behind is reparented to weft and can be reaped.
class OrphanGuard {
public:
  static Result<OrphanGuard> start();

  OrphanGuard(OrphanGuard&& other) noexcept;
  OrphanGuard& operator=(OrphanGuard&&) = delete;
  OrphanGuard(const OrphanGuard&) = delete;
  OrphanGuard& operator=(const OrphanGuard&) = delete;
  // Closes the pipe and reaps the helper (which then kills nothing that was
  // removed).
  ~OrphanGuard();

  void add(pid_t pgid);
  void remove(pid_t pgid);

private:
  OrphanGuard(int fd, pid_t helper) : m_fd(fd), m_helper(helper) {}
  void send(char op, pid_t pgid);

  int m_fd = -1;
  pid_t m_helper = -1;
};

// Reaps the members of `pgid` that were reparented to this process (as child
// subreaper), waiting up to about a second for those just killed.
void reap_group_leftovers(pid_t pgid);

} // namespace weft::cli

#pragma once

#include <sys/types.h>

namespace weft {

// Ctrl-C handling for a process that runs children in their own process
// groups. A child in its own group does not receive the terminal's SIGINT, so
// weft forwards it: the handlers record the signal and send it on to every
// registered child group. Runs in progress then stop their child (escalating to
// SIGKILL after a grace period) and return Error::interrupted(), which main
// turns into exit code 130. A second signal forwards SIGKILL at once.

// Sets SIGINT, SIGTERM and SIGHUP handlers. Idempotent; call once from main.
// Without it, signals keep their default action (weft dies, children in their
// own groups live on unless they notice their closed pipes).
void install_interrupt_handlers();

// Whether one of those signals has arrived; sticky until clear_interrupted().
bool interrupted();

// The first signal that arrived (SIGINT, SIGTERM or SIGHUP), or 0.
int interrupt_signal();

// Forgets an interrupt. Meant for tests; a real run stops after one.
void clear_interrupted();

// The process-wide registry of running child process groups, used by
// base/process. register_child_group() returns false when the (fixed, 1024
// entry) table is full. Both are safe to call from any thread.
bool register_child_group(pid_t pgid);
void unregister_child_group(pid_t pgid);

// A descriptor that becomes readable when a signal has been recorded, so that
// a poll() loop wakes up even if the signal arrived just before it blocked; -1
// until install_interrupt_handlers(). Never read from it: the data stays until
// clear_interrupted().
int interrupt_wake_fd();

} // namespace weft

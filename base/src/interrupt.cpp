#include <weft/base/interrupt.hpp>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <fcntl.h>
#include <mutex>
#include <unistd.h>

namespace weft {
namespace {

constexpr std::size_t k_max_groups = 1024;
constexpr std::array k_handled_signals{SIGINT, SIGTERM, SIGHUP};

// Everything the handler touches is a lock-free atomic, so it is
// async-signal-safe. A slot holds a process group id, or 0 when free.
std::array<std::atomic<pid_t>, k_max_groups> g_groups{};
std::atomic<int> g_first_signal{0};
std::atomic<int> g_signal_count{0};
std::atomic<int> g_wake_read{-1};
std::atomic<int> g_wake_write{-1};
std::once_flag g_installed;

static_assert(std::atomic<pid_t>::is_always_lock_free);
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void weft_on_interrupt(int signal_number) {
  const int saved_errno = errno;
  int expected = 0;
  g_first_signal.compare_exchange_strong(expected, signal_number);
  // The first signal is passed on as it came; a second one means the user has
  // run out of patience, so the children get SIGKILL.
  const int forwarded = g_signal_count.fetch_add(1) == 0 ? signal_number : SIGKILL;
  for (std::atomic<pid_t>& slot : g_groups) {
    const pid_t group = slot.load(std::memory_order_acquire);
    if (group > 0) ::kill(-group, forwarded);
  }
  const int wake = g_wake_write.load();
  if (wake >= 0) {
    const char byte = 1;
    [[maybe_unused]] ssize_t ignored = ::write(wake, &byte, 1);
  }
  errno = saved_errno;
}

void install_once() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
    g_wake_read.store(fds[0]);
    g_wake_write.store(fds[1]);
  }
  struct sigaction action {};
  action.sa_handler = weft_on_interrupt;
  sigfillset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (int signal_number : k_handled_signals) ::sigaction(signal_number, &action, nullptr);
}

} // namespace

void install_interrupt_handlers() { std::call_once(g_installed, install_once); }

bool interrupted() { return g_first_signal.load() != 0; }

int interrupt_signal() { return g_first_signal.load(); }

void clear_interrupted() {
  g_first_signal.store(0);
  g_signal_count.store(0);
  const int wake = g_wake_read.load();
  if (wake < 0) return;
  char buffer[64];
  for (;;) {
    const ssize_t n = ::read(wake, buffer, sizeof buffer);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    break;
  }
}

bool register_child_group(pid_t pgid) {
  if (pgid <= 0) return false;
  for (std::atomic<pid_t>& slot : g_groups) {
    pid_t expected = 0;
    if (slot.compare_exchange_strong(expected, pgid, std::memory_order_acq_rel)) return true;
  }
  return false;
}

void unregister_child_group(pid_t pgid) {
  if (pgid <= 0) return;
  for (std::atomic<pid_t>& slot : g_groups) {
    pid_t expected = pgid;
    if (slot.compare_exchange_strong(expected, 0, std::memory_order_acq_rel)) return;
  }
}

int interrupt_wake_fd() { return g_wake_read.load(); }

} // namespace weft

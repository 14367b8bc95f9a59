#include <weft/base/interrupt.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace weft {
namespace {

// A child in its own process group that waits to be signalled; returns once
// the child has set up its signal dispositions.
pid_t start_group(bool ignore_sigint) {
  int ready[2];
  if (::pipe(ready) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    // A forked child keeps weft's handlers; give it the defaults back.
    ::signal(SIGINT, ignore_sigint ? SIG_IGN : SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGHUP, SIG_DFL);
    ::close(ready[1]);
    for (;;) ::pause();
  }
  ::setpgid(pid, pid);
  ::close(ready[1]);
  char byte;
  while (::read(ready[0], &byte, 1) < 0 && errno == EINTR) {
  }
  ::close(ready[0]);
  return pid;
}

int wait_for_signal(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

TEST(Interrupt, RecordsTheSignalAndWakesPollers) {
  install_interrupt_handlers();
  install_interrupt_handlers(); // idempotent
  clear_interrupted();
  EXPECT_FALSE(interrupted());
  EXPECT_EQ(interrupt_signal(), 0);
  const int wake = interrupt_wake_fd();
  ASSERT_GE(wake, 0);
  pollfd readable{wake, POLLIN, 0};
  EXPECT_EQ(::poll(&readable, 1, 0), 0);

  ::raise(SIGHUP);
  EXPECT_TRUE(interrupted());
  EXPECT_EQ(interrupt_signal(), SIGHUP);
  EXPECT_EQ(::poll(&readable, 1, 0), 1);
  ::raise(SIGTERM);
  EXPECT_EQ(interrupt_signal(), SIGHUP) << "the first signal is kept";

  clear_interrupted();
  EXPECT_FALSE(interrupted());
  EXPECT_EQ(::poll(&readable, 1, 0), 0);
}

TEST(Interrupt, ForwardsToRegisteredGroups) {
  install_interrupt_handlers();
  clear_interrupted();
  const pid_t registered = start_group(false);
  const pid_t unregistered = start_group(false);
  ASSERT_TRUE(register_child_group(registered));
  ASSERT_TRUE(register_child_group(unregistered));
  unregister_child_group(unregistered);

  ::raise(SIGINT);
  EXPECT_EQ(wait_for_signal(registered), SIGINT);
  unregister_child_group(registered);

  EXPECT_EQ(::kill(unregistered, 0), 0) << "an unregistered group is left alone";
  ::kill(unregistered, SIGKILL);
  wait_for_signal(unregistered);
  clear_interrupted();
}

TEST(Interrupt, SecondSignalForwardsSigkill) {
  install_interrupt_handlers();
  clear_interrupted();
  const pid_t stubborn = start_group(true);
  ASSERT_TRUE(register_child_group(stubborn));
  ::raise(SIGINT); // ignored by the child
  ::raise(SIGINT);
  EXPECT_EQ(wait_for_signal(stubborn), SIGKILL);
  unregister_child_group(stubborn);
  clear_interrupted();
}

TEST(Interrupt, RegistryRejectsInvalidGroups) {
  EXPECT_FALSE(register_child_group(0));
  EXPECT_FALSE(register_child_group(-5));
  unregister_child_group(0); // harmless
}

} // namespace
} // namespace weft

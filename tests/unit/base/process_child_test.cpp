#include <weft/base/interrupt.hpp>
#include <weft/base/process.hpp>

#include "process_helpers.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <sys/time.h>
#include <sys/wait.h>
#include <thread>

// Children over time: process groups, timeouts, leftovers, Ctrl-C, EINTR,
// poll/wait/terminate and the fork path.

namespace weft {
namespace {

using namespace std::chrono_literals;
using test::command;
using test::live_processes_with;
using test::shell;
using test::since;
using test::sleep_pattern;
using test::sleep_seconds;
using test::wait_gone;
using test::wait_none_with;

TEST(ProcessChild, ChildIsInItsOwnProcessGroup) {
  Result<std::unique_ptr<Child>> child = start_process(command({"sleep", sleep_seconds(1)}));
  ASSERT_TRUE(child) << child.error().message();
  const pid_t pid = (*child)->pid();
  EXPECT_EQ(::getpgid(pid), pid);
  EXPECT_EQ((*child)->pgid(), pid);
  EXPECT_NE(::getpgid(pid), ::getpgrp());
  EXPECT_EQ((*child)->terminate(2s).signal, SIGTERM);
}

TEST(ProcessChild, TimeoutKillsTheWholeGroup) {
  const std::string s = sleep_seconds(3);
  Command c = shell("sleep " + s + " & sleep " + s);
  c.timeout = 300ms;
  const auto start = std::chrono::steady_clock::now();
  Result<ProcessResult> result = run_process(c);
  EXPECT_LT(since(start), 5s);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ExitCode::tool);
  EXPECT_EQ(result.error().message(), "sh: timed out after 300 ms; killed by signal 15 (SIGTERM)");
  EXPECT_TRUE(wait_none_with(sleep_pattern(3))) << "a sleeper survived";
}

TEST(ProcessChild, TimeoutEscalatesToSigkill) {
  const std::string s = sleep_seconds(4);
  Command c = shell("trap '' TERM; sleep " + s + " & sleep " + s);
  c.timeout = 200ms;
  c.kill_grace = 300ms;
  const auto start = std::chrono::steady_clock::now();
  Result<ProcessResult> result = run_process(c);
  EXPECT_LT(since(start), 5s);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("SIGKILL"), std::string::npos) << result.error().message();
  EXPECT_TRUE(wait_none_with(sleep_pattern(4)));
}

TEST(ProcessChild, LeftoversInTheGroupAreKilled) {
  Command c = shell("sleep " + sleep_seconds(5) + " & echo started");
  const auto start = std::chrono::steady_clock::now();
  Result<ProcessResult> result = run_process(c);
  EXPECT_LT(since(start), 3s) << "waited for the background process's pipe";
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->out, "started\n");
  EXPECT_TRUE(wait_none_with(sleep_pattern(5)));
}

TEST(ProcessChild, LeftoversCanBeKept) {
  Command c = shell("sleep " + sleep_seconds(6) + " & echo started");
  c.leftovers = Leftovers::keep;
  const auto start = std::chrono::steady_clock::now();
  Result<ProcessResult> result = run_process(c);
  EXPECT_LT(since(start), 3s);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->out, "started\n");
  const std::vector<pid_t> kept = live_processes_with(sleep_pattern(6));
  ASSERT_EQ(kept.size(), 1u);
  ::kill(kept[0], SIGKILL);
  EXPECT_TRUE(wait_gone(kept[0]));
}

TEST(ProcessChild, InterruptIsForwardedToTheGroupAndEndsTheRun) {
  install_interrupt_handlers();
  const std::string s = sleep_seconds(7);
  // A background job of a non-interactive shell ignores SIGINT: it goes with
  // the rest of the group once the shell has exited.
  Command c = shell("sleep " + s + " & sleep " + s);
  c.kill_grace = 300ms;
  Result<std::unique_ptr<Child>> child = start_process(c);
  ASSERT_TRUE(child) << child.error().message();
  const pid_t pid = (*child)->pid();
  std::thread ctrl_c([] {
    std::this_thread::sleep_for(200ms);
    ::kill(::getpid(), SIGINT);
  });
  const auto start = std::chrono::steady_clock::now();
  Result<ProcessResult> result = (*child)->wait();
  ctrl_c.join();
  EXPECT_LT(since(start), 5s);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ExitCode::interrupted);
  EXPECT_EQ(static_cast<int>(result.error().code()), 130);
  EXPECT_TRUE(interrupted());
  EXPECT_EQ(interrupt_signal(), SIGINT);
  EXPECT_TRUE(wait_none_with(sleep_pattern(7)));
  errno = 0;
  EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1) << "already reaped";
  EXPECT_EQ(errno, ECHILD);

  // Nothing new starts once interrupted.
  Result<ProcessResult> after = run_process(command({"true"}));
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code(), ExitCode::interrupted);
  clear_interrupted();
  EXPECT_TRUE(run_process(command({"true"})));
}

TEST(ProcessChild, InterruptEscalatesToSigkillAfterTheGrace) {
  install_interrupt_handlers();
  std::atomic<bool> ready{false};
  Command c = shell("trap '' INT; echo ready; sleep " + sleep_seconds(12));
  c.stdout_mode = OutputMode::lines;
  c.on_line = [&](OutputStream, std::string_view line) { ready = line == "ready"; };
  c.kill_grace = 400ms;
  Result<std::unique_ptr<Child>> child = start_process(c);
  ASSERT_TRUE(child) << child.error().message();
  while (!ready) ASSERT_TRUE((*child)->poll(50ms));
  ::kill(::getpid(), SIGINT);
  const auto start = std::chrono::steady_clock::now();
  Result<ProcessResult> result = (*child)->wait();
  const auto took = since(start);
  EXPECT_GE(took, 350ms) << "SIGKILL came before the grace period ended";
  EXPECT_LT(took, 5s);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ExitCode::interrupted);
  EXPECT_TRUE(wait_none_with(sleep_pattern(12)));
  clear_interrupted();
}

TEST(ProcessChild, PollReportsAnInterrupt) {
  install_interrupt_handlers();
  Command c = command({"sleep", sleep_seconds(8)});
  Result<std::unique_ptr<Child>> child = start_process(c);
  ASSERT_TRUE(child);
  ::kill(::getpid(), SIGTERM);
  Result<std::optional<ExitStatus>> polled = (*child)->poll(1s);
  ASSERT_FALSE(polled);
  EXPECT_EQ(polled.error().code(), ExitCode::interrupted);
  // The handler forwarded SIGTERM to the child's group.
  EXPECT_EQ((*child)->terminate(2s).signal, SIGTERM);
  clear_interrupted();
}

extern "C" void count_alarm(int) {}

TEST(ProcessChild, SurvivesInterruptedSystemCalls) {
  struct sigaction action {}, previous {};
  action.sa_handler = count_alarm; // no SA_RESTART: every blocking call sees EINTR
  ::sigaction(SIGALRM, &action, &previous);
  itimerval every_ms{{0, 1000}, {0, 1000}};
  ::setitimer(ITIMER_REAL, &every_ms, nullptr);

  Command slow = shell("for i in 1 2 3 4 5; do echo line$i; sleep 0.05; done");
  Result<ProcessResult> result = run_process(slow);
  std::string data(2 << 20, 'y');
  Command pipe = command({"cat"});
  pipe.stdin_mode = StdinMode::data;
  pipe.stdin_data = data;
  Result<ProcessResult> piped = run_process(pipe);

  itimerval off{};
  ::setitimer(ITIMER_REAL, &off, nullptr);
  ::sigaction(SIGALRM, &previous, nullptr);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->out, "line1\nline2\nline3\nline4\nline5\n");
  ASSERT_TRUE(piped) << piped.error().message();
  EXPECT_EQ(piped->out.size(), data.size());
}

TEST(ProcessChild, PollThenWait) {
  Result<std::unique_ptr<Child>> child = start_process(shell("sleep 0.3; echo done; exit 4"));
  ASSERT_TRUE(child);
  Result<std::optional<ExitStatus>> first = (*child)->poll(10ms);
  ASSERT_TRUE(first);
  EXPECT_FALSE(*first);
  std::optional<ExitStatus> status;
  const auto start = std::chrono::steady_clock::now();
  while (!status && since(start) < 10s) {
    Result<std::optional<ExitStatus>> polled = (*child)->poll(100ms);
    ASSERT_TRUE(polled);
    status = *polled;
  }
  ASSERT_TRUE(status);
  EXPECT_EQ(status->code, 4);
  Result<ProcessResult> waited = (*child)->wait();
  ASSERT_FALSE(waited);
  EXPECT_EQ(waited.error().message(), "sh: exited with status 4");
}

TEST(ProcessChild, TerminateStopsTheGroupAndReaps) {
  const std::string s = sleep_seconds(9);
  Result<std::unique_ptr<Child>> child = start_process(shell("sleep " + s + " & sleep " + s));
  ASSERT_TRUE(child);
  const pid_t pid = (*child)->pid();
  std::this_thread::sleep_for(100ms);
  const ExitStatus status = (*child)->terminate(2s);
  EXPECT_EQ(status.signal, SIGTERM);
  EXPECT_TRUE(wait_none_with(sleep_pattern(9)));
  errno = 0;
  EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
  EXPECT_EQ((*child)->terminate(2s).signal, SIGTERM) << "idempotent";
}

TEST(ProcessChild, DestroyingAChildStopsIt) {
  pid_t pid = 0;
  {
    Result<std::unique_ptr<Child>> child = start_process(command({"sleep", sleep_seconds(10)}));
    ASSERT_TRUE(child);
    pid = (*child)->pid();
  }
  EXPECT_TRUE(live_processes_with(sleep_pattern(10)).empty());
  errno = 0;
  EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(ProcessChild, DieWithParentOutlivesNoSigkilledWeft) {
  int report[2];
  ASSERT_EQ(::pipe(report), 0);
  const pid_t weft = ::fork();
  ASSERT_GE(weft, 0);
  if (weft == 0) { // stands in for a weft process that gets SIGKILLed
    ::close(report[0]);
    Command c = command({"sleep", sleep_seconds(11)});
    c.die_with_parent = DieWithParent::yes;
    Result<std::unique_ptr<Child>> child = start_process(c);
    const pid_t pid = child ? (*child)->pid() : -1;
    [[maybe_unused]] ssize_t n = ::write(report[1], &pid, sizeof pid);
    ::pause();
    ::_exit(0);
  }
  ::close(report[1]);
  pid_t grandchild = -1;
  ASSERT_EQ(::read(report[0], &grandchild, sizeof grandchild), static_cast<ssize_t>(sizeof grandchild));
  ::close(report[0]);
  ASSERT_GT(grandchild, 0);
  EXPECT_EQ(::getpgid(grandchild), grandchild);
  ::kill(weft, SIGKILL);
  ::waitpid(weft, nullptr, 0);
  EXPECT_TRUE(wait_gone(grandchild));
}

} // namespace
} // namespace weft

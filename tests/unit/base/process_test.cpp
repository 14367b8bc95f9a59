#include <weft/base/process.hpp>

#include "process_helpers.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

// Spawning, descriptors, environment, stdin, output modes, errors and
// command-line rendering.

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>

namespace weft {
namespace {

using namespace std::chrono_literals;
using test::command;
using test::read_text;
using test::shell;
using test::sleep_seconds;
using test::TempDir;

// Points one of this process's standard streams at a file while alive.
class RedirectFd {
public:
  RedirectFd(int fd, const std::filesystem::path& file) : m_fd(fd), m_saved(::dup(fd)) {
    std::fflush(nullptr);
    const int target = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ::dup2(target, fd);
    ::close(target);
  }
  ~RedirectFd() {
    std::fflush(nullptr);
    ::dup2(m_saved, m_fd);
    ::close(m_saved);
  }

private:
  int m_fd;
  int m_saved;
};

TEST(Process, CapturesStdout) {
  Result<ProcessResult> result = run_process(command({"echo", "hello", "world"}));
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->out, "hello world\n");
  EXPECT_EQ(result->stdout_tail, "hello world\n");
  EXPECT_TRUE(result->status.success());
}

TEST(Process, StdinIsDevNullByDefault) {
  Result<ProcessResult> result = run_process(command({"readlink", "/proc/self/fd/0"}));
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->out, "/dev/null\n");
}

TEST(Process, DescriptorsAreNotInherited) {
  const int leaked = ::open("/dev/null", O_RDONLY); // deliberately without O_CLOEXEC
  ASSERT_GE(leaked, 3);
  Result<ProcessResult> result = run_process(command({"ls", "/proc/self/fd"}));
  ::close(leaked);
  ASSERT_TRUE(result) << result.error().message();
  // ls itself opens the directory as 3.
  EXPECT_EQ(result->out, "0\n1\n2\n3\n");
}

TEST(Process, NonzeroExitIsAToolErrorWithStderrTail) {
  Result<ProcessResult> result = run_process(shell("echo partial; echo 'oops: broken' >&2; exit 3"));
  ASSERT_FALSE(result);
  const Error& e = result.error();
  EXPECT_EQ(e.code(), ExitCode::tool);
  EXPECT_EQ(e.message(), "sh: exited with status 3");
  EXPECT_EQ(e.stderr_tail(), "oops: broken\n");
  ASSERT_EQ(e.context().size(), 1u);
  EXPECT_EQ(e.context()[0], "running `sh -c 'echo partial; echo '\\''oops: broken'\\'' >&2; exit 3'`");
}

TEST(Process, CheckExitNoReturnsTheStatus) {
  Command c = shell("echo out; exit 7");
  c.check = CheckExit::no;
  Result<ProcessResult> result = run_process(c);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status.code, 7);
  EXPECT_EQ(result->status.signal, 0);
  EXPECT_FALSE(result->status.success());
  EXPECT_EQ(result->out, "out\n");
}

TEST(Process, StdoutTailStandsInWhenStderrIsEmpty) {
  Result<ProcessResult> result = run_process(shell("echo 'error: on stdout'; exit 1"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().stderr_tail(), "error: on stdout\n");
}

TEST(Process, DeathBySignal) {
  Result<ProcessResult> result = run_process(shell("kill -KILL $$"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "sh: killed by signal 9 (SIGKILL)");

  Command c = shell("kill -SEGV $$");
  c.check = CheckExit::no;
  Result<ProcessResult> unchecked = run_process(c);
  ASSERT_TRUE(unchecked);
  EXPECT_EQ(unchecked->status.signal, SIGSEGV);
  EXPECT_EQ(unchecked->status.describe(), "killed by signal 11 (SIGSEGV)");
}

TEST(Process, KeepsOnlyTheLastFourKibOfStderr) {
  Command c = shell("i=0; while [ $i -lt 2000 ]; do echo \"err line $i\" >&2; echo \"out line $i\"; i=$((i+1)); done");
  Result<ProcessResult> result = run_process(c);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_LE(result->stderr_tail.size(), k_output_tail_bytes);
  EXPECT_GT(result->stderr_tail.size(), k_output_tail_bytes - 100);
  EXPECT_EQ(result->stderr_tail.rfind("err line", 0), 0u) << "starts at a line boundary";
  EXPECT_TRUE(result->stderr_tail.ends_with("err line 1999\n"));
  EXPECT_TRUE(result->err.empty()) << "stderr is only tailed by default";
  EXPECT_TRUE(result->out.ends_with("out line 1999\n"));
  EXPECT_EQ(result->out.rfind("out line 0\n", 0), 0u);
  EXPECT_TRUE(result->stdout_tail.ends_with("out line 1999\n"));
  EXPECT_LE(result->stdout_tail.size(), k_output_tail_bytes);
}

TEST(Process, MissingProgramIsReportedWithAHint) {
  Result<ProcessResult> result = run_process(command({"weft-no-such-program-7f3a", "--version"}));
  ASSERT_FALSE(result);
  const Error& e = result.error();
  EXPECT_EQ(e.code(), ExitCode::tool);
  EXPECT_EQ(e.message(), "weft-no-such-program-7f3a: program not found");
  EXPECT_NE(e.hint().find("PATH"), std::string::npos);
  ASSERT_EQ(e.context().size(), 1u);
  EXPECT_EQ(e.context()[0], "running `weft-no-such-program-7f3a --version`");

  Result<ProcessResult> by_path = run_process(command({"/nonexistent/dir/tool"}));
  ASSERT_FALSE(by_path);
  EXPECT_EQ(by_path.error().message(), "/nonexistent/dir/tool: program not found");
  EXPECT_NE(by_path.error().hint().find("path"), std::string::npos);
}

TEST(Process, LastStderrLineJoinsTheMessage) {
  Result<ProcessResult> result =
      run_process(command({"sh", "-c", "echo first >&2; echo 'tool: the reason' >&2; echo >&2; exit 4"}));
  ASSERT_FALSE(result);
  const Error e = with_last_stderr_line(result.error());
  EXPECT_EQ(e.message(), "sh: exited with status 4: tool: the reason");
  EXPECT_EQ(e.code(), ExitCode::tool);
  EXPECT_EQ(e.context(), result.error().context());

  const Error quiet = with_last_stderr_line(Error::tool("x", "exited with status 1"));
  EXPECT_EQ(quiet.message(), "x: exited with status 1");
}

TEST(Process, ProgramIsLookedUpOnTheChildsPath) {
  TempDir dir;
  const std::filesystem::path tool = dir / "weft-test-tool";
  {
    std::ofstream out(tool);
    out << "#!/bin/sh\necho from the tool\n";
  }
  ::chmod(tool.c_str(), 0755);
  Command c = command({"weft-test-tool"});
  c.env_set = {{"PATH", dir.path().string() + ":/usr/bin:/bin"}};
  Result<ProcessResult> result = run_process(c);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->out, "from the tool\n");
}

TEST(Process, UnexecutableFilesAreExplained) {
  TempDir dir;
  const std::filesystem::path plain = dir / "plain";
  { std::ofstream(plain) << "echo hi\n"; }
  ::chmod(plain.c_str(), 0644);
  const std::filesystem::path orphan = dir / "orphan";
  { std::ofstream(orphan) << "#!/nonexistent/interpreter\n"; }
  ::chmod(orphan.c_str(), 0755);

  Result<ProcessResult> no_x_bit = run_process(command({plain.string()}));
  ASSERT_FALSE(no_x_bit);
  EXPECT_NE(no_x_bit.error().message().find("Permission denied"), std::string::npos)
      << no_x_bit.error().message();

  Result<ProcessResult> missing_interpreter = run_process(command({orphan.string()}));
  ASSERT_FALSE(missing_interpreter);
  EXPECT_EQ(missing_interpreter.error().message(),
            orphan.string() + ": cannot execute " + orphan.string() + ": No such file or directory");
  EXPECT_NE(missing_interpreter.error().hint().find("#!"), std::string::npos);
}

TEST(Process, RunsInTheGivenWorkingDirectory) {
  TempDir dir;
  Command c = command({"pwd", "-P"});
  c.cwd = dir.path();
  Result<ProcessResult> result = run_process(c);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->out, std::filesystem::canonical(dir.path()).string() + "\n");

  c.cwd = dir / "missing";
  Result<ProcessResult> missing = run_process(c);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message(),
            "cannot enter the working directory " + (dir / "missing").string() + ": No such file or directory");
  EXPECT_EQ(missing.error().location().file, (dir / "missing").string());
}

class ScopedEnv {
public:
  ScopedEnv(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (m_old)
      ::setenv(m_name.c_str(), m_old->c_str(), 1);
    else
      ::unsetenv(m_name.c_str());
  }

private:
  std::string m_name;
  std::optional<std::string> m_old;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST(Process, EnvironmentFromAnAllowlist) {
  ScopedEnv secret("WEFT_TEST_SECRET", "do-not-pass");
  ScopedEnv kept("WEFT_TEST_KEEP_ONE", "1");
  Command c = command({"/usr/bin/env"});
  c.env_mode = EnvMode::allowlist;
  c.env_allowlist = {"WEFT_TEST_KEEP_*"};
  c.env_set = {{"WEFT_ADDED", "yes"}, {"WEFT_TEST_KEEP_ONE", "replaced"}};
  Result<ProcessResult> result = run_process(c);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(lines_of(result->out), (std::vector<std::string>{"WEFT_ADDED=yes", "WEFT_TEST_KEEP_ONE=replaced"}));
}

TEST(Process, EnvironmentInheritedWithChanges) {
  ScopedEnv removed("WEFT_TEST_REMOVED", "x");
  ScopedEnv inherited("WEFT_TEST_INHERITED", "y");
  Command c = command({"/usr/bin/env"});
  c.env_unset = {"WEFT_TEST_REMOVED"};
  c.env_set = {{"WEFT_TEST_SET", "z"}};
  Result<ProcessResult> result = run_process(c);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_NE(result->out.find("WEFT_TEST_INHERITED=y\n"), std::string::npos);
  EXPECT_NE(result->out.find("WEFT_TEST_SET=z\n"), std::string::npos);
  EXPECT_EQ(result->out.find("WEFT_TEST_REMOVED"), std::string::npos);
  EXPECT_NE(result->out.find("PATH="), std::string::npos);
}

TEST(Process, FeedsDataToStdin) {
  std::string data;
  for (int i = 0; data.size() < (1 << 20); ++i) data += "line " + std::to_string(i) + "\n";
  Command c = command({"cat"});
  c.stdin_mode = StdinMode::data;
  c.stdin_data = data;
  Result<ProcessResult> result = run_process(c);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->out, data);
}

TEST(Process, ChildThatIgnoresStdinDoesNotHurtWeft) {
  Command c = command({"true"});
  c.stdin_mode = StdinMode::data;
  c.stdin_data = std::string(4 << 20, 'x'); // far more than a pipe holds
  Result<ProcessResult> result = run_process(c);
  ASSERT_TRUE(result) << result.error().message(); // no SIGPIPE killed us, no hang
}

TEST(Process, StdinFromAFile) {
  TempDir dir;
  { std::ofstream(dir / "input") << "from a file\n"; }
  Command c = command({"cat"});
  c.stdin_mode = StdinMode::file;
  c.stdin_file = dir / "input";
  Result<ProcessResult> result = run_process(c);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->out, "from a file\n");

  c.stdin_file = dir / "missing";
  Result<ProcessResult> missing = run_process(c);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().location().file, (dir / "missing").string());
}

TEST(Process, SecretOnStdinIsNotInTheChildsCommandLineOrEnvironment) {
  const std::string secret = "hunter2-correct-horse";
  std::atomic<bool> received{false};
  Command c = shell("read secret; echo \"got ${#secret} bytes\"; exec sleep " + sleep_seconds(2));
  c.stdin_mode = StdinMode::data;
  c.stdin_data = secret + "\n";
  c.stdout_mode = OutputMode::lines;
  c.on_line = [&](OutputStream, std::string_view line) {
    if (line == "got 21 bytes") received = true;
  };
  Result<std::unique_ptr<Child>> child = start_process(c);
  ASSERT_TRUE(child) << child.error().message();
  while (!received) {
    Result<std::optional<ExitStatus>> polled = (*child)->poll(50ms);
    ASSERT_TRUE(polled);
    ASSERT_FALSE(*polled) << "exited early";
  }
  const std::string proc = "/proc/" + std::to_string((*child)->pid());
  const std::string cmdline = read_text(proc + "/cmdline");
  EXPECT_NE(cmdline.find("sleep"), std::string::npos);
  EXPECT_EQ(cmdline.find(secret), std::string::npos);
  EXPECT_EQ(read_text(proc + "/environ").find(secret), std::string::npos);
  EXPECT_EQ(render_command_line(c).find(secret), std::string::npos);
  (*child)->terminate(2s);
}

TEST(Process, LinesModeCallsBackPerLine) {
  std::vector<std::pair<OutputStream, std::string>> lines;
  Command c = shell("printf 'a\\nb\\r\\n'; printf 'e1\\n' >&2; printf 'no newline'");
  c.stdout_mode = OutputMode::lines;
  c.stderr_mode = OutputMode::lines;
  c.on_line = [&](OutputStream stream, std::string_view line) { lines.emplace_back(stream, std::string(line)); };
  Result<ProcessResult> result = run_process(c);
  ASSERT_TRUE(result) << result.error().message();
  const std::vector<std::pair<OutputStream, std::string>> out_lines = [&] {
    std::vector<std::pair<OutputStream, std::string>> only;
    for (const auto& l : lines)
      if (l.first == OutputStream::out) only.push_back(l);
    return only;
  }();
  EXPECT_EQ(out_lines, (std::vector<std::pair<OutputStream, std::string>>{
                           {OutputStream::out, "a"}, {OutputStream::out, "b"}, {OutputStream::out, "no newline"}}));
  EXPECT_NE(std::find(lines.begin(), lines.end(), std::pair<OutputStream, std::string>{OutputStream::err, "e1"}),
            lines.end());
  EXPECT_TRUE(result->out.empty());
  EXPECT_EQ(result->stdout_tail, "a\nb\r\nno newline");
}

TEST(Process, ForwardCopiesOutputAndKeepsTheTail) {
  TempDir dir;
  Command c = shell("echo to-stdout; echo to-stderr >&2; exit 2");
  c.stdout_mode = OutputMode::forward;
  c.stderr_mode = OutputMode::forward;
  Result<ProcessResult> result;
  {
    RedirectFd out(STDOUT_FILENO, dir / "out");
    RedirectFd err(STDERR_FILENO, dir / "err");
    result = run_process(c);
  }
  EXPECT_EQ(read_text(dir / "out"), "to-stdout\n");
  EXPECT_EQ(read_text(dir / "err"), "to-stderr\n");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().stderr_tail(), "to-stderr\n");
}

TEST(Process, InheritAndDiscard) {
  TempDir dir;
  Command c = shell("echo inherited; echo dropped >&2");
  c.stdout_mode = OutputMode::inherit;
  c.stderr_mode = OutputMode::discard;
  Result<ProcessResult> result;
  {
    RedirectFd out(STDOUT_FILENO, dir / "out");
    RedirectFd err(STDERR_FILENO, dir / "err");
    result = run_process(c);
  }
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(read_text(dir / "out"), "inherited\n");
  EXPECT_EQ(read_text(dir / "err"), "");
  EXPECT_TRUE(result->stdout_tail.empty());
}

TEST(Process, RendersCommandLinesLikeAShell) {
  EXPECT_EQ(quote_argument("plain-arg_1.0=x,y:z/@%+"), "plain-arg_1.0=x,y:z/@%+");
  EXPECT_EQ(quote_argument(""), "''");
  EXPECT_EQ(quote_argument("two words"), "'two words'");
  EXPECT_EQ(quote_argument("it's"), "'it'\\''s'");
  EXPECT_EQ(quote_argument("$HOME"), "'$HOME'");
  EXPECT_EQ(render_command_line({"cmake", "--build", "my dir", ""}), "cmake --build 'my dir' ''");
}

TEST(Process, RedactsSecretsWhenRendering) {
  Redaction redact;
  redact.args = {2};
  redact.values = {"abc123"};
  EXPECT_EQ(render_command_line({"signer", "--password", "s3cret", "--token=abc123", "abc123"}, redact),
            "signer --password *** '--token=***' ***");
  EXPECT_EQ(redact_text("token abc123 and abc123", redact), "token *** and ***");
}

TEST(Process, FailuresNeverShowRedactedSecrets) {
  Command c = command({"sh", "-c", "echo \"bad key $1 for $2\" >&2; exit 1", "sh", "s3cr3t-key", "user"});
  c.redact.args = {4};
  c.redact.values = {"s3cr3t-key"};
  Result<ProcessResult> result = run_process(c);
  ASSERT_FALSE(result);
  const Error& e = result.error();
  EXPECT_EQ(e.stderr_tail(), "bad key *** for user\n");
  ASSERT_EQ(e.context().size(), 1u);
  EXPECT_EQ(e.context()[0].find("s3cr3t"), std::string::npos);
  EXPECT_NE(e.context()[0].find("sh *** user"), std::string::npos) << e.context()[0];
}

TEST(Process, ForkPathBehavesLikeSpawn) {
  Command c = shell("readlink /proc/self/fd/0; ls /proc/self/fd | wc -l; echo err >&2; exit 5");
  c.die_with_parent = DieWithParent::yes;
  c.check = CheckExit::no;
  Result<ProcessResult> result = run_process(c);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->status.code, 5);
  EXPECT_EQ(result->out, "/dev/null\n4\n");
  EXPECT_EQ(result->stderr_tail, "err\n");

  Command missing = command({"weft-no-such-program-7f3a"});
  missing.die_with_parent = DieWithParent::yes;
  EXPECT_FALSE(run_process(missing));
}

TEST(Process, ShellCommandIsShDashC) {
  EXPECT_EQ(shell_command("npm run build"), (std::vector<std::string>{"sh", "-c", "npm run build"}));
}

TEST(Process, SystemRunnerRunsProcesses) {
  SystemProcessRunner runner;
  ProcessRunner& seam = runner;
  Result<ProcessResult> result = seam.run(command({"echo", "via the seam"}));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->out, "via the seam\n");
  Result<std::unique_ptr<Child>> child = seam.start(command({"true"}));
  ASSERT_TRUE(child);
  Result<ProcessResult> waited = (*child)->wait();
  ASSERT_TRUE(waited);
  EXPECT_TRUE(waited->status.success());
}

} // namespace
} // namespace weft

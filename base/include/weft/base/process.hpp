#pragma once

#include <weft/base/error.hpp>

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace weft {

// Subprocesses. A command is an argv vector run without a shell (except
// through shell_command(), for user hooks), in its own process group, with
// stdin from /dev/null, every descriptor but 0-2 closed, and an environment
// that is inherited or built from an allowlist. Failures become Error::tool
// values that keep the program, its exit status and the tail of its stderr.
// Ctrl-C handling lives in <weft/base/interrupt.hpp>.

// How much of a stream is kept for error reports.
inline constexpr std::size_t k_output_tail_bytes = 4096;

// Where a child's stdout or stderr goes.
enum class OutputMode {
  capture, // collected whole into ProcessResult::out / err
  tail,    // only the last k_output_tail_bytes are kept
  lines,   // each line goes to Command::on_line as it arrives; tail kept
  forward, // copied to weft's own stdout / stderr as it arrives; tail kept
  inherit, // the child writes to weft's stdout / stderr itself (a TTY stays a
           // TTY, so tools keep their colours); nothing is kept
  discard, // /dev/null
};

enum class OutputStream { out, err };

enum class StdinMode {
  null,    // /dev/null
  data,    // Command::stdin_data, through a pipe: the way to hand a child a secret
  file,    // Command::stdin_file
  inherit, // weft's own stdin (interactive tools)
};

enum class EnvMode {
  inherit,   // weft's environment, minus env_unset, plus env_set
  allowlist, // only the names in env_allowlist, plus env_set
};

// Whether a nonzero exit or a death by signal makes run()/wait() fail.
enum class CheckExit { yes, no };

// What happens to processes still in the child's group once the child itself
// has exited (a daemon it forked, a `cmd &` in a hook): killed (SIGKILL) so
// that nothing outlives the run, or left alone. Either way weft stops reading
// their output shortly after the child exits.
enum class Leftovers { kill, keep };

// Whether the child gets PR_SET_PDEATHSIG(SIGKILL), so that it dies even if
// weft is SIGKILLed. Only the child itself is covered: its own children
// survive unless the group is killed, which is what terminate() and the
// interrupt handlers do. Linux delivers it when the *thread* that started the
// child exits, so start long-lived children from a thread that outlives them.
// Spawns through fork/exec instead of posix_spawn.
enum class DieWithParent { yes, no };

// Which arguments never appear in a rendered command line: by index in argv,
// or by value (every occurrence, also inside a longer argument such as
// `--password=VALUE`, and in stderr tails kept in errors).
struct Redaction {
  std::vector<std::size_t> args;
  std::vector<std::string> values;

  bool empty() const { return args.empty() && values.empty(); }
};

struct Command {
  std::vector<std::string> argv; // argv[0] is looked up on PATH unless it has a '/'
  std::filesystem::path cwd;     // empty: weft's working directory

  EnvMode env_mode = EnvMode::inherit;
  std::vector<std::string> env_allowlist; // names; `LC_*` matches a prefix
  std::vector<std::string> env_unset;
  std::vector<std::pair<std::string, std::string>> env_set; // added or replaced, in order

  StdinMode stdin_mode = StdinMode::null;
  std::string stdin_data; // never logged or rendered
  std::filesystem::path stdin_file;

  OutputMode stdout_mode = OutputMode::capture;
  OutputMode stderr_mode = OutputMode::tail;
  // Called for each line (without its line ending) of a stream in `lines`
  // mode, on the thread that runs, polls or waits; a final line without a
  // newline is passed at the end. Without a callback `lines` acts as `tail`.
  std::function<void(OutputStream, std::string_view)> on_line;

  std::chrono::milliseconds timeout{0}; // 0: none; then SIGTERM to the group
  std::chrono::milliseconds kill_grace{3000}; // SIGTERM/SIGINT -> SIGKILL delay

  CheckExit check = CheckExit::yes;
  Leftovers leftovers = Leftovers::kill;
  DieWithParent die_with_parent = DieWithParent::no;
  Redaction redact;
};

// `sh -c SCRIPT`, the one sanctioned use of a shell: user hooks such as
// beforeBuildCommand.
std::vector<std::string> shell_command(std::string_view script);

// One argument quoted so that a POSIX shell reads it back unchanged; bare when
// it has no special characters.
std::string quote_argument(std::string_view argument);

// The command line as a shell would read it, for logs and errors, with
// redacted arguments shown as ***.
std::string render_command_line(const std::vector<std::string>& argv, const Redaction& redact = {});
std::string render_command_line(const Command& command);

// Replaces every redacted value inside `text` by ***.
std::string redact_text(std::string text, const Redaction& redact);

struct ExitStatus {
  int code = 0;   // the exit code when the child exited
  int signal = 0; // the signal that killed it, 0 if it exited

  bool success() const { return signal == 0 && code == 0; }
  // "exited with status 2", "killed by signal 9 (SIGKILL)"
  std::string describe() const;
};

struct ProcessResult {
  ExitStatus status;
  std::string out; // stdout in `capture` mode
  std::string err; // stderr in `capture` mode
  std::string stdout_tail; // in every mode but inherit/discard, at line boundaries when possible
  std::string stderr_tail;
  std::chrono::milliseconds elapsed{0};
  bool timed_out = false;
};

// The Error::tool for a finished run: "PROGRAM: exited with status N" (or
// "killed by signal", "timed out after"), the stderr tail (stdout's when
// stderr said nothing), and the redacted command line as context.
Error process_failure(const Command& command, const ProcessResult& result);

// The error of a failed run with the last non-empty line its program printed
// on stderr appended ("gpg: exited with status 2: gpg: signing failed: Bad
// passphrase"), for reports that have one line to say why. Errors without
// a stderr tail come back unchanged.
Error with_last_stderr_line(const Error& error);

// A started child. The real one (start_process) owns the process: destroying
// it terminates the group and reaps the child, so there are never zombies.
class Child {
public:
  virtual ~Child() = default;

  virtual pid_t pid() const = 0;
  virtual pid_t pgid() const = 0;

  // Moves output along for up to `wait`. The exit status once the child has
  // exited (it is then reaped), nullopt while it runs; applies the command's
  // timeout. After Ctrl-C returns Error::interrupted() at once and leaves the
  // child to terminate() or the destructor.
  virtual Result<std::optional<ExitStatus>> poll(std::chrono::milliseconds wait) = 0;

  // Runs the child to its end and applies the command's policies: timeout,
  // CheckExit, and on Ctrl-C stopping the group then Error::interrupted().
  virtual Result<ProcessResult> wait() = 0;

  // SIGTERM to the whole group, SIGKILL after `grace`, then reaps the child.
  // Returns at once with the status when it has already exited.
  virtual ExitStatus terminate(std::chrono::milliseconds grace) = 0;
};

// The seam through which code runs processes, so that tests can pass a fake
// (see <weft/base/process_fake.hpp>).
class ProcessRunner {
public:
  virtual ~ProcessRunner() = default;
  virtual Result<ProcessResult> run(const Command& command) = 0;
  virtual Result<std::unique_ptr<Child>> start(const Command& command) = 0;
};

// Runs real processes.
class SystemProcessRunner final : public ProcessRunner {
public:
  Result<ProcessResult> run(const Command& command) override;
  Result<std::unique_ptr<Child>> start(const Command& command) override;
};

// start_process(command) then wait().
Result<ProcessResult> run_process(const Command& command);

// Spawns the child. Fails with Error::tool for a program that is not found
// or not executable (with a hint), Error::io for a working directory or stdin
// file that cannot be used, and Error::interrupted() after Ctrl-C.
Result<std::unique_ptr<Child>> start_process(const Command& command);

} // namespace weft

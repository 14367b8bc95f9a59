#include "process_internal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/close_range.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace weft::detail {
namespace {

constexpr std::string_view k_default_path = "/usr/local/bin:/usr/bin:/bin";

// Keeps a descriptor away from 0-2, so that the dup2() onto a standard stream
// always changes it (and thereby clears its close-on-exec flag), even when
// weft was started with a standard stream closed.
Result<UniqueFd> above_stdio(int fd, std::string_view what) {
  UniqueFd owned(fd);
  if (fd > 2) return owned;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (moved < 0) return fail(Error::io(what, errno, "open"));
  return UniqueFd(moved);
}

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

Result<Pipe> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return fail(Error::io("a pipe", errno, "create"));
  Pipe pipe;
  WEFT_TRY_ASSIGN(pipe.read, above_stdio(fds[0], "a pipe"));
  WEFT_TRY_ASSIGN(pipe.write, above_stdio(fds[1], "a pipe"));
  return pipe;
}

void set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

Result<UniqueFd> open_for_child(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return fail(Error::io(path.string(), errno, (flags & O_ACCMODE) == O_RDONLY ? "read" : "write"));
  return above_stdio(fd, path.string());
}

bool name_in(std::string_view name, const std::vector<std::string>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(), [name](const std::string& pattern) {
    if (!pattern.empty() && pattern.back() == '*')
      return name.starts_with(std::string_view(pattern).substr(0, pattern.size() - 1));
    return name == pattern;
  });
}

std::string_view entry_name(std::string_view entry) { return entry.substr(0, entry.find('=')); }

std::vector<std::string> build_environment(const Command& command) {
  std::vector<std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string_view text(*entry);
    if (text.find('=') == std::string_view::npos) continue;
    const std::string_view name = entry_name(text);
    const bool keep = command.env_mode == EnvMode::allowlist ? name_in(name, command.env_allowlist)
                                                              : !name_in(name, command.env_unset);
    if (keep) env.emplace_back(text);
  }
  for (const std::pair<std::string, std::string>& variable : command.env_set) {
    std::erase_if(env, [&](const std::string& entry) { return entry_name(entry) == variable.first; });
    env.push_back(variable.first + "=" + variable.second);
  }
  return env;
}

std::string_view env_value(const std::vector<std::string>& env, std::string_view name) {
  for (const std::string& entry : env)
    if (entry_name(entry) == name) return std::string_view(entry).substr(name.size() + 1);
  return {};
}

// 0 when `path` (relative to the child's working directory) is an executable
// regular file, else the errno execve would give.
int check_executable(const std::string& path, const std::filesystem::path& cwd) {
  const std::filesystem::path where =
      cwd.empty() || std::filesystem::path(path).is_absolute() ? std::filesystem::path(path) : cwd / path;
  struct stat st {};
  if (::stat(where.c_str(), &st) != 0) return errno;
  if (!S_ISREG(st.st_mode)) return EACCES;
  if (::access(where.c_str(), X_OK) != 0) return errno;
  return 0;
}

Error not_found(const std::string& program) {
  if (program.find('/') != std::string::npos)
    return Error::tool(program, "program not found").with_hint("check the path; no file exists there");
  return Error::tool(program, "program not found")
      .with_hint(fmt::format("install `{}`, or make sure the directory that holds it is on PATH", program));
}

Error not_executable(const std::string& program, const std::string& path, int error) {
  return Error::tool(program, fmt::format("cannot execute {}: {}", path, std::strerror(error)))
      .with_hint(error == EACCES ? "check that it is a file with execute permission"
                                 : "check the interpreter named on its #! line");
}

// What execve will be given for argv[0]: argv[0] itself when it holds a '/',
// else the first executable match on the child's PATH.
Result<std::string> resolve_program(const Command& command, const std::vector<std::string>& env) {
  const std::string& program = command.argv.front();
  if (program.find('/') != std::string::npos) {
    const int error = check_executable(program, command.cwd);
    if (error == ENOENT || error == ENOTDIR) return fail(not_found(program));
    if (error != 0) return fail(not_executable(program, program, error));
    return program;
  }
  std::string_view search = env_value(env, "PATH");
  if (search.empty()) {
    const char* own = std::getenv("PATH");
    search = own && *own ? std::string_view(own) : k_default_path;
  }
  int first_error = 0;
  std::string first_path;
  while (true) {
    const std::size_t colon = search.find(':');
    std::string_view dir = search.substr(0, colon);
    if (dir.empty()) dir = ".";
    std::string candidate;
    candidate.reserve(dir.size() + 1 + program.size());
    candidate.append(dir).append(1, '/').append(program);
    const int error = check_executable(candidate, command.cwd);
    if (error == 0) return candidate;
    if (error != ENOENT && error != ENOTDIR && first_error == 0) {
      first_error = error;
      first_path = candidate;
    }
    if (colon == std::string_view::npos) break;
    search.remove_prefix(colon + 1);
  }
  if (first_error != 0) return fail(not_executable(program, first_path, first_error));
  return fail(not_found(program));
}

Error exec_failure(const Command& command, const std::string& path, int error) {
  // resolve_program() found the file, so ENOENT now means a missing
  // interpreter or dynamic loader.
  return not_executable(command.argv.front(), path, error);
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

struct Prepared {
  std::string program;
  std::vector<std::string> argv;
  std::vector<std::string> env;
  std::array<UniqueFd, 3> child_ends; // -1: the child inherits weft's
};

Result<pid_t> spawn_with_posix_spawn(const Command& command, Prepared& prepared) {
  std::vector<char*> argv = pointers(prepared.argv);
  std::vector<char*> envp = pointers(prepared.env);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  for (int target = 0; target < 3; ++target) {
    const UniqueFd& source = prepared.child_ends[static_cast<std::size_t>(target)];
    if (source) posix_spawn_file_actions_adddup2(&actions, source.get(), target);
  }
  if (!command.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, command.cwd.c_str());
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attributes, 0);
  sigset_t signals;
  sigemptyset(&signals);
  posix_spawnattr_setsigmask(&attributes, &signals);
  sigfillset(&signals);
  posix_spawnattr_setsigdefault(&attributes, &signals);

  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, prepared.program.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return fail(exec_failure(command, prepared.program, rc));
  return pid;
}

// The forked child: only async-signal-safe calls until execve.
[[noreturn]] void exec_in_child(const Command& command, const Prepared& prepared, char* const* argv,
                                char* const* envp, pid_t parent, int report_fd) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127); // weft died before prctl took effect

  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  for (int signal_number = 1; signal_number < NSIG; ++signal_number)
    ::sigaction(signal_number, &default_action, nullptr);

  int error = 0;
  for (int target = 0; target < 3 && error == 0; ++target) {
    const int source = prepared.child_ends[static_cast<std::size_t>(target)].get();
    if (source >= 0 && ::dup2(source, target) < 0) error = errno;
  }
  if (error == 0 && !command.cwd.empty() && ::chdir(command.cwd.c_str()) != 0) error = errno;
  if (error == 0) {
    ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC); // older kernels: ours are CLOEXEC anyway
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execve(prepared.program.c_str(), argv, envp);
    error = errno;
  }
  [[maybe_unused]] ssize_t ignored = ::write(report_fd, &error, sizeof error);
  ::_exit(127);
}

// fork/exec, for PR_SET_PDEATHSIG, which posix_spawn cannot set. An exec
// failure comes back through a close-on-exec pipe.
Result<pid_t> spawn_with_fork(const Command& command, Prepared& prepared) {
  std::vector<char*> argv = pointers(prepared.argv);
  std::vector<char*> envp = pointers(prepared.env);
  WEFT_TRY_ASSIGN(Pipe report, make_pipe());

  sigset_t all, previous;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &previous); // no weft handler may run in the child
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) exec_in_child(command, prepared, argv.data(), envp.data(), parent, report.write.get());
  const int fork_error = errno;
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (pid < 0) return fail(Error::tool(command.argv.front(), fmt::format("cannot fork: {}", std::strerror(fork_error))));
  ::setpgid(pid, pid); // also from this side, so the group exists before we signal it
  report.write.reset();

  int error = 0;
  ssize_t n;
  do n = ::read(report.read.get(), &error, sizeof error);
  while (n < 0 && errno == EINTR);
  if (n == static_cast<ssize_t>(sizeof error)) {
    int ignored;
    while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
    }
    return fail(exec_failure(command, prepared.program, error));
  }
  return pid;
}

} // namespace

void UniqueFd::reset(int fd) {
  if (m_fd >= 0) ::close(m_fd);
  m_fd = fd;
}

ssize_t write_without_sigpipe(int fd, const void* data, std::size_t size) {
  sigset_t sigpipe, previous, pending;
  sigemptyset(&sigpipe);
  sigaddset(&sigpipe, SIGPIPE);
  sigpending(&pending);
  const bool already_pending = sigismember(&pending, SIGPIPE) == 1;
  ::pthread_sigmask(SIG_BLOCK, &sigpipe, &previous);
  ssize_t n;
  do n = ::write(fd, data, size);
  while (n < 0 && errno == EINTR);
  const int saved = errno;
  if (n < 0 && saved == EPIPE && !already_pending) {
    // Consume the SIGPIPE this write raised while it is still blocked.
    const timespec no_wait{};
    while (::sigtimedwait(&sigpipe, nullptr, &no_wait) < 0 && errno == EINTR) {
    }
  }
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  errno = saved;
  return n;
}

Result<SpawnedProcess> spawn(const Command& command) {
  if (command.argv.empty()) return fail(Error(ExitCode::tool, "cannot run an empty command line"));
  if (!command.cwd.empty()) {
    struct stat st {};
    if (::stat(command.cwd.c_str(), &st) != 0)
      return fail(Error::io(command.cwd.string(), errno, "enter the working directory"));
    if (!S_ISDIR(st.st_mode)) return fail(Error::io(command.cwd.string(), ENOTDIR, "enter the working directory"));
  }

  Prepared prepared;
  prepared.argv = command.argv;
  prepared.env = build_environment(command);
  WEFT_TRY_ASSIGN(prepared.program, resolve_program(command, prepared.env));

  SpawnedProcess spawned;
  switch (command.stdin_mode) {
    case StdinMode::null: {
      WEFT_TRY_ASSIGN(prepared.child_ends[0], open_for_child("/dev/null", O_RDONLY));
      break;
    }
    case StdinMode::file: {
      WEFT_TRY_ASSIGN(prepared.child_ends[0], open_for_child(command.stdin_file, O_RDONLY));
      break;
    }
    case StdinMode::data: {
      WEFT_TRY_ASSIGN(Pipe pipe, make_pipe());
      prepared.child_ends[0] = std::move(pipe.read);
      spawned.stdin_pipe = std::move(pipe.write);
      set_nonblocking(spawned.stdin_pipe.get());
      break;
    }
    case StdinMode::inherit: break;
  }
  const std::array<std::pair<OutputMode, UniqueFd*>, 2> outputs{
      {{command.stdout_mode, &spawned.stdout_pipe}, {command.stderr_mode, &spawned.stderr_pipe}}};
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& [mode, parent_end] = outputs[i];
    if (mode == OutputMode::inherit) continue;
    if (mode == OutputMode::discard) {
      WEFT_TRY_ASSIGN(prepared.child_ends[i + 1], open_for_child("/dev/null", O_WRONLY));
      continue;
    }
    WEFT_TRY_ASSIGN(Pipe pipe, make_pipe());
    prepared.child_ends[i + 1] = std::move(pipe.write);
    *parent_end = std::move(pipe.read);
    set_nonblocking(parent_end->get());
  }

  if (command.die_with_parent == DieWithParent::yes) {
    WEFT_TRY_ASSIGN(spawned.pid, spawn_with_fork(command, prepared));
  } else {
    WEFT_TRY_ASSIGN(spawned.pid, spawn_with_posix_spawn(command, prepared));
  }
  return spawned; // the child's ends close here
}

} // namespace weft::detail

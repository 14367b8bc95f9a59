#pragma once

// Helpers for tests that run real processes: building commands, finding
// processes by a marker in their command line, waiting for them to be gone.

#include <weft/base/process.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace weft::test {

inline Command command(std::vector<std::string> argv) {
  Command c;
  c.argv = std::move(argv);
  return c;
}

inline Command shell(const std::string& script) { return command(shell_command(script)); }

inline std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The state letter from /proc/<pid>/stat ('Z' for a zombie), or 0 when gone.
inline char process_state(pid_t pid) {
  const std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  const std::size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) return 0;
  return stat[paren + 2];
}

// Dead: no such process, or a zombie waiting for its (new) parent to reap it.
inline bool is_gone(pid_t pid) {
  if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
  const char state = process_state(pid);
  return state == 0 || state == 'Z' || state == 'X';
}

inline bool wait_gone(pid_t pid, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!is_gone(pid)) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// Live (non-zombie) processes other than this one whose command line
// contains `marker`.
inline std::vector<pid_t> live_processes_with(std::string_view marker) {
  std::vector<pid_t> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(name));
    if (pid == ::getpid()) continue;
    std::string cmdline = read_text(entry.path() / "cmdline");
    for (char& c : cmdline)
      if (c == '\0') c = ' ';
    if (cmdline.find(marker) == std::string::npos) continue;
    if (!is_gone(pid)) found.push_back(pid);
  }
  return found;
}

// Waits until no live process carries `marker`; true when none is left.
inline bool wait_none_with(std::string_view marker, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!live_processes_with(marker).empty()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// A `sleep` duration (over an hour) unique to this test process and `salt`
// (0-99), to find its sleepers by: pass sleep_pattern() to the helpers above.
inline std::string sleep_seconds(int salt) {
  const std::string fraction = std::to_string(100 + salt % 100).substr(1);
  return std::to_string(5000 + (::getpid() % 4000)) + "." + fraction;
}
inline std::string sleep_pattern(int salt) { return "sleep " + sleep_seconds(salt) + " "; }

} // namespace weft::test

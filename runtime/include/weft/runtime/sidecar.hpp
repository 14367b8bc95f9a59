#pragma once

#include <weft/base/error.hpp>
#include <weft/runtime/command.hpp>

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace weft {

class App;

struct SidecarOptions {
  // When set, the arguments must fit these scope values (those of
  // `core:sidecar:allow-spawn` that an Invocation carries); see
  // runtime/permissions/sidecar.toml. Unset: the backend's own call, trusted.
  const Scopes* scopes = nullptr;
  // The window whose pages get the output events; empty: every window.
  std::string window;
};

// A program declared in the manifest's bundle.externalBin, running beside the
// app: resolved next to the executable (with the target-triple suffix
// stripped, as the bundlers install it), started in its own process group
// with stdin from /dev/null, and killed (its whole group) when it is
// destroyed, when kill() is called, or when the app exits. Each line it
// writes becomes an event for the backend's listeners and the pages:
//   "sidecar:stdout" / "sidecar:stderr"  {"id": N, "name": "...", "line": "..."}
//   "sidecar:terminated"                 {"id": N, "name": "...", "code": C, "signal": S}
class Sidecar {
public:
  // `name` is the entry of bundle.externalBin ("binaries/helper"). Fails for
  // a name the manifest does not declare, arguments the scope refuses, or a
  // program that is missing or cannot start.
  static Result<std::shared_ptr<Sidecar>> spawn(App& app, std::string_view name, std::vector<std::string> args,
                                                SidecarOptions options = {});

  ~Sidecar();
  Sidecar(const Sidecar&) = delete;
  Sidecar& operator=(const Sidecar&) = delete;

  std::uint64_t id() const { return m_id; }
  pid_t pid() const { return m_pid; }
  const std::string& name() const { return m_name; }
  bool running() const { return !m_finished.load(); }

  // SIGTERM to its process group, SIGKILL a second later; returns once it
  // has been reaped. Does nothing when it has already exited.
  void kill();

private:
  Sidecar(std::uint64_t id, std::string name) : m_id(id), m_name(std::move(name)) {}

  std::uint64_t m_id;
  std::string m_name;
  pid_t m_pid = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<bool> m_finished{false};
  std::mutex m_kill_mutex;
  std::thread m_thread;
};

} // namespace weft

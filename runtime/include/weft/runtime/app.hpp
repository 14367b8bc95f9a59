#pragma once

#include <weft/runtime/command.hpp>
#include <weft/runtime/context.hpp>

#include <nlohmann/json.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <utility>
#include <vector>

namespace weft {

namespace detail {
class AppCore;
}

// An event between the backend and the pages.
struct Event {
  std::string name;
  nlohmann::json payload;
  std::string source; // the window label that emitted it, "" for the backend
};

enum class LogLevel { debug, info, warning, error };

// What happens when the last window closes.
enum class LastWindowClosed { exit, keep_running };

// A handler that takes the arguments and returns the result.
template <typename F>
concept SimpleCommand = std::is_invocable_r_v<nlohmann::json, F, const nlohmann::json&> &&
                        !std::is_invocable_v<F, const Invocation&, Reply>;
// A handler that also wants to know who called and with which scopes.
template <typename F>
concept InvocationCommand = std::is_invocable_r_v<nlohmann::json, F, const Invocation&> && !SimpleCommand<F>;
// A handler that answers later, through the Reply, from any thread.
template <typename F>
concept AsyncCommand = std::is_invocable_v<F, const Invocation&, Reply>;

// The app: its windows (from the manifest), the embedded frontend served on
// weft://localhost/, the IPC bridge with ACL enforcement, commands, managed
// state, events and sidecars. One per process. Linux: GTK 3 + WebKitGTK 4.1.
//
// Threads: run() owns the GTK main thread. Command handlers run on a pool of
// worker threads, never on the main thread, and their answers are delivered
// on it. emit(), exit() and Reply may be used from any thread; C++ event
// listeners run on the main thread.
class App {
public:
  // Reads the context: config, ACL (an unreadable ACL makes run() fail),
  // assets, CSP. The context must outlive the App.
  explicit App(const Context& context);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Registers a command the pages call with window.weft.invoke(name, args).
  // A page may only call it when a capability grants it (`allow-<name>`).
  // Throwing (CommandError or any std::exception) rejects the call. A second
  // registration of the same name replaces the first. Register before run().
  template <typename F>
    requires SimpleCommand<F> || InvocationCommand<F> || AsyncCommand<F>
  void command(std::string name, F handler) {
    if constexpr (AsyncCommand<F>) {
      add_command(std::move(name), std::function<void(const Invocation&, Reply)>(std::move(handler)));
    } else if constexpr (SimpleCommand<F>) {
      add_command(std::move(name), [handler = std::move(handler)](const Invocation& call, Reply reply) {
        reply.resolve(handler(call.args));
      });
    } else {
      add_command(std::move(name), [handler = std::move(handler)](const Invocation& call, Reply reply) {
        reply.resolve(handler(call));
      });
    }
  }

  // Shared state for command handlers: manage<T>(args…) constructs one T,
  // state<T>() returns it (std::logic_error when there is none). The App
  // does not synchronise access to T.
  template <typename T, typename... Args>
  T& manage(Args&&... args) {
    auto value = std::make_shared<T>(std::forward<Args>(args)...);
    T& ref = *value;
    put_state(typeid(T), std::shared_ptr<void>(std::move(value)));
    return ref;
  }
  template <typename T>
  T& state() const {
    return *static_cast<T*>(find_state(typeid(T)));
  }

  // Sends an event to the backend's listeners and every page listening to
  // it. Any thread.
  void emit(std::string_view event, nlohmann::json payload = nullptr);
  // Sends an event to the pages of one window only. Any thread.
  void emit_to(std::string_view window, std::string_view event, nlohmann::json payload = nullptr);
  // Listens to events from pages (and from emit()); returns an id for
  // unlisten(). Called on the main thread.
  std::uint64_t listen(std::string event, std::function<void(const Event&)> handler);
  void unlisten(std::uint64_t id);

  // Opens a window, described like an app.windows[] entry of the manifest.
  // Main thread (e.g. from a listener), or before run() to open it at
  // start-up. Returns an error message, empty on success.
  std::string create_window(const nlohmann::json& window);
  // Closes a window as its close button does; false when none has the label.
  // Closing the last one ends run() with 0 unless set_last_window_closed()
  // says otherwise. Main thread.
  bool close_window(std::string_view label);
  // The labels of the open windows. Main thread.
  std::vector<std::string> window_labels() const;

  // Ends run() with `code`. Any thread.
  void exit(int code);

  void set_last_window_closed(LastWindowClosed behaviour);
  // The largest IPC message accepted, in bytes (default 4 MiB); larger ones
  // are rejected without being parsed.
  void set_ipc_message_limit(std::size_t bytes);
  // Where log lines go (default: stderr, from the level in $WEFT_LOG:
  // debug, info, warning (the default) or error). Denied calls are logged
  // at debug level. Any thread may log.
  void set_log_handler(std::function<void(LogLevel, std::string_view)> handler);

  // The effective manifest.
  const nlohmann::json& config() const;

  // Initialises GTK, opens the manifest's windows and runs until exit() or
  // the last window closes (or SIGINT/SIGTERM: 130). Returns the exit code;
  // prints one line to stderr and returns 1 when the app cannot start (no
  // display, an unreadable context).
  int run(int argc, char** argv);

  detail::AppCore& core() { return *m_core; }

private:
  void add_command(std::string name, std::function<void(const Invocation&, Reply)> handler);
  void put_state(std::type_index type, std::shared_ptr<void> value);
  void* find_state(std::type_index type) const;

  std::unique_ptr<detail::AppCore> m_core;
};

} // namespace weft

#pragma once

#include "acl.hpp"
#include "asset_store.hpp"
#include "ipc_message.hpp"
#include "main_queue.hpp"
#include "window_config.hpp"
#include "worker_pool.hpp"

#include <weft/runtime/app.hpp>
#include <weft/runtime/sidecar.hpp>

#include <webkit2/webkit2.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <typeindex>
#include <unordered_map>
#include <vector>

namespace weft::runtime {
class Window;
}

namespace weft::detail {

using CommandHandler = std::function<void(const Invocation&, Reply)>;

class AppCore;

// The shared answer behind weft::Reply.
struct ReplyState {
  std::shared_ptr<runtime::MainQueue> queue;
  AppCore* core = nullptr; // used on the main thread only, while `queue` is open
  std::uint64_t id = 0;    // AppCore's pending reply
  std::string command;
  std::atomic<bool> settled{false};

  void settle(std::string reply_text);
  ~ReplyState();
};

// Everything behind weft::App. Main-thread state is marked; the rest is
// guarded by m_mutex or set before run().
class AppCore {
public:
  AppCore(App& app, const Context& context);
  ~AppCore();

  App& app() { return m_app; }
  const nlohmann::json& config() const { return m_config; }
  std::string config_text(const char* key) const;
  Profile profile() const { return m_context.profile; }
  const runtime::AssetStore& assets() const { return m_assets; }
  const std::string& dev_url() const { return m_dev_url; }

  // Commands and state (before run()).
  void add_command(std::string name, CommandHandler handler);
  void put_state(std::type_index type, std::shared_ptr<void> value);
  void* find_state(std::type_index type) const;
  void set_last_window_closed(LastWindowClosed behaviour) { m_last_window_closed = behaviour; }
  void set_ipc_message_limit(std::size_t bytes) { m_ipc_limit = bytes; }
  void set_log_handler(std::function<void(LogLevel, std::string_view)> handler);
  void log(LogLevel level, std::string_view message);

  // Events. emit() from any thread; the rest on the main thread.
  void emit(std::string event, nlohmann::json payload, std::string source, std::optional<std::string> target);
  std::uint64_t listen(std::string event, std::function<void(const Event&)> handler);
  void unlisten(std::uint64_t id);
  std::uint64_t listen_page(runtime::Window& window, std::string event);
  bool unlisten_page(runtime::Window& window, std::uint64_t id);

  // Windows (main thread).
  Result<runtime::Window*> open_window(const runtime::WindowConfig& config);
  runtime::Window* window(std::string_view label);
  std::vector<std::string> window_labels() const;
  void window_destroyed(runtime::Window& window);
  // The URL a window's `url` loads: a remote http(s) URL as it is, else a
  // page of the dev server (WEFT_DEV_URL) or of the asset scheme.
  std::string page_url(std::string_view url) const;
  WebKitWebContext* web_context(bool incognito, const std::optional<std::string>& proxy);
  std::string create_window(const nlohmann::json& request);
  // The app.windows[] entry with this label, or nullptr.
  const nlohmann::json* declared_window(std::string_view label) const;

  // IPC (main thread): a message from a window's bridge.
  void on_message(runtime::Window& window, JSCValue* value, WebKitScriptMessageReply* reply);
  void complete(std::uint64_t id, const std::string& reply_text);

  // Sidecars.
  std::uint64_t next_sidecar_id() { return ++m_sidecar_ids; }
  void add_sidecar(std::shared_ptr<Sidecar> sidecar);
  std::shared_ptr<Sidecar> sidecar(std::uint64_t id) const;

  int run(int argc, char** argv);
  void exit(int code); // any thread
  void quit(int code); // main thread
  bool running() const { return m_running; }

private:
  struct PendingReply {
    WebKitScriptMessageReply* reply = nullptr;
    JSCContext* context = nullptr;
  };
  struct PageListener {
    std::string window;
    std::string event;
  };
  struct BackendListener {
    std::string event;
    std::function<void(const Event&)> handler;
  };

  void deliver(const Event& event, const std::optional<std::string>& target);
  void reject_now(WebKitScriptMessageReply* reply, JSCValue* value, runtime::IpcErrorKind kind,
                  const std::string& message);
  void run_core_command(runtime::Window& window, const Invocation& call, WebKitScriptMessageReply* reply,
                        JSCValue* value);
  Result<void> open_start_windows();
  void shutdown();

  App& m_app;
  const Context& m_context;
  nlohmann::json m_config;
  Result<runtime::Acl> m_acl;
  runtime::AssetStore m_assets;
  std::string m_dev_url;
  std::shared_ptr<runtime::MainQueue> m_queue = runtime::MainQueue::create();
  runtime::WorkerPool m_workers;

  mutable std::mutex m_mutex; // guards m_state, m_sidecars, m_log_handler
  std::unordered_map<std::string, std::shared_ptr<CommandHandler>> m_commands;
  std::unordered_map<std::type_index, std::shared_ptr<void>> m_state;
  std::function<void(LogLevel, std::string_view)> m_log_handler;
  LogLevel m_log_level = LogLevel::warning;
  std::size_t m_ipc_limit;
  LastWindowClosed m_last_window_closed = LastWindowClosed::exit;

  // Main thread.
  std::map<std::string, std::unique_ptr<runtime::Window>, std::less<>> m_windows;
  std::vector<nlohmann::json> m_early_windows; // create_window() before run()
  std::map<std::string, WebKitWebContext*> m_web_contexts;
  std::unordered_map<std::uint64_t, PendingReply> m_pending;
  std::map<std::uint64_t, PageListener> m_page_listeners;
  std::map<std::uint64_t, BackendListener> m_backend_listeners;
  std::uint64_t m_ids = 0;
  bool m_running = false;
  int m_exit_code = 0;
  std::atomic<bool> m_exit_requested{false};
  std::atomic<int> m_requested_code{0};

  std::atomic<std::uint64_t> m_sidecar_ids{0};
  std::vector<std::shared_ptr<Sidecar>> m_sidecars;
};

} // namespace weft::detail

#include "app_core.hpp"

#include "path_commands.hpp"
#include "window.hpp"

#include <glib-unix.h>

#include <csignal>

#include <cstdio>
#include <cstdlib>
#include <thread>

namespace weft::detail {
namespace {

LogLevel level_from_environment() {
  const char* value = std::getenv("WEFT_LOG");
  const std::string level = value ? value : "";
  if (level == "debug") return LogLevel::debug;
  if (level == "info") return LogLevel::info;
  if (level == "error") return LogLevel::error;
  return LogLevel::warning;
}

std::string_view level_name(LogLevel level) {
  switch (level) {
  case LogLevel::debug: return "debug";
  case LogLevel::info: return "info";
  case LogLevel::warning: return "warning";
  case LogLevel::error: return "error";
  }
  return "error";
}

nlohmann::json parse_config(std::string_view text) {
  nlohmann::json config = nlohmann::json::parse(text, nullptr, false);
  return config.is_object() ? config : nlohmann::json::object();
}

std::optional<std::string> csp_of(const Context& context) {
  if (!context.csp) return std::nullopt;
  return std::string(*context.csp);
}

gboolean on_signal(gpointer core) {
  static_cast<AppCore*>(core)->quit(130);
  return G_SOURCE_CONTINUE;
}

} // namespace

AppCore::AppCore(App& app, const Context& context)
    : m_app(app), m_context(context), m_config(parse_config(context.config_json)),
      m_acl(runtime::Acl::parse(context.acl_json)), m_assets(context.assets, csp_of(context)),
      m_workers(std::max(2u, std::thread::hardware_concurrency())), m_log_level(level_from_environment()),
      m_ipc_limit(runtime::k_default_ipc_message_limit) {
  if (const char* dev = std::getenv("WEFT_DEV_URL"); dev && *dev) m_dev_url = dev;
}

AppCore::~AppCore() { shutdown(); }

std::string AppCore::config_text(const char* key) const {
  auto it = m_config.find(key);
  return it != m_config.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void AppCore::add_command(std::string name, CommandHandler handler) {
  std::lock_guard lock(m_mutex);
  m_commands[std::move(name)] = std::make_shared<CommandHandler>(std::move(handler));
}

void AppCore::put_state(std::type_index type, std::shared_ptr<void> value) {
  std::lock_guard lock(m_mutex);
  if (m_state.contains(type)) throw std::logic_error(std::string("weft::App::manage: ") + type.name() + " is already managed");
  m_state.emplace(type, std::move(value));
}

void* AppCore::find_state(std::type_index type) const {
  std::lock_guard lock(m_mutex);
  auto it = m_state.find(type);
  if (it == m_state.end())
    throw std::logic_error(std::string("weft::App::state: no managed state of type ") + type.name() +
                           " (call app.manage<T>() first)");
  return it->second.get();
}

void AppCore::set_log_handler(std::function<void(LogLevel, std::string_view)> handler) {
  std::lock_guard lock(m_mutex);
  m_log_handler = std::move(handler);
}

void AppCore::log(LogLevel level, std::string_view message) {
  std::function<void(LogLevel, std::string_view)> handler;
  {
    std::lock_guard lock(m_mutex);
    handler = m_log_handler;
  }
  if (handler) {
    handler(level, message);
    return;
  }
  if (level < m_log_level) return;
  std::fprintf(stderr, "weft: %.*s: %.*s\n", static_cast<int>(level_name(level).size()), level_name(level).data(),
               static_cast<int>(message.size()), message.data());
}

std::string AppCore::page_url(std::string_view url) const {
  if (url.starts_with("http://") || url.starts_with("https://")) return std::string(url);
  std::string_view path = url;
  while (path.starts_with('/')) path.remove_prefix(1);
  if (!m_dev_url.empty()) {
    std::string base = m_dev_url;
    if (!base.ends_with('/')) base += '/';
    return path == "index.html" ? base : base + std::string(path);
  }
  return std::string(runtime::k_asset_base) + std::string(path);
}

Result<runtime::Window*> AppCore::open_window(const runtime::WindowConfig& config) {
  if (m_windows.contains(config.label))
    return fail(Error::input("a window labelled `" + config.label + "` is already open"));
  WebKitWebContext* context = web_context(config.incognito, config.proxy_url);
  auto window = std::make_unique<runtime::Window>(*this, config, context);
  runtime::Window* raw = window.get();
  m_windows.emplace(config.label, std::move(window));
  raw->load(page_url(config.url));
  raw->show();
  return raw;
}

const nlohmann::json* AppCore::declared_window(std::string_view label) const {
  auto app = m_config.find("app");
  if (app == m_config.end() || !app->is_object() || !app->contains("windows") || !(*app)["windows"].is_array())
    return nullptr;
  for (const nlohmann::json& entry : (*app)["windows"])
    if (entry.is_object() && entry.value("label", "main") == label) return &entry;
  return nullptr;
}

std::string AppCore::create_window(const nlohmann::json& request) {
  // A window the manifest declares (typically with "create": false) opens
  // with its declared settings; the request's keys override them.
  nlohmann::json window = request;
  if (request.is_object() && request.contains("label") && request["label"].is_string()) {
    if (const nlohmann::json* declared = declared_window(request["label"].get<std::string>())) {
      window = *declared;
      window.merge_patch(request);
    }
  }
  Result<runtime::WindowConfig> config = runtime::parse_window_config(window);
  if (!config) return config.error().message();
  if (!m_running) {
    m_early_windows.push_back(window);
    return {};
  }
  Result<runtime::Window*> opened = open_window(*config);
  return opened ? std::string() : opened.error().message();
}

runtime::Window* AppCore::window(std::string_view label) {
  auto it = m_windows.find(label);
  return it == m_windows.end() ? nullptr : it->second.get();
}

std::vector<std::string> AppCore::window_labels() const {
  std::vector<std::string> labels;
  for (const auto& [label, window] : m_windows) labels.push_back(label);
  return labels;
}

void AppCore::window_destroyed(runtime::Window& window) {
  auto it = m_windows.find(window.label());
  if (it == m_windows.end() || it->second.get() != &window) return;
  std::erase_if(m_page_listeners, [&](const auto& entry) { return entry.second.window == window.label(); });
  // Deleted later: the caller may still be inside one of the window's methods.
  std::shared_ptr<runtime::Window> doomed(std::move(it->second));
  m_windows.erase(it);
  m_queue->post([doomed] {});
  if (m_windows.empty() && m_last_window_closed == LastWindowClosed::exit && m_running) quit(0);
}

Result<void> AppCore::open_start_windows() {
  auto app = m_config.find("app");
  if (app != m_config.end() && app->is_object() && app->contains("windows") && (*app)["windows"].is_array()) {
    for (const nlohmann::json& entry : (*app)["windows"]) {
      WEFT_TRY_ASSIGN(runtime::WindowConfig config, runtime::parse_window_config(entry));
      if (!config.create) continue;
      WEFT_TRY(open_window(config));
    }
  }
  for (const nlohmann::json& entry : std::exchange(m_early_windows, {})) {
    WEFT_TRY_ASSIGN(runtime::WindowConfig config, runtime::parse_window_config(entry));
    WEFT_TRY(open_window(config));
  }
  return {};
}

int AppCore::run(int argc, char** argv) {
  if (!m_acl) {
    std::fprintf(stderr, "weft: error: %s (hint: %s)\n", m_acl.error().message().c_str(), m_acl.error().hint().c_str());
    return 1;
  }
  if (!m_dev_url.empty() && !m_dev_url.starts_with("http://") && !m_dev_url.starts_with("https://")) {
    std::fprintf(stderr, "weft: error: WEFT_DEV_URL `%s` is not an http(s) URL\n", m_dev_url.c_str());
    return 1;
  }
  if (!gtk_init_check(&argc, &argv)) {
    std::fprintf(stderr, "weft: error: cannot open a display (hint: run under a desktop session, or xvfb-run)\n");
    return 1;
  }
  if (const std::string name = config_text("productName"); !name.empty()) g_set_application_name(name.c_str());
  const guint sigint = g_unix_signal_add(SIGINT, on_signal, this);
  const guint sigterm = g_unix_signal_add(SIGTERM, on_signal, this);
  m_running = true;
  if (Result<void> opened = open_start_windows(); !opened) {
    std::fprintf(stderr, "weft: error: %s\n", opened.error().message().c_str());
    m_exit_code = 1;
  } else if (!m_exit_requested.load()) {
    gtk_main();
  } else {
    m_exit_code = m_requested_code.load();
  }
  m_running = false;
  g_source_remove(sigint);
  g_source_remove(sigterm);
  shutdown();
  return m_exit_code;
}

void AppCore::exit(int code) {
  m_requested_code.store(code);
  m_exit_requested.store(true);
  m_queue->post([this, code] { quit(code); });
}

void AppCore::quit(int code) {
  if (!m_running) return;
  m_exit_code = code;
  m_exit_requested.store(true);
  if (gtk_main_level() > 0) gtk_main_quit();
}

void AppCore::add_sidecar(std::shared_ptr<Sidecar> sidecar) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_sidecars, [](const std::shared_ptr<Sidecar>& s) { return !s->running(); });
  m_sidecars.push_back(std::move(sidecar));
}

std::shared_ptr<Sidecar> AppCore::sidecar(std::uint64_t id) const {
  std::lock_guard lock(m_mutex);
  for (const std::shared_ptr<Sidecar>& s : m_sidecars)
    if (s->id() == id) return s;
  return nullptr;
}

void AppCore::shutdown() {
  std::vector<std::shared_ptr<Sidecar>> sidecars;
  {
    std::lock_guard lock(m_mutex);
    sidecars.swap(m_sidecars);
  }
  for (const std::shared_ptr<Sidecar>& sidecar : sidecars) sidecar->kill();
  m_workers.stop();
  m_windows.clear();
  m_queue->close();
  runtime::MainQueue::drain();
  for (auto& [id, pending] : m_pending) {
    webkit_script_message_reply_return_error_message(pending.reply, "the app is shutting down");
    webkit_script_message_reply_unref(pending.reply);
    g_object_unref(pending.context);
  }
  m_pending.clear();
  for (auto& [key, context] : m_web_contexts) g_object_unref(context);
  m_web_contexts.clear();
}

} // namespace weft::detail

// Events between the backend and the pages. A page subscribes through
// core:event|listen (so the ACL decides whether it may), and is sent only the
// events it subscribed to; backend listeners see every event by name.
#include "app_core.hpp"

#include "window.hpp"

namespace weft::detail {

void AppCore::emit(std::string event, nlohmann::json payload, std::string source, std::optional<std::string> target) {
  m_queue->post([this, event = Event{std::move(event), std::move(payload), std::move(source)},
                 target = std::move(target)] { deliver(event, target); });
}

void AppCore::deliver(const Event& event, const std::optional<std::string>& target) {
  if (!target) {
    std::vector<std::function<void(const Event&)>> handlers;
    for (const auto& [id, listener] : m_backend_listeners)
      if (listener.event == event.name) handlers.push_back(listener.handler);
    for (const auto& handler : handlers) {
      try {
        handler(event);
      } catch (const std::exception& error) {
        log(LogLevel::error, "a listener of `" + event.name + "` threw: " + error.what());
      }
    }
  }
  std::vector<std::string> windows;
  for (const auto& [id, listener] : m_page_listeners) {
    if (listener.event != event.name || (target && listener.window != *target)) continue;
    if (std::find(windows.begin(), windows.end(), listener.window) == windows.end()) windows.push_back(listener.window);
  }
  if (windows.empty()) return;
  const nlohmann::json message{{"event", event.name}, {"payload", event.payload}, {"source", event.source}};
  const std::string script =
      "window.__WEFT_DISPATCH__ && window.__WEFT_DISPATCH__(" +
      message.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace) + ");";
  for (const std::string& label : windows)
    if (runtime::Window* window = this->window(label)) window->evaluate(script);
}

std::uint64_t AppCore::listen(std::string event, std::function<void(const Event&)> handler) {
  const std::uint64_t id = ++m_ids;
  m_backend_listeners.emplace(id, BackendListener{std::move(event), std::move(handler)});
  return id;
}

void AppCore::unlisten(std::uint64_t id) { m_backend_listeners.erase(id); }

std::uint64_t AppCore::listen_page(runtime::Window& window, std::string event) {
  const std::uint64_t id = ++m_ids;
  m_page_listeners.emplace(id, PageListener{window.label(), std::move(event)});
  return id;
}

bool AppCore::unlisten_page(runtime::Window& window, std::uint64_t id) {
  auto it = m_page_listeners.find(id);
  if (it == m_page_listeners.end() || it->second.window != window.label()) return false;
  m_page_listeners.erase(it);
  return true;
}

} // namespace weft::detail

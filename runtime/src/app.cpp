#include <weft/runtime/app.hpp>

#include "app_core.hpp"
#include "window.hpp"

namespace weft {

App::App(const Context& context) : m_core(std::make_unique<detail::AppCore>(*this, context)) {}

App::~App() = default;

void App::add_command(std::string name, std::function<void(const Invocation&, Reply)> handler) {
  m_core->add_command(std::move(name), std::move(handler));
}

void App::put_state(std::type_index type, std::shared_ptr<void> value) { m_core->put_state(type, std::move(value)); }

void* App::find_state(std::type_index type) const { return m_core->find_state(type); }

void App::emit(std::string_view event, nlohmann::json payload) {
  m_core->emit(std::string(event), std::move(payload), "", std::nullopt);
}

void App::emit_to(std::string_view window, std::string_view event, nlohmann::json payload) {
  m_core->emit(std::string(event), std::move(payload), "", std::string(window));
}

std::uint64_t App::listen(std::string event, std::function<void(const Event&)> handler) {
  return m_core->listen(std::move(event), std::move(handler));
}

void App::unlisten(std::uint64_t id) { m_core->unlisten(id); }

std::string App::create_window(const nlohmann::json& window) { return m_core->create_window(window); }

bool App::close_window(std::string_view label) {
  runtime::Window* window = m_core->window(label);
  if (!window) return false;
  gtk_window_close(window->gtk());
  return true;
}

std::vector<std::string> App::window_labels() const { return m_core->window_labels(); }

void App::exit(int code) { m_core->exit(code); }

void App::set_last_window_closed(LastWindowClosed behaviour) { m_core->set_last_window_closed(behaviour); }

void App::set_ipc_message_limit(std::size_t bytes) { m_core->set_ipc_message_limit(bytes); }

void App::set_log_handler(std::function<void(LogLevel, std::string_view)> handler) {
  m_core->set_log_handler(std::move(handler));
}

const nlohmann::json& App::config() const { return m_core->config(); }

int App::run(int argc, char** argv) { return m_core->run(argc, argv); }

} // namespace weft

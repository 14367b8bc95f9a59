#include "window.hpp"

#include "app_core.hpp"

#include <weft/base/hex.hpp>

#include <nlohmann/json.hpp>

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <random>

namespace weft::embedded {
std::string_view runtime_bridge_js();
}

namespace weft::runtime {
namespace {

void replace_all(std::string& text, std::string_view from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

int pixels(double logical) { return static_cast<int>(logical + 0.5); }

} // namespace

std::string random_key() {
  std::array<unsigned char, 16> bytes{};
  size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::getrandom(bytes.data() + got, bytes.size() - got, 0);
    if (n > 0) got += static_cast<size_t>(n);
    else if (errno != EINTR) break;
  }
  if (got < bytes.size()) { // no getrandom(2): the C++ library's source
    std::random_device device;
    for (unsigned char& byte : bytes) byte = static_cast<unsigned char>(device());
  }
  return hex_lower(bytes);
}

std::string bridge_script(const std::string& key, const std::string& label, bool global_api, bool freeze_prototype) {
  std::string script(embedded::runtime_bridge_js());
  replace_all(script, "__WEFT_KEY__", nlohmann::json(key).dump());
  replace_all(script, "__WEFT_LABEL__", nlohmann::json(label).dump());
  replace_all(script, "__WEFT_GLOBAL__", global_api ? "true" : "false");
  replace_all(script, "__WEFT_FREEZE__", freeze_prototype ? "true" : "false");
  return script;
}

Window::Window(detail::AppCore& core, WindowConfig config, WebKitWebContext* context)
    : m_core(core), m_config(std::move(config)), m_key(random_key()) {
  m_devtools = m_config.devtools.value_or(core.profile() == Profile::debug);

  m_content = webkit_user_content_manager_new();
  g_signal_connect(m_content, "script-message-with-reply-received::weft", G_CALLBACK(on_message), this);
  webkit_user_content_manager_register_script_message_handler_with_reply(m_content, "weft", nullptr);
  const nlohmann::json& app = core.config().contains("app") ? core.config()["app"] : nlohmann::json::object();
  const nlohmann::json security = app.value("security", nlohmann::json::object());
  const std::string script =
      bridge_script(m_key, m_config.label, app.value("withGlobalWeft", false), security.value("freezePrototype", false));
  WebKitUserScript* user_script = webkit_user_script_new(script.c_str(), WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                                         WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, nullptr, nullptr);
  webkit_user_content_manager_add_script(m_content, user_script);
  webkit_user_script_unref(user_script);

  WebKitSettings* settings = webkit_settings_new();
  webkit_settings_set_enable_developer_extras(settings, m_devtools);
  webkit_settings_set_enable_write_console_messages_to_stdout(settings, core.profile() == Profile::debug);
  if (m_config.user_agent) webkit_settings_set_user_agent(settings, m_config.user_agent->c_str());
  m_view = WEBKIT_WEB_VIEW(g_object_new(WEBKIT_TYPE_WEB_VIEW, "web-context", context, "user-content-manager", m_content,
                                        "settings", settings, nullptr));
  g_object_unref(settings);

  m_window = GTK_WINDOW(gtk_window_new(GTK_WINDOW_TOPLEVEL));
  gtk_container_add(GTK_CONTAINER(m_window), GTK_WIDGET(m_view));
  const std::string title = m_config.title.value_or(core.config_text("productName"));
  gtk_window_set_title(m_window, title.c_str());
  apply_geometry();
  gtk_window_set_resizable(m_window, m_config.resizable);
  gtk_window_set_decorated(m_window, m_config.decorations);
  gtk_window_set_deletable(m_window, m_config.closable);
  gtk_window_set_keep_above(m_window, m_config.always_on_top);
  gtk_window_set_keep_below(m_window, m_config.always_on_bottom);
  gtk_window_set_skip_taskbar_hint(m_window, m_config.skip_taskbar);
  gtk_window_set_focus_on_map(m_window, m_config.focus);
  if (m_config.visible_on_all_workspaces) gtk_window_stick(m_window);
  if (m_config.maximized) gtk_window_maximize(m_window);
  if (m_config.fullscreen) gtk_window_fullscreen(m_window);
  if (m_config.theme != Theme::system)
    g_object_set(gtk_settings_get_default(), "gtk-application-prefer-dark-theme", m_config.theme == Theme::dark,
                 nullptr);
  if (m_config.parent) {
    if (Window* parent = core.window(*m_config.parent)) {
      gtk_window_set_transient_for(m_window, parent->gtk());
      gtk_window_set_destroy_with_parent(m_window, TRUE);
    }
  }
  if (m_config.transparent) {
    if (GdkVisual* visual = gdk_screen_get_rgba_visual(gtk_widget_get_screen(GTK_WIDGET(m_window))))
      gtk_widget_set_visual(GTK_WIDGET(m_window), visual);
    gtk_widget_set_app_paintable(GTK_WIDGET(m_window), TRUE);
    const GdkRGBA clear{0, 0, 0, 0};
    webkit_web_view_set_background_color(m_view, &clear);
  }
  g_signal_connect(m_window, "destroy", G_CALLBACK(on_destroy), this);
  if (m_config.zoom_hotkeys) g_signal_connect(m_window, "key-press-event", G_CALLBACK(on_key), this);
}

Window::~Window() {
  if (m_content) {
    g_signal_handlers_disconnect_by_data(m_content, this);
    webkit_user_content_manager_unregister_script_message_handler(m_content, "weft");
    g_object_unref(m_content);
  }
  if (m_window) {
    g_signal_handlers_disconnect_by_data(m_window, this);
    gtk_widget_destroy(GTK_WIDGET(m_window));
  }
}

void Window::apply_geometry() {
  gtk_window_set_default_size(m_window, pixels(m_config.width), pixels(m_config.height));
  apply_size_limits();
  if (m_config.x && m_config.y) gtk_window_move(m_window, pixels(*m_config.x), pixels(*m_config.y));
  else if (m_config.center) gtk_window_set_position(m_window, GTK_WIN_POS_CENTER);
}

void Window::apply_size_limits() {
  GdkGeometry geometry{};
  int hints = 0;
  if (m_config.min_width || m_config.min_height) {
    geometry.min_width = pixels(m_config.min_width.value_or(1));
    geometry.min_height = pixels(m_config.min_height.value_or(1));
    hints |= GDK_HINT_MIN_SIZE;
  }
  if (m_config.max_width || m_config.max_height) {
    geometry.max_width = pixels(m_config.max_width.value_or(G_MAXSHORT));
    geometry.max_height = pixels(m_config.max_height.value_or(G_MAXSHORT));
    hints |= GDK_HINT_MAX_SIZE;
  }
  gtk_window_set_geometry_hints(m_window, nullptr, &geometry, static_cast<GdkWindowHints>(hints));
}

std::string Window::uri() const {
  const char* uri = m_view ? webkit_web_view_get_uri(m_view) : nullptr;
  return uri ? uri : "";
}

void Window::show() {
  gtk_widget_show(GTK_WIDGET(m_view));
  if (m_config.visible) gtk_widget_show(GTK_WIDGET(m_window));
}

void Window::load(const std::string& url) { webkit_web_view_load_uri(m_view, url.c_str()); }

void Window::evaluate(const std::string& script) {
  webkit_web_view_evaluate_javascript(m_view, script.c_str(), static_cast<gssize>(script.size()), nullptr, nullptr,
                                      nullptr, nullptr, nullptr);
}

void Window::destroy() {
  if (m_window) gtk_widget_destroy(GTK_WIDGET(m_window)); // on_destroy() follows
}

void Window::on_destroy(GtkWidget*, gpointer self) {
  auto* window = static_cast<Window*>(self);
  window->m_window = nullptr;
  window->m_core.window_destroyed(*window);
}

gboolean Window::on_message(WebKitUserContentManager*, JSCValue* value, WebKitScriptMessageReply* reply,
                            gpointer self) {
  auto* window = static_cast<Window*>(self);
  window->m_core.on_message(*window, value, reply);
  return TRUE;
}

gboolean Window::on_key(GtkWidget*, GdkEventKey* event, gpointer self) {
  auto* window = static_cast<Window*>(self);
  if (!(event->state & GDK_CONTROL_MASK)) return FALSE;
  const double zoom = webkit_web_view_get_zoom_level(window->m_view);
  switch (event->keyval) {
  case GDK_KEY_plus:
  case GDK_KEY_equal:
  case GDK_KEY_KP_Add:
    webkit_web_view_set_zoom_level(window->m_view, zoom * 1.1);
    return TRUE;
  case GDK_KEY_minus:
  case GDK_KEY_KP_Subtract:
    webkit_web_view_set_zoom_level(window->m_view, zoom / 1.1);
    return TRUE;
  case GDK_KEY_0:
  case GDK_KEY_KP_0:
    webkit_web_view_set_zoom_level(window->m_view, 1.0);
    return TRUE;
  default:
    return FALSE;
  }
}

} // namespace weft::runtime

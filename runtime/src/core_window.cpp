// core:window — the app's windows (runtime/permissions/window.toml). Sizes
// and positions are logical pixels; `label` in the arguments picks another
// window than the caller's.
#include "core_commands.hpp"

#include "app_core.hpp"
#include "window.hpp"

#include <array>

namespace weft::runtime {
namespace {

GdkWindowState state_of(Window& window) {
  GdkWindow* gdk = gtk_widget_get_window(GTK_WIDGET(window.gtk()));
  return gdk ? gdk_window_get_state(gdk) : static_cast<GdkWindowState>(0);
}

nlohmann::json size_json(int width, int height) { return {{"width", width}, {"height", height}}; }
nlohmann::json position_json(int x, int y) { return {{"x", x}, {"y", y}}; }

nlohmann::json monitor_json(GdkMonitor* monitor) {
  if (!monitor) return nullptr;
  GdkRectangle area{};
  gdk_monitor_get_geometry(monitor, &area);
  const char* model = gdk_monitor_get_model(monitor);
  return {{"name", model ? model : ""},
          {"position", position_json(area.x, area.y)},
          {"size", size_json(area.width, area.height)},
          {"scaleFactor", gdk_monitor_get_scale_factor(monitor)}};
}

GdkMonitor* monitor_of(Window& window) {
  GdkWindow* gdk = gtk_widget_get_window(GTK_WIDGET(window.gtk()));
  GdkDisplay* display = gtk_widget_get_display(GTK_WIDGET(window.gtk()));
  return gdk ? gdk_display_get_monitor_at_window(display, gdk) : gdk_display_get_primary_monitor(display);
}

// Reads.
nlohmann::json get_all_windows(const CoreCall& call) { return call.core.window_labels(); }
nlohmann::json scale_factor(const CoreCall& call) { return gtk_widget_get_scale_factor(GTK_WIDGET(target_window(call).gtk())); }
nlohmann::json inner_position(const CoreCall& call) {
  int x = 0, y = 0;
  if (GdkWindow* gdk = gtk_widget_get_window(GTK_WIDGET(target_window(call).gtk()))) gdk_window_get_origin(gdk, &x, &y);
  return position_json(x, y);
}
nlohmann::json outer_position(const CoreCall& call) {
  int x = 0, y = 0;
  gtk_window_get_position(target_window(call).gtk(), &x, &y);
  return position_json(x, y);
}
nlohmann::json inner_size(const CoreCall& call) {
  int width = 0, height = 0;
  gtk_window_get_size(target_window(call).gtk(), &width, &height);
  return size_json(width, height);
}
nlohmann::json outer_size(const CoreCall& call) {
  Window& window = target_window(call);
  GdkRectangle frame{};
  if (GdkWindow* gdk = gtk_widget_get_window(GTK_WIDGET(window.gtk()))) {
    gdk_window_get_frame_extents(gdk, &frame);
    return size_json(frame.width, frame.height);
  }
  gtk_window_get_size(window.gtk(), &frame.width, &frame.height);
  return size_json(frame.width, frame.height);
}
nlohmann::json is_fullscreen(const CoreCall& call) { return (state_of(target_window(call)) & GDK_WINDOW_STATE_FULLSCREEN) != 0; }
nlohmann::json is_minimized(const CoreCall& call) { return (state_of(target_window(call)) & GDK_WINDOW_STATE_ICONIFIED) != 0; }
nlohmann::json is_maximized(const CoreCall& call) { return (state_of(target_window(call)) & GDK_WINDOW_STATE_MAXIMIZED) != 0; }
nlohmann::json is_focused(const CoreCall& call) { return gtk_window_is_active(target_window(call).gtk()) != 0; }
nlohmann::json is_decorated(const CoreCall& call) { return gtk_window_get_decorated(target_window(call).gtk()) != 0; }
nlohmann::json is_resizable(const CoreCall& call) { return gtk_window_get_resizable(target_window(call).gtk()) != 0; }
nlohmann::json is_maximizable(const CoreCall& call) { return target_window(call).config().maximizable; }
nlohmann::json is_minimizable(const CoreCall& call) { return target_window(call).config().minimizable; }
nlohmann::json is_closable(const CoreCall& call) { return gtk_window_get_deletable(target_window(call).gtk()) != 0; }
nlohmann::json is_visible(const CoreCall& call) { return gtk_widget_get_visible(GTK_WIDGET(target_window(call).gtk())) != 0; }
nlohmann::json is_always_on_top(const CoreCall& call) { return target_window(call).config().always_on_top; }
nlohmann::json title(const CoreCall& call) {
  const char* text = gtk_window_get_title(target_window(call).gtk());
  return text ? text : "";
}
nlohmann::json theme(const CoreCall& call) {
  const Theme chosen = target_window(call).config().theme;
  if (chosen != Theme::system) return chosen == Theme::dark ? "dark" : "light";
  gboolean dark = FALSE;
  g_object_get(gtk_settings_get_default(), "gtk-application-prefer-dark-theme", &dark, nullptr);
  return dark ? "dark" : "light";
}
nlohmann::json current_monitor(const CoreCall& call) { return monitor_json(monitor_of(target_window(call))); }
nlohmann::json primary_monitor(const CoreCall& call) {
  return monitor_json(gdk_display_get_primary_monitor(gtk_widget_get_display(GTK_WIDGET(call.caller.gtk()))));
}
nlohmann::json available_monitors(const CoreCall& call) {
  GdkDisplay* display = gtk_widget_get_display(GTK_WIDGET(call.caller.gtk()));
  nlohmann::json list = nlohmann::json::array();
  for (int i = 0; i < gdk_display_get_n_monitors(display); ++i) list.push_back(monitor_json(gdk_display_get_monitor(display, i)));
  return list;
}

// Changes.
nlohmann::json create(const CoreCall& call) {
  const std::string error = call.core.create_window(call.call.args);
  if (!error.empty()) throw CommandError(error);
  return nullptr;
}
nlohmann::json center(const CoreCall& call) {
  Window& window = target_window(call);
  GdkRectangle area{};
  gdk_monitor_get_workarea(monitor_of(window), &area);
  int width = 0, height = 0;
  gtk_window_get_size(window.gtk(), &width, &height);
  gtk_window_move(window.gtk(), area.x + (area.width - width) / 2, area.y + (area.height - height) / 2);
  return nullptr;
}
nlohmann::json request_user_attention(const CoreCall& call) {
  gtk_window_set_urgency_hint(target_window(call).gtk(), TRUE);
  return nullptr;
}
nlohmann::json set_resizable(const CoreCall& call) {
  gtk_window_set_resizable(target_window(call).gtk(), bool_arg(call.call, "value"));
  return nullptr;
}
nlohmann::json set_maximizable(const CoreCall& call) {
  target_window(call).config().maximizable = bool_arg(call.call, "value"); // GTK 3 has no per-button switch
  return nullptr;
}
nlohmann::json set_minimizable(const CoreCall& call) {
  target_window(call).config().minimizable = bool_arg(call.call, "value");
  return nullptr;
}
nlohmann::json set_closable(const CoreCall& call) {
  gtk_window_set_deletable(target_window(call).gtk(), bool_arg(call.call, "value"));
  return nullptr;
}
nlohmann::json set_title(const CoreCall& call) {
  gtk_window_set_title(target_window(call).gtk(), string_arg(call.call, "value").c_str());
  return nullptr;
}
nlohmann::json maximize(const CoreCall& call) {
  gtk_window_maximize(target_window(call).gtk());
  return nullptr;
}
nlohmann::json unmaximize(const CoreCall& call) {
  gtk_window_unmaximize(target_window(call).gtk());
  return nullptr;
}
nlohmann::json toggle_maximize(const CoreCall& call) {
  Window& window = target_window(call);
  if (state_of(window) & GDK_WINDOW_STATE_MAXIMIZED) gtk_window_unmaximize(window.gtk());
  else gtk_window_maximize(window.gtk());
  return nullptr;
}
nlohmann::json minimize(const CoreCall& call) {
  gtk_window_iconify(target_window(call).gtk());
  return nullptr;
}
nlohmann::json unminimize(const CoreCall& call) {
  gtk_window_deiconify(target_window(call).gtk());
  return nullptr;
}
nlohmann::json show(const CoreCall& call) {
  gtk_widget_show(GTK_WIDGET(target_window(call).gtk()));
  return nullptr;
}
nlohmann::json hide(const CoreCall& call) {
  gtk_widget_hide(GTK_WIDGET(target_window(call).gtk()));
  return nullptr;
}
nlohmann::json close(const CoreCall& call) {
  gtk_window_close(target_window(call).gtk()); // as the close button: "delete-event" first
  return nullptr;
}
nlohmann::json destroy(const CoreCall& call) {
  target_window(call).destroy();
  return nullptr;
}
nlohmann::json set_decorations(const CoreCall& call) {
  gtk_window_set_decorated(target_window(call).gtk(), bool_arg(call.call, "value"));
  return nullptr;
}
nlohmann::json set_always_on_top(const CoreCall& call) {
  Window& window = target_window(call);
  window.config().always_on_top = bool_arg(call.call, "value");
  gtk_window_set_keep_above(window.gtk(), window.config().always_on_top);
  return nullptr;
}
nlohmann::json set_size(const CoreCall& call) {
  const int width = static_cast<int>(number_arg(call.call, "width"));
  const int height = static_cast<int>(number_arg(call.call, "height"));
  if (width <= 0 || height <= 0) throw CommandError("the size must be positive");
  gtk_window_resize(target_window(call).gtk(), width, height);
  return nullptr;
}
nlohmann::json set_size_hint(const CoreCall& call, bool minimum) {
  Window& window = target_window(call);
  WindowConfig& config = window.config();
  const bool clear = !call.call.args.contains("width") || call.call.args["width"].is_null();
  std::optional<double>& width = minimum ? config.min_width : config.max_width;
  std::optional<double>& height = minimum ? config.min_height : config.max_height;
  width = clear ? std::nullopt : std::optional<double>(number_arg(call.call, "width"));
  height = clear ? std::nullopt : std::optional<double>(number_arg(call.call, "height"));
  window.apply_size_limits();
  return nullptr;
}
nlohmann::json set_min_size(const CoreCall& call) { return set_size_hint(call, true); }
nlohmann::json set_max_size(const CoreCall& call) { return set_size_hint(call, false); }
nlohmann::json set_position(const CoreCall& call) {
  gtk_window_move(target_window(call).gtk(), static_cast<int>(number_arg(call.call, "x")),
                  static_cast<int>(number_arg(call.call, "y")));
  return nullptr;
}
nlohmann::json set_fullscreen(const CoreCall& call) {
  if (bool_arg(call.call, "value")) gtk_window_fullscreen(target_window(call).gtk());
  else gtk_window_unfullscreen(target_window(call).gtk());
  return nullptr;
}
nlohmann::json set_focus(const CoreCall& call) {
  gtk_window_present(target_window(call).gtk());
  return nullptr;
}
nlohmann::json set_skip_taskbar(const CoreCall& call) {
  gtk_window_set_skip_taskbar_hint(target_window(call).gtk(), bool_arg(call.call, "value"));
  return nullptr;
}
nlohmann::json set_theme(const CoreCall& call) {
  const std::optional<std::string> chosen = optional_string_arg(call.call, "theme");
  if (chosen && *chosen != "light" && *chosen != "dark") throw CommandError("argument `theme` must be \"light\", \"dark\" or null");
  target_window(call).config().theme = !chosen ? Theme::system : *chosen == "dark" ? Theme::dark : Theme::light;
  g_object_set(gtk_settings_get_default(), "gtk-application-prefer-dark-theme", chosen == "dark", nullptr);
  return nullptr;
}
nlohmann::json set_background_color(const CoreCall& call) {
  GdkRGBA color{};
  if (!gdk_rgba_parse(&color, string_arg(call.call, "color").c_str()))
    throw CommandError("argument `color` is not a CSS colour");
  webkit_web_view_set_background_color(target_window(call).view(), &color);
  return nullptr;
}

constexpr std::array k_commands{
    CoreCommand{"core:window|get_all_windows", get_all_windows},
    CoreCommand{"core:window|scale_factor", scale_factor},
    CoreCommand{"core:window|inner_position", inner_position},
    CoreCommand{"core:window|outer_position", outer_position},
    CoreCommand{"core:window|inner_size", inner_size},
    CoreCommand{"core:window|outer_size", outer_size},
    CoreCommand{"core:window|is_fullscreen", is_fullscreen},
    CoreCommand{"core:window|is_minimized", is_minimized},
    CoreCommand{"core:window|is_maximized", is_maximized},
    CoreCommand{"core:window|is_focused", is_focused},
    CoreCommand{"core:window|is_decorated", is_decorated},
    CoreCommand{"core:window|is_resizable", is_resizable},
    CoreCommand{"core:window|is_maximizable", is_maximizable},
    CoreCommand{"core:window|is_minimizable", is_minimizable},
    CoreCommand{"core:window|is_closable", is_closable},
    CoreCommand{"core:window|is_visible", is_visible},
    CoreCommand{"core:window|is_always_on_top", is_always_on_top},
    CoreCommand{"core:window|title", title},
    CoreCommand{"core:window|theme", theme},
    CoreCommand{"core:window|current_monitor", current_monitor},
    CoreCommand{"core:window|primary_monitor", primary_monitor},
    CoreCommand{"core:window|available_monitors", available_monitors},
    CoreCommand{"core:window|create", create},
    CoreCommand{"core:window|center", center},
    CoreCommand{"core:window|request_user_attention", request_user_attention},
    CoreCommand{"core:window|set_resizable", set_resizable},
    CoreCommand{"core:window|set_maximizable", set_maximizable},
    CoreCommand{"core:window|set_minimizable", set_minimizable},
    CoreCommand{"core:window|set_closable", set_closable},
    CoreCommand{"core:window|set_title", set_title},
    CoreCommand{"core:window|maximize", maximize},
    CoreCommand{"core:window|unmaximize", unmaximize},
    CoreCommand{"core:window|toggle_maximize", toggle_maximize},
    CoreCommand{"core:window|minimize", minimize},
    CoreCommand{"core:window|unminimize", unminimize},
    CoreCommand{"core:window|show", show},
    CoreCommand{"core:window|hide", hide},
    CoreCommand{"core:window|close", close},
    CoreCommand{"core:window|destroy", destroy},
    CoreCommand{"core:window|set_decorations", set_decorations},
    CoreCommand{"core:window|set_always_on_top", set_always_on_top},
    CoreCommand{"core:window|set_size", set_size},
    CoreCommand{"core:window|set_min_size", set_min_size},
    CoreCommand{"core:window|set_max_size", set_max_size},
    CoreCommand{"core:window|set_position", set_position},
    CoreCommand{"core:window|set_fullscreen", set_fullscreen},
    CoreCommand{"core:window|set_focus", set_focus},
    CoreCommand{"core:window|set_skip_taskbar", set_skip_taskbar},
    CoreCommand{"core:window|set_theme", set_theme},
    CoreCommand{"core:window|set_background_color", set_background_color},
    CoreCommand{"core:window|set_cursor_visible", unsupported_on_linux},
    CoreCommand{"core:window|set_cursor_icon", unsupported_on_linux},
    CoreCommand{"core:window|start_dragging", unsupported_on_linux},
    CoreCommand{"core:window|set_icon", unsupported_on_linux},
    CoreCommand{"core:window|set_progress_bar", unsupported_on_linux},
};

} // namespace

std::span<const CoreCommand> core_window_commands() { return k_commands; }

} // namespace weft::runtime

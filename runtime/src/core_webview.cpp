// core:webview — the webview inside each window (runtime/permissions/webview.toml).
// A weft window holds exactly one webview with the window's label, so
// create_webview (a second webview in a window) and set_webview_position are
// refused as not supported on Linux yet.
#include "core_commands.hpp"

#include "app_core.hpp"
#include "window.hpp"

#include <array>

namespace weft::runtime {
namespace {

WebKitWebView* view_of(const CoreCall& call) { return target_window(call).view(); }

nlohmann::json get_all_webviews(const CoreCall& call) { return call.core.window_labels(); }
nlohmann::json webview_position(const CoreCall& call) {
  GtkAllocation area{};
  gtk_widget_get_allocation(GTK_WIDGET(view_of(call)), &area);
  return {{"x", area.x}, {"y", area.y}};
}
nlohmann::json webview_size(const CoreCall& call) {
  GtkAllocation area{};
  gtk_widget_get_allocation(GTK_WIDGET(view_of(call)), &area);
  return {{"width", area.width}, {"height", area.height}};
}
nlohmann::json internal_toggle_devtools(const CoreCall& call) {
  Window& window = target_window(call);
  if (!window.devtools_enabled())
    throw CommandError("the web inspector is off in this window (set `devtools` in the window's config, or use a debug build)");
  WebKitWebInspector* inspector = webkit_web_view_get_inspector(window.view());
  if (webkit_web_inspector_get_web_view(inspector)) webkit_web_inspector_close(inspector);
  else webkit_web_inspector_show(inspector);
  return nullptr;
}
nlohmann::json create_webview_window(const CoreCall& call) {
  const std::string error = call.core.create_window(call.call.args);
  if (!error.empty()) throw CommandError(error);
  return nullptr;
}
nlohmann::json webview_close(const CoreCall& call) {
  target_window(call).destroy();
  return nullptr;
}
nlohmann::json set_webview_size(const CoreCall& call) {
  const int width = static_cast<int>(number_arg(call.call, "width"));
  const int height = static_cast<int>(number_arg(call.call, "height"));
  if (width <= 0 || height <= 0) throw CommandError("the size must be positive");
  gtk_window_resize(target_window(call).gtk(), width, height); // the webview fills its window
  return nullptr;
}
nlohmann::json set_webview_focus(const CoreCall& call) {
  gtk_widget_grab_focus(GTK_WIDGET(view_of(call)));
  return nullptr;
}
nlohmann::json set_webview_zoom(const CoreCall& call) {
  const double zoom = number_arg(call.call, "value");
  if (!(zoom > 0)) throw CommandError("argument `value` must be a zoom factor above 0");
  webkit_web_view_set_zoom_level(view_of(call), zoom);
  return nullptr;
}
nlohmann::json set_webview_background_color(const CoreCall& call) {
  GdkRGBA color{};
  if (!gdk_rgba_parse(&color, string_arg(call.call, "color").c_str()))
    throw CommandError("argument `color` is not a CSS colour");
  webkit_web_view_set_background_color(view_of(call), &color);
  return nullptr;
}
nlohmann::json webview_hide(const CoreCall& call) {
  gtk_widget_hide(GTK_WIDGET(view_of(call)));
  return nullptr;
}
nlohmann::json webview_show(const CoreCall& call) {
  gtk_widget_show(GTK_WIDGET(view_of(call)));
  return nullptr;
}
nlohmann::json print(const CoreCall& call) {
  WebKitPrintOperation* operation = webkit_print_operation_new(view_of(call));
  webkit_print_operation_run_dialog(operation, target_window(call).gtk());
  g_object_unref(operation);
  return nullptr;
}
nlohmann::json clear_all_browsing_data(const CoreCall& call) {
  WebKitWebsiteDataManager* data = webkit_web_view_get_website_data_manager(view_of(call));
  webkit_website_data_manager_clear(data, WEBKIT_WEBSITE_DATA_ALL, 0, nullptr, nullptr, nullptr);
  return nullptr;
}

constexpr std::array k_commands{
    CoreCommand{"core:webview|get_all_webviews", get_all_webviews},
    CoreCommand{"core:webview|webview_position", webview_position},
    CoreCommand{"core:webview|webview_size", webview_size},
    CoreCommand{"core:webview|internal_toggle_devtools", internal_toggle_devtools},
    CoreCommand{"core:webview|create_webview_window", create_webview_window},
    CoreCommand{"core:webview|webview_close", webview_close},
    CoreCommand{"core:webview|set_webview_size", set_webview_size},
    CoreCommand{"core:webview|set_webview_focus", set_webview_focus},
    CoreCommand{"core:webview|set_webview_zoom", set_webview_zoom},
    CoreCommand{"core:webview|set_webview_background_color", set_webview_background_color},
    CoreCommand{"core:webview|webview_hide", webview_hide},
    CoreCommand{"core:webview|webview_show", webview_show},
    CoreCommand{"core:webview|print", print},
    CoreCommand{"core:webview|clear_all_browsing_data", clear_all_browsing_data},
    CoreCommand{"core:webview|create_webview", unsupported_on_linux},
    CoreCommand{"core:webview|set_webview_position", unsupported_on_linux},
};

} // namespace

std::span<const CoreCommand> core_webview_commands() { return k_commands; }

} // namespace weft::runtime

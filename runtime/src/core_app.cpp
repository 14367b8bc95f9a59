// core:app — the app as a whole (runtime/permissions/app.toml).
#include "core_commands.hpp"

#include "app_core.hpp"
#include "window.hpp"

#include <array>

namespace weft::runtime {
namespace {

nlohmann::json version(const CoreCall& call) { return call.core.config_text("version"); }
nlohmann::json name(const CoreCall& call) { return call.core.config_text("productName"); }
nlohmann::json identifier(const CoreCall& call) { return call.core.config_text("identifier"); }
nlohmann::json weft_version(const CoreCall&) { return WEFT_RUNTIME_VERSION; }

nlohmann::json app_show(const CoreCall& call) {
  for (const std::string& label : call.core.window_labels()) gtk_widget_show(GTK_WIDGET(call.core.window(label)->gtk()));
  return nullptr;
}

nlohmann::json app_hide(const CoreCall& call) {
  for (const std::string& label : call.core.window_labels()) gtk_widget_hide(GTK_WIDGET(call.core.window(label)->gtk()));
  return nullptr;
}

nlohmann::json default_window_icon(const CoreCall&) { return nullptr; }

nlohmann::json set_app_theme(const CoreCall& call) {
  const std::optional<std::string> theme = optional_string_arg(call.call, "theme");
  if (theme && *theme != "light" && *theme != "dark") throw CommandError("argument `theme` must be \"light\", \"dark\" or null");
  g_object_set(gtk_settings_get_default(), "gtk-application-prefer-dark-theme", theme == "dark", nullptr);
  return nullptr;
}

constexpr std::array k_commands{
    CoreCommand{"core:app|version", version},
    CoreCommand{"core:app|name", name},
    CoreCommand{"core:app|identifier", identifier},
    CoreCommand{"core:app|weft_version", weft_version},
    CoreCommand{"core:app|app_show", app_show},
    CoreCommand{"core:app|app_hide", app_hide},
    CoreCommand{"core:app|default_window_icon", default_window_icon},
    CoreCommand{"core:app|set_app_theme", set_app_theme},
};

} // namespace

std::span<const CoreCommand> core_app_commands() { return k_commands; }

} // namespace weft::runtime

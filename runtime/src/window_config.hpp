#pragma once

#include <weft/base/error.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace weft::runtime {

enum class Theme { system, light, dark };

// One window as app.windows[] (or core:window|create, or App::create_window)
// describes it, with the schema's defaults filled in. Sizes and positions are
// logical pixels.
struct WindowConfig {
  std::string label = "main";
  bool create = true;
  std::string url = "index.html";
  std::optional<std::string> title; // absent: productName
  double width = 800;
  double height = 600;
  std::optional<double> min_width, min_height, max_width, max_height;
  std::optional<double> x, y;
  bool center = false;
  bool resizable = true;
  bool maximizable = true;
  bool minimizable = true;
  bool closable = true;
  bool fullscreen = false;
  bool focus = true;
  bool maximized = false;
  bool visible = true;
  bool decorations = true;
  bool always_on_top = false;
  bool always_on_bottom = false;
  bool visible_on_all_workspaces = false;
  bool transparent = false;
  bool skip_taskbar = false;
  Theme theme = Theme::system;
  std::optional<std::string> user_agent;
  std::optional<std::string> proxy_url;
  std::optional<bool> devtools; // absent: debug builds only
  bool zoom_hotkeys = false;
  bool incognito = false;
  std::optional<std::string> parent;
};

// Reads one window object. Keys the schema knows but Linux ignores
// (macOS- or Windows-only) are accepted; wrong types and labels that break the
// label rules are errors naming the key.
Result<WindowConfig> parse_window_config(const nlohmann::json& value);

// Labels: letters, digits, `-`, `/`, `:`, `_`.
bool valid_label(std::string_view label);

} // namespace weft::runtime

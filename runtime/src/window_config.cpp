#include "window_config.hpp"

#include <cctype>

namespace weft::runtime {
namespace {

class Reader {
public:
  explicit Reader(const nlohmann::json& object) : m_object(object) {}

  Result<void> flag(const char* key, bool& out) const {
    auto it = m_object.find(key);
    if (it == m_object.end()) return {};
    if (!it->is_boolean()) return fail(wrong(key, "true or false"));
    out = it->get<bool>();
    return {};
  }
  Result<void> flag(const char* key, std::optional<bool>& out) const {
    bool value = false;
    if (!m_object.contains(key)) return {};
    WEFT_TRY(flag(key, value));
    out = value;
    return {};
  }
  Result<void> number(const char* key, double& out, bool positive) const {
    auto it = m_object.find(key);
    if (it == m_object.end()) return {};
    if (!it->is_number()) return fail(wrong(key, "a number"));
    out = it->get<double>();
    if (positive && !(out > 0)) return fail(wrong(key, "a number above 0"));
    return {};
  }
  Result<void> number(const char* key, std::optional<double>& out, bool positive) const {
    double value = 0;
    if (!m_object.contains(key)) return {};
    WEFT_TRY(number(key, value, positive));
    out = value;
    return {};
  }
  Result<void> text(const char* key, std::string& out) const {
    auto it = m_object.find(key);
    if (it == m_object.end()) return {};
    if (!it->is_string()) return fail(wrong(key, "a string"));
    out = it->get<std::string>();
    return {};
  }
  Result<void> text(const char* key, std::optional<std::string>& out) const {
    std::string value;
    if (!m_object.contains(key)) return {};
    WEFT_TRY(text(key, value));
    out = std::move(value);
    return {};
  }

private:
  static Error wrong(const char* key, const char* expected) {
    return Error::input(std::string("window `") + key + "` must be " + expected);
  }
  const nlohmann::json& m_object;
};

} // namespace

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 256) return false;
  for (unsigned char c : label)
    if (!std::isalnum(c) && c != '-' && c != '/' && c != ':' && c != '_') return false;
  return true;
}

Result<WindowConfig> parse_window_config(const nlohmann::json& value) {
  if (!value.is_object()) return fail(Error::input("a window must be a JSON object"));
  WindowConfig config;
  const Reader read(value);
  WEFT_TRY(read.text("label", config.label));
  if (!valid_label(config.label))
    return fail(Error::input("window label `" + config.label + "` is not letters, digits, `-`, `/`, `:` and `_`"));
  WEFT_TRY(read.flag("create", config.create));
  WEFT_TRY(read.text("url", config.url));
  if (config.url.empty()) return fail(Error::input("window `url` is empty"));
  WEFT_TRY(read.text("title", config.title));
  WEFT_TRY(read.number("width", config.width, true));
  WEFT_TRY(read.number("height", config.height, true));
  WEFT_TRY(read.number("minWidth", config.min_width, true));
  WEFT_TRY(read.number("minHeight", config.min_height, true));
  WEFT_TRY(read.number("maxWidth", config.max_width, true));
  WEFT_TRY(read.number("maxHeight", config.max_height, true));
  WEFT_TRY(read.number("x", config.x, false));
  WEFT_TRY(read.number("y", config.y, false));
  WEFT_TRY(read.flag("center", config.center));
  WEFT_TRY(read.flag("resizable", config.resizable));
  WEFT_TRY(read.flag("maximizable", config.maximizable));
  WEFT_TRY(read.flag("minimizable", config.minimizable));
  WEFT_TRY(read.flag("closable", config.closable));
  WEFT_TRY(read.flag("fullscreen", config.fullscreen));
  WEFT_TRY(read.flag("focus", config.focus));
  WEFT_TRY(read.flag("maximized", config.maximized));
  WEFT_TRY(read.flag("visible", config.visible));
  WEFT_TRY(read.flag("decorations", config.decorations));
  WEFT_TRY(read.flag("alwaysOnTop", config.always_on_top));
  WEFT_TRY(read.flag("alwaysOnBottom", config.always_on_bottom));
  WEFT_TRY(read.flag("visibleOnAllWorkspaces", config.visible_on_all_workspaces));
  WEFT_TRY(read.flag("transparent", config.transparent));
  WEFT_TRY(read.flag("skipTaskbar", config.skip_taskbar));
  std::optional<std::string> theme;
  WEFT_TRY(read.text("theme", theme));
  if (theme == "Light") config.theme = Theme::light;
  else if (theme == "Dark") config.theme = Theme::dark;
  else if (theme) return fail(Error::input("window `theme` must be \"Light\" or \"Dark\""));
  WEFT_TRY(read.text("userAgent", config.user_agent));
  WEFT_TRY(read.text("proxyUrl", config.proxy_url));
  WEFT_TRY(read.flag("devtools", config.devtools));
  WEFT_TRY(read.flag("zoomHotkeysEnabled", config.zoom_hotkeys));
  WEFT_TRY(read.flag("incognito", config.incognito));
  WEFT_TRY(read.text("parent", config.parent));
  if (config.min_width && config.max_width && *config.min_width > *config.max_width)
    return fail(Error::input("window `minWidth` is larger than `maxWidth`"));
  if (config.min_height && config.max_height && *config.min_height > *config.max_height)
    return fail(Error::input("window `minHeight` is larger than `maxHeight`"));
  return config;
}

} // namespace weft::runtime

#pragma once

#include "window_config.hpp"

#include <webkit2/webkit2.h>

#include <string>

namespace weft::detail {
class AppCore;
}

namespace weft::runtime {

// One window: a GtkWindow holding one WebKitWebView with the same label. The
// WebView has its own WebKitUserContentManager, so a message on its `weft`
// channel can only come from this window: that is how the IPC knows the
// caller's label for certain. The bridge script (bridge.js) is injected into
// the top frame at document start, with a random key per window. Main thread
// only.
class Window {
public:
  Window(detail::AppCore& core, WindowConfig config, WebKitWebContext* context);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  const std::string& label() const { return m_config.label; }
  const std::string& key() const { return m_key; }
  const WindowConfig& config() const { return m_config; }
  WindowConfig& config() { return m_config; }
  GtkWindow* gtk() const { return m_window; }
  WebKitWebView* view() const { return m_view; }
  // The WebView's current URI ("" before the first load).
  std::string uri() const;
  bool devtools_enabled() const { return m_devtools; }

  // Applies the config's min/max sizes as geometry hints.
  void apply_size_limits();
  void show();
  void load(const std::string& url);
  // Runs JavaScript in the page (fire and forget).
  void evaluate(const std::string& script);
  // Destroys the GtkWindow (the App is told through window_destroyed()).
  void destroy();

private:
  void apply_geometry();
  static void on_destroy(GtkWidget* widget, gpointer self);
  static gboolean on_message(WebKitUserContentManager* manager, JSCValue* value, WebKitScriptMessageReply* reply,
                             gpointer self);
  static gboolean on_key(GtkWidget* widget, GdkEventKey* event, gpointer self);

  detail::AppCore& m_core;
  WindowConfig m_config;
  std::string m_key;
  bool m_devtools = false;
  GtkWindow* m_window = nullptr;
  WebKitWebView* m_view = nullptr;
  WebKitUserContentManager* m_content = nullptr;
};

// The bridge script for one window (bridge.js with its placeholders filled).
std::string bridge_script(const std::string& key, const std::string& label, bool global_api, bool freeze_prototype);

// 128 random bits as hex, from the kernel.
std::string random_key();

} // namespace weft::runtime

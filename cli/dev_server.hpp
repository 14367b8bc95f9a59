#pragma once

#include "served_path.hpp"

#include <weft/base/error.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace weft::cli {

struct DevServerOptions {
  FrontendRoot root;
  int port = 1430;                                 // the first port tried; the next free one is taken if busy
  nlohmann::json csp = nullptr;                    // app.security.csp
  nlohmann::json csp_disable_modification = false; // app.security.dangerousDisableAssetCspModification
};

// `weft dev`'s built-in HTTP/1.1 server on 127.0.0.1 when build.devUrl is
// unset: serves frontendDist (GET and HEAD, keep-alive, Cache-Control:
// no-store), adds the live-reload script to HTML pages and the app's CSP to
// their headers, and keeps an event stream open at k_live_reload_path for
// every page. It runs on its own thread with poll(); nothing it does blocks
// the caller.
class DevServer {
public:
  // Listens on the first free port from options.port up (100 tried).
  static Result<std::unique_ptr<DevServer>> start(DevServerOptions options);
  ~DevServer(); // closes every connection and joins the thread
  DevServer(const DevServer&) = delete;
  DevServer& operator=(const DevServer&) = delete;

  int port() const;
  std::string url() const; // http://127.0.0.1:<port>/

  // Sends a `reload` event to every open event stream. Thread-safe.
  void reload();

  // How many event streams (pages) are connected now.
  std::size_t streams() const;

  class Impl;

private:
  explicit DevServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace weft::cli

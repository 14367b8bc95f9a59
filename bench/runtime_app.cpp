// The app bench/runtime.sh measures: weft's runtime with one window showing a
// hello-world page embedded as assets (the page's script zstd-compressed, as
// the build pipeline stores it), and one command through which the page
// reports DOMContentLoaded. Prints "loaded <CLOCK_REALTIME ns> <ms since the
// page's navigation start>" on stdout when it does, then runs until SIGTERM.
#include "context_builder.hpp"

#include <weft/runtime/app.hpp>

#include <chrono>
#include <cstdio>

int main(int argc, char** argv) {
  weft::test::ContextBuilder builder;
  builder
      .config(R"({"productName": "Bench", "version": "1.0.0", "identifier": "dev.weft.bench",
                  "app": {"withGlobalWeft": true, "windows": [{"label": "main", "title": "Bench", "width": 800, "height": 600}]}})")
      .acl(R"({"version": 1, "platform": "linux",
               "capabilities": {"main": {"local": true, "remote": [], "webviews": [], "windows": ["main"]}},
               "commands": {"loaded": {"allow": [{"capability": "main", "permissions": ["allow-loaded"],
                                                   "scope": {"allow": [], "deny": []}}], "deny": []}},
               "scopes": {}})")
      .csp("default-src 'self'")
      .profile(weft::Profile::release)
      .asset("index.html", R"(<!doctype html><html><head><meta charset="utf-8"><title>Hello</title>
<link rel="stylesheet" href="style.css"><script src="main.js"></script></head>
<body><main><h1>Hello from weft</h1><p>A page served from embedded assets.</p></main></body></html>)")
      .asset("style.css", "body{font-family:sans-serif;background:#f6f8fa}main{max-width:32rem;margin:15vh auto}")
      .asset("main.js", R"(document.addEventListener('DOMContentLoaded', () => {
  window.weft.invoke('loaded', { sinceNavigation: performance.now() });
});)", weft::Compression::zstd);
  weft::App app(builder.build());
  app.command("loaded", [](const nlohmann::json& args) -> nlohmann::json {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    std::printf("loaded %lld %.1f\n", static_cast<long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()),
                args.value("sinceNavigation", 0.0));
    std::fflush(stdout);
    return nullptr;
  });
  return app.run(argc, argv);
}

#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace weft::cli {

// The event stream the built-in dev server pushes reloads on.
inline constexpr std::string_view k_live_reload_path = "/__weft/reload";

// The inline script added to every HTML page the dev server sends: it
// listens to the event stream and reloads the page on a `reload` event
// (EventSource reconnects by itself, quietly).
std::string_view live_reload_script();

// `html` with <script>live_reload_script()</script> as the first child of
// <head> (else right after <html>, else after the doctype, else first).
std::string inject_live_reload(std::string_view html);

// The Content-Security-Policy of a page the dev server sends, as the app's
// asset scheme would send it (app.security.csp with the page's inline hashes
// under app.security.dangerousDisableAssetCspModification), plus what the
// live-reload script needs whatever that setting says: its own hash in
// script-src and 'self' in connect-src. nullopt without app.security.csp.
std::optional<std::string> dev_page_csp(const nlohmann::json& csp, const nlohmann::json& disable_modification,
                                        std::string_view injected_html);

} // namespace weft::cli

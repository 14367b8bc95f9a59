// The runtime's core permissions, runtime/permissions/*.toml, compiled into
// weft at build time (see config-schema/CMakeLists.txt).
#include <weft/config-schema/acl/project_acl.hpp>

#include <array>
#include <string_view>

namespace weft::embedded {
std::string_view core_permissions_core();
std::string_view core_permissions_app();
std::string_view core_permissions_event();
std::string_view core_permissions_path();
std::string_view core_permissions_sidecar();
std::string_view core_permissions_webview();
std::string_view core_permissions_window();
} // namespace weft::embedded

namespace weft::config::acl {

namespace {

struct CoreFile {
  std::string_view prefix;
  std::string_view file;
  std::string_view (*text)();
};

constexpr std::array<CoreFile, 7> k_core_files{{
    {"core", "core.toml", embedded::core_permissions_core},
    {"core:app", "app.toml", embedded::core_permissions_app},
    {"core:event", "event.toml", embedded::core_permissions_event},
    {"core:path", "path.toml", embedded::core_permissions_path},
    {"core:sidecar", "sidecar.toml", embedded::core_permissions_sidecar},
    {"core:webview", "webview.toml", embedded::core_permissions_webview},
    {"core:window", "window.toml", embedded::core_permissions_window},
}};

} // namespace

std::vector<PermissionSource> core_permission_sources(Diagnostics& out) {
  std::vector<PermissionSource> sources;
  for (const CoreFile& core : k_core_files) {
    PermissionSource source;
    source.prefix = std::string(core.prefix);
    source.origin = "weft's core permissions";
    std::string path = "<weft>/runtime/permissions/" + std::string(core.file);
    source.files.push_back(parse_permission_file(std::string(core.text()), std::move(path), FileFormat::toml, out));
    sources.push_back(std::move(source));
  }
  return sources;
}

} // namespace weft::config::acl

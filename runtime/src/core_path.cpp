// core:path — the app's folders and path arithmetic (runtime/permissions/path.toml).
#include "core_commands.hpp"

#include "app_core.hpp"
#include "path_commands.hpp"

#include <array>

namespace weft::runtime {
namespace {

nlohmann::json resolve_directory_command(const CoreCall& call) {
  Result<std::string> dir =
      resolve_directory(string_arg(call.call, "directory"), call.core.config_text("identifier"), process_environment());
  if (!dir) throw CommandError(dir.error().message() + (dir.error().hint().empty() ? "" : " (" + dir.error().hint() + ")"));
  if (std::optional<std::string> path = optional_string_arg(call.call, "path")) return join_paths({*dir, *path});
  return *dir;
}

std::vector<std::string> paths_arg(const CoreCall& call) {
  auto it = call.call.args.find("paths");
  if (it == call.call.args.end() || !it->is_array()) throw CommandError("argument `paths` must be a list of strings");
  std::vector<std::string> paths;
  for (const nlohmann::json& part : *it) {
    if (!part.is_string()) throw CommandError("argument `paths` must be a list of strings");
    paths.push_back(part.get<std::string>());
  }
  return paths;
}

nlohmann::json resolve(const CoreCall& call) {
  std::string resolved = std::filesystem::current_path().string();
  for (const std::string& part : paths_arg(call)) resolved = is_absolute_path(part) ? part : resolved + "/" + part;
  return normalize_path(resolved);
}

nlohmann::json normalize(const CoreCall& call) { return normalize_path(string_arg(call.call, "path")); }
nlohmann::json join(const CoreCall& call) { return join_paths(paths_arg(call)); }
nlohmann::json dirname(const CoreCall& call) { return dirname_of(string_arg(call.call, "path")); }
nlohmann::json extname(const CoreCall& call) { return extname_of(string_arg(call.call, "path")); }
nlohmann::json basename(const CoreCall& call) {
  return basename_of(string_arg(call.call, "path"), optional_string_arg(call.call, "ext").value_or(""));
}
nlohmann::json is_absolute(const CoreCall& call) { return is_absolute_path(string_arg(call.call, "path")); }

constexpr std::array k_commands{
    CoreCommand{"core:path|resolve_directory", resolve_directory_command},
    CoreCommand{"core:path|resolve", resolve},
    CoreCommand{"core:path|normalize", normalize},
    CoreCommand{"core:path|join", join},
    CoreCommand{"core:path|dirname", dirname},
    CoreCommand{"core:path|extname", extname},
    CoreCommand{"core:path|basename", basename},
    CoreCommand{"core:path|is_absolute", is_absolute},
};

} // namespace

std::span<const CoreCommand> core_path_commands() { return k_commands; }

} // namespace weft::runtime

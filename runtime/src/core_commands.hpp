#pragma once

#include <weft/runtime/command.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace weft::detail {
class AppCore;
}

namespace weft::runtime {

class Window;

// One call of a core command. Core commands run on the GTK main thread, as
// they drive windows; they throw CommandError to reject the call.
struct CoreCall {
  detail::AppCore& core;
  Window& caller;
  const Invocation& call;
};

using CoreHandler = nlohmann::json (*)(const CoreCall&);

struct CoreCommand {
  std::string_view key; // as the ACL names it: "core:window|set_title"
  CoreHandler run;
};

// Each area's table (core_app.cpp, core_window.cpp, …); every key has an
// `allow-` permission in runtime/permissions/<area>.toml.
std::span<const CoreCommand> core_app_commands();
std::span<const CoreCommand> core_event_commands();
std::span<const CoreCommand> core_path_commands();
std::span<const CoreCommand> core_sidecar_commands();
std::span<const CoreCommand> core_webview_commands();
std::span<const CoreCommand> core_window_commands();

// The core command with this key, or nullptr.
const CoreCommand* find_core_command(std::string_view key);

// For commands the permissions name but the Linux backend cannot do yet:
// rejects the call saying so.
nlohmann::json unsupported_on_linux(const CoreCall& call);

// Argument readers: a missing or mistyped argument throws CommandError naming it.
std::string string_arg(const Invocation& call, const char* name);
std::optional<std::string> optional_string_arg(const Invocation& call, const char* name);
double number_arg(const Invocation& call, const char* name);
bool bool_arg(const Invocation& call, const char* name);
// The window a command acts on: `label` from the arguments, else the caller.
Window& target_window(const CoreCall& call);

} // namespace weft::runtime

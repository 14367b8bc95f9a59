#include "core_commands.hpp"

#include "app_core.hpp"
#include "window.hpp"

#include <array>

namespace weft::runtime {

const CoreCommand* find_core_command(std::string_view key) {
  static const std::array<std::span<const CoreCommand>, 6> tables{core_app_commands(),     core_event_commands(),
                                                                   core_path_commands(),    core_sidecar_commands(),
                                                                   core_webview_commands(), core_window_commands()};
  for (std::span<const CoreCommand> table : tables)
    for (const CoreCommand& command : table)
      if (command.key == key) return &command;
  return nullptr;
}

nlohmann::json unsupported_on_linux(const CoreCall& call) {
  throw CommandError("`" + call.call.command + "` is not supported on Linux yet");
}

namespace {

const nlohmann::json* argument(const Invocation& call, const char* name) {
  auto it = call.args.find(name);
  return it == call.args.end() || it->is_null() ? nullptr : &*it;
}

[[noreturn]] void bad_argument(const char* name, const char* expected) {
  throw CommandError(std::string("argument `") + name + "` must be " + expected);
}

} // namespace

std::string string_arg(const Invocation& call, const char* name) {
  const nlohmann::json* value = argument(call, name);
  if (!value || !value->is_string()) bad_argument(name, "a string");
  return value->get<std::string>();
}

std::optional<std::string> optional_string_arg(const Invocation& call, const char* name) {
  if (!argument(call, name)) return std::nullopt;
  return string_arg(call, name);
}

double number_arg(const Invocation& call, const char* name) {
  const nlohmann::json* value = argument(call, name);
  if (!value || !value->is_number()) bad_argument(name, "a number");
  return value->get<double>();
}

bool bool_arg(const Invocation& call, const char* name) {
  const nlohmann::json* value = argument(call, name);
  if (!value || !value->is_boolean()) bad_argument(name, "true or false");
  return value->get<bool>();
}

Window& target_window(const CoreCall& call) {
  std::optional<std::string> label = optional_string_arg(call.call, "label");
  if (!label) return call.caller;
  Window* window = call.core.window(*label);
  if (!window) throw CommandError("no window is labelled `" + *label + "`");
  return *window;
}

} // namespace weft::runtime

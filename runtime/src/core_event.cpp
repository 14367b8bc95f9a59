// core:event — events between pages and the backend (runtime/permissions/event.toml).
#include "core_commands.hpp"

#include "app_core.hpp"
#include "ipc_message.hpp"
#include "window.hpp"

#include <array>

namespace weft::runtime {
namespace {

std::string event_arg(const CoreCall& call) {
  std::string event = string_arg(call.call, "event");
  if (!valid_event_name(event))
    throw CommandError("event name `" + event + "` is not letters, digits, `-`, `/`, `:` and `_`");
  return event;
}

nlohmann::json listen(const CoreCall& call) { return call.core.listen_page(call.caller, event_arg(call)); }

nlohmann::json unlisten(const CoreCall& call) {
  const nlohmann::json& id = call.call.args.contains("id") ? call.call.args["id"] : nlohmann::json();
  if (!id.is_number_unsigned()) throw CommandError("argument `id` must be a listener id");
  return call.core.unlisten_page(call.caller, id.get<std::uint64_t>());
}

nlohmann::json payload_of(const CoreCall& call) {
  return call.call.args.contains("payload") ? call.call.args["payload"] : nlohmann::json();
}

nlohmann::json emit(const CoreCall& call) {
  call.core.emit(event_arg(call), payload_of(call), call.caller.label(), std::nullopt);
  return nullptr;
}

nlohmann::json emit_to(const CoreCall& call) {
  const std::string target = string_arg(call.call, "target");
  if (!valid_label(target)) throw CommandError("argument `target` must be a window label");
  call.core.emit(event_arg(call), payload_of(call), call.caller.label(), target);
  return nullptr;
}

constexpr std::array k_commands{
    CoreCommand{"core:event|listen", listen},
    CoreCommand{"core:event|unlisten", unlisten},
    CoreCommand{"core:event|emit", emit},
    CoreCommand{"core:event|emit_to", emit_to},
};

} // namespace

std::span<const CoreCommand> core_event_commands() { return k_commands; }

} // namespace weft::runtime

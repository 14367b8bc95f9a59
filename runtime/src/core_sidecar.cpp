// core:sidecar — the programs of bundle.externalBin (runtime/permissions/sidecar.toml).
#include "core_commands.hpp"

#include "app_core.hpp"
#include "window.hpp"

#include <weft/runtime/sidecar.hpp>

#include <array>

namespace weft::runtime {
namespace {

nlohmann::json spawn(const CoreCall& call) {
  const std::string name = string_arg(call.call, "name");
  std::vector<std::string> args;
  if (auto it = call.call.args.find("args"); it != call.call.args.end() && !it->is_null()) {
    if (!it->is_array()) throw CommandError("argument `args` must be a list of strings");
    for (const nlohmann::json& arg : *it) {
      if (!arg.is_string()) throw CommandError("argument `args` must be a list of strings");
      args.push_back(arg.get<std::string>());
    }
  }
  SidecarOptions options;
  options.scopes = &call.call.scopes;
  options.window = call.caller.label();
  Result<std::shared_ptr<Sidecar>> sidecar = Sidecar::spawn(call.core.app(), name, std::move(args), options);
  if (!sidecar) throw CommandError(sidecar.error().message());
  return {{"id", (*sidecar)->id()}, {"pid", (*sidecar)->pid()}};
}

nlohmann::json kill(const CoreCall& call) {
  const nlohmann::json id = call.call.args.value("id", nlohmann::json());
  if (!id.is_number_unsigned()) throw CommandError("argument `id` must be a sidecar id");
  std::shared_ptr<Sidecar> sidecar = call.core.sidecar(id.get<std::uint64_t>());
  if (!sidecar) return false;
  sidecar->kill();
  return true;
}

constexpr std::array k_commands{
    CoreCommand{"core:sidecar|spawn", spawn},
    CoreCommand{"core:sidecar|kill", kill},
};

} // namespace

std::span<const CoreCommand> core_sidecar_commands() { return k_commands; }

} // namespace weft::runtime

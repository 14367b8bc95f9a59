#pragma once

#include <weft/base/error.hpp>
#include <weft/runtime/command.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace weft::runtime {

// Checks a sidecar call against the scope of `core:sidecar:allow-spawn`:
//   allow: {"name": "binaries/helper", "args": ARGS}
//     ARGS true: any arguments; false or absent: none; a list: exactly that
//     many arguments, each equal to a string entry or fully matching the
//     ECMAScript regex of a {"validator": "..."} entry.
//   deny: {"name": "binaries/helper"}: never, whatever the arguments.
// An error says which rule refused it.
Result<void> check_sidecar_scope(const Scopes& scopes, std::string_view name, const std::vector<std::string>& args);

// The file a sidecar declared in bundle.externalBin as `name` (a path relative
// to the manifest, e.g. "binaries/helper") runs from: the bundlers install it
// next to the executable as its last component with the target-triple suffix
// stripped ("helper"). During development, before bundling, the file may
// still carry the suffix ("helper-x86_64-unknown-linux-gnu"); that is tried
// second.
Result<std::filesystem::path> resolve_sidecar_path(std::string_view name, const std::filesystem::path& executable_dir);

// The target triple of the running program, as weft names targets.
std::string_view host_target_triple();

} // namespace weft::runtime

#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace weft::runtime {

// The default cap on one IPC message (App::set_ipc_message_limit changes it).
inline constexpr std::size_t k_default_ipc_message_limit = 4 * 1024 * 1024;
inline constexpr std::size_t k_max_command_name = 256;

// One request from a page, as the injected bridge sends it: the JSON text
// {"key": "<the webview's bridge key>", "cmd": "greet", "args": {...}}.
// The key only proves that the message comes from the bridge in the top
// frame (sub-frames never get it); who is calling is decided from the
// WebView the message arrived through, never from the message.
struct IpcRequest {
  std::string command;
  nlohmann::json args = nlohmann::json::object();
};

struct IpcParse {
  bool ok = false;
  IpcRequest request;
  std::string error; // when !ok: why the message was refused
};

// Checks size, JSON syntax, the key and the types of every field. Never
// throws.
IpcParse parse_ipc_message(std::string_view text, std::string_view key, std::size_t limit);

// How a call failed, as the page sees it (error.kind).
enum class IpcErrorKind { denied, unknown, invalid, failed };
std::string_view ipc_error_kind_name(IpcErrorKind kind);

// The reply text the bridge turns into a settled Promise.
std::string ipc_ok_reply(const nlohmann::json& value);
std::string ipc_error_reply(IpcErrorKind kind, std::string_view message);

// Event names: letters, digits, `-`, `/`, `:`, `_`; 1 to 256 characters.
bool valid_event_name(std::string_view name);

} // namespace weft::runtime

#include "ipc_message.hpp"

#include <cctype>

namespace weft::runtime {

IpcParse parse_ipc_message(std::string_view text, std::string_view key, std::size_t limit) {
  IpcParse out;
  if (text.size() > limit) {
    out.error = "the message is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                std::to_string(limit) + " bytes";
    return out;
  }
  nlohmann::json message = nlohmann::json::parse(text, nullptr, false);
  if (message.is_discarded()) {
    out.error = "the message is not JSON";
    return out;
  }
  if (!message.is_object()) {
    out.error = "the message is not a JSON object";
    return out;
  }
  auto key_field = message.find("key");
  if (key_field == message.end() || !key_field->is_string() || key_field->get_ref<const std::string&>() != key) {
    out.error = "the message does not come from the weft bridge of the top frame";
    return out;
  }
  auto cmd = message.find("cmd");
  if (cmd == message.end() || !cmd->is_string()) {
    out.error = "`cmd` must be a string";
    return out;
  }
  const std::string& name = cmd->get_ref<const std::string&>();
  if (name.empty() || name.size() > k_max_command_name) {
    out.error = "`cmd` must be 1 to " + std::to_string(k_max_command_name) + " characters";
    return out;
  }
  for (unsigned char c : name) {
    if (c < 0x21 || c == 0x7F) {
      out.error = "`cmd` holds a space or a control character";
      return out;
    }
  }
  auto args = message.find("args");
  if (args != message.end() && !args->is_null() && !args->is_object()) {
    out.error = "`args` must be an object";
    return out;
  }
  out.request.command = name;
  if (args != message.end() && args->is_object()) out.request.args = std::move(*args);
  out.ok = true;
  return out;
}

std::string_view ipc_error_kind_name(IpcErrorKind kind) {
  switch (kind) {
  case IpcErrorKind::denied: return "denied";
  case IpcErrorKind::unknown: return "unknown";
  case IpcErrorKind::invalid: return "invalid";
  case IpcErrorKind::failed: return "failed";
  }
  return "failed";
}

std::string ipc_ok_reply(const nlohmann::json& value) {
  return nlohmann::json{{"ok", value}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ipc_error_reply(IpcErrorKind kind, std::string_view message) {
  nlohmann::json error{{"kind", ipc_error_kind_name(kind)}, {"message", message}};
  return nlohmann::json{{"error", error}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool valid_event_name(std::string_view name) {
  if (name.empty() || name.size() > 256) return false;
  for (unsigned char c : name)
    if (!std::isalnum(c) && c != '-' && c != '/' && c != ':' && c != '_') return false;
  return true;
}

} // namespace weft::runtime

// The IPC path: a message from a window's bridge is validated, its caller
// identified from the window it arrived through (label) and that window's
// current URI (origin), checked against the ACL, and run: core commands on
// the main thread, the app's commands on the worker pool. Every message gets
// exactly one reply.
#include "app_core.hpp"

#include "core_commands.hpp"
#include "ipc_message.hpp"
#include "window.hpp"

namespace weft {

void Reply::resolve(nlohmann::json value) const { m_state->settle(runtime::ipc_ok_reply(value)); }

void Reply::reject(std::string message) const {
  m_state->settle(runtime::ipc_error_reply(runtime::IpcErrorKind::failed, message));
}

bool Reply::settled() const { return m_state->settled.load(); }

namespace detail {

void ReplyState::settle(std::string reply_text) {
  if (settled.exchange(true)) return;
  AppCore* target = core;
  const std::uint64_t pending = id;
  queue->post([target, pending, text = std::move(reply_text)] { target->complete(pending, text); });
}

ReplyState::~ReplyState() {
  if (!settled.load())
    settle(runtime::ipc_error_reply(runtime::IpcErrorKind::failed, "the command `" + command + "` dropped its reply"));
}

void AppCore::reject_now(WebKitScriptMessageReply* reply, JSCValue* value, runtime::IpcErrorKind kind,
                         const std::string& message) {
  const std::string text = runtime::ipc_error_reply(kind, message);
  JSCValue* answer = jsc_value_new_string(jsc_value_get_context(value), text.c_str());
  webkit_script_message_reply_return_value(reply, answer);
  g_object_unref(answer);
}

void AppCore::complete(std::uint64_t id, const std::string& reply_text) {
  auto it = m_pending.find(id);
  if (it == m_pending.end()) return;
  JSCValue* answer = jsc_value_new_string(it->second.context, reply_text.c_str());
  webkit_script_message_reply_return_value(it->second.reply, answer);
  g_object_unref(answer);
  webkit_script_message_reply_unref(it->second.reply);
  g_object_unref(it->second.context);
  m_pending.erase(it);
}

void AppCore::run_core_command(runtime::Window& window, const Invocation& call, WebKitScriptMessageReply* reply,
                               JSCValue* value) {
  const runtime::CoreCommand* command = runtime::find_core_command(call.command);
  std::string text;
  try {
    text = runtime::ipc_ok_reply(command->run(runtime::CoreCall{*this, window, call}));
  } catch (const std::exception& error) {
    text = runtime::ipc_error_reply(runtime::IpcErrorKind::failed, call.command + ": " + error.what());
  }
  JSCValue* answer = jsc_value_new_string(jsc_value_get_context(value), text.c_str());
  webkit_script_message_reply_return_value(reply, answer);
  g_object_unref(answer);
}

void AppCore::on_message(runtime::Window& window, JSCValue* value, WebKitScriptMessageReply* reply) {
  const std::string uri = window.uri();
  if (!jsc_value_is_string(value)) {
    log(LogLevel::debug, "refused a message from window `" + window.label() + "`: not a string");
    reject_now(reply, value, runtime::IpcErrorKind::invalid, "invalid IPC message: not a string");
    return;
  }
  char* raw = jsc_value_to_string(value);
  const std::string text = raw ? raw : "";
  g_free(raw);
  runtime::IpcParse parsed = runtime::parse_ipc_message(text, window.key(), m_ipc_limit);
  if (!parsed.ok) {
    log(LogLevel::debug, "refused a message from window `" + window.label() + "`: " + parsed.error);
    reject_now(reply, value, runtime::IpcErrorKind::invalid, "invalid IPC message: " + parsed.error);
    return;
  }
  const std::string& name = parsed.request.command;
  const bool core = name.find('|') != std::string::npos && runtime::find_core_command(name);
  std::shared_ptr<CommandHandler> handler;
  if (!core) {
    std::lock_guard lock(m_mutex);
    if (auto it = m_commands.find(name); it != m_commands.end()) handler = it->second;
  }
  if (!core && !handler) {
    log(LogLevel::debug, "refused `" + name + "` from window `" + window.label() + "`: unknown command");
    reject_now(reply, value, runtime::IpcErrorKind::unknown, "unknown command `" + name + "`");
    return;
  }
  const runtime::Caller caller{window.label(), window.label(),
                               runtime::classify_origin(uri, runtime::k_asset_base, m_dev_url)};
  runtime::AclDecision decision = m_acl->check(name, caller);
  if (!decision.allowed) {
    log(LogLevel::debug, "denied `" + name + "` from window `" + window.label() + "`: " + decision.reason);
    reject_now(reply, value, runtime::IpcErrorKind::denied, "`" + name + "` is not allowed: " + decision.reason);
    return;
  }
  Invocation call{name, std::move(parsed.request.args), window.label(), window.label(), uri,
                  std::move(decision.scopes), &m_app};
  if (core) {
    run_core_command(window, call, reply, value);
    return;
  }
  const std::uint64_t id = ++m_ids;
  m_pending.emplace(id, PendingReply{webkit_script_message_reply_ref(reply),
                                     JSC_CONTEXT(g_object_ref(jsc_value_get_context(value)))});
  auto state = std::make_shared<ReplyState>();
  state->queue = m_queue;
  state->core = this;
  state->id = id;
  state->command = name;
  Reply answer(std::move(state));
  m_workers.submit([handler, call = std::move(call), answer] {
    try {
      (*handler)(call, answer);
    } catch (const std::exception& error) {
      answer.reject(error.what());
    } catch (...) {
      answer.reject("the command `" + call.command + "` failed");
    }
  });
}

} // namespace detail
} // namespace weft

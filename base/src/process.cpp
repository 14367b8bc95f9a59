#include <weft/base/process.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace weft {
namespace {

constexpr std::string_view k_redacted = "***";

bool needs_quotes(std::string_view argument) {
  if (argument.empty()) return true;
  return !std::all_of(argument.begin(), argument.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::strchr("@%+=:,./-_", c) != nullptr;
  });
}

std::string format_duration(std::chrono::milliseconds duration) {
  if (duration.count() < 1000) return fmt::format("{} ms", duration.count());
  return fmt::format("{:.1f} s", static_cast<double>(duration.count()) / 1000.0);
}

} // namespace

std::vector<std::string> shell_command(std::string_view script) { return {"sh", "-c", std::string(script)}; }

std::string quote_argument(std::string_view argument) {
  if (!needs_quotes(argument)) return std::string(argument);
  std::string out = "'";
  for (char c : argument) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  out += '\'';
  return out;
}

std::string redact_text(std::string text, const Redaction& redact) {
  for (const std::string& value : redact.values) {
    if (value.empty()) continue;
    for (std::size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + k_redacted.size()))
      text.replace(at, value.size(), k_redacted);
  }
  return text;
}

std::string render_command_line(const std::vector<std::string>& argv, const Redaction& redact) {
  std::string out;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (i > 0) out += ' ';
    if (std::find(redact.args.begin(), redact.args.end(), i) != redact.args.end()) {
      out += k_redacted;
      continue;
    }
    const std::string shown = redact_text(argv[i], redact);
    out += shown == k_redacted ? shown : quote_argument(shown);
  }
  return out;
}

std::string render_command_line(const Command& command) { return render_command_line(command.argv, command.redact); }

std::string ExitStatus::describe() const {
  if (signal != 0) {
    const char* name = ::sigabbrev_np(signal);
    return name ? fmt::format("killed by signal {} (SIG{})", signal, name) : fmt::format("killed by signal {}", signal);
  }
  if (code < 0) return "exit status unknown (reaped elsewhere)";
  return fmt::format("exited with status {}", code);
}

Error process_failure(const Command& command, const ProcessResult& result) {
  const std::string& tail = result.stderr_tail.empty() ? result.stdout_tail : result.stderr_tail;
  std::string message = result.status.describe();
  if (result.timed_out) message = fmt::format("timed out after {}; {}", format_duration(command.timeout), message);
  const std::string program = command.argv.empty() ? std::string("(empty command)") : command.argv.front();
  return Error::tool(program, std::move(message), redact_text(tail, command.redact))
      .with_context(fmt::format("running `{}`", render_command_line(command)));
}

Result<ProcessResult> run_process(const Command& command) {
  WEFT_TRY_ASSIGN(std::unique_ptr<Child> child, start_process(command));
  return child->wait();
}

Result<ProcessResult> SystemProcessRunner::run(const Command& command) { return run_process(command); }

Result<std::unique_ptr<Child>> SystemProcessRunner::start(const Command& command) { return start_process(command); }

Error with_last_stderr_line(const Error& error) {
  std::string_view tail = error.stderr_tail();
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r' || tail.back() == ' ')) tail.remove_suffix(1);
  if (tail.empty()) return error;
  const std::size_t newline = tail.find_last_of('\n');
  const std::string_view line = newline == std::string_view::npos ? tail : tail.substr(newline + 1);
  Error out(error.code(), fmt::format("{}: {}", error.message(), line));
  if (!error.hint().empty()) out.with_hint(error.hint());
  if (!error.location().empty()) out.with_location(error.location());
  for (const std::string& context : error.context()) out.with_context(context);
  return out;
}

} // namespace weft

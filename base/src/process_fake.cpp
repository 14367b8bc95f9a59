#include <weft/base/process_fake.hpp>

#include <optional>
#include <string_view>

namespace weft {
namespace {

void feed_lines(const Command& command, OutputStream stream, OutputMode mode, std::string_view text) {
  if (mode != OutputMode::lines || !command.on_line) return;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    command.on_line(stream, line);
    if (newline == std::string_view::npos) break;
    text.remove_prefix(newline + 1);
  }
}

// Applies what the real runner does with a child's output.
ProcessResult deliver(const Command& command, ProcessResult result) {
  feed_lines(command, OutputStream::out, command.stdout_mode, result.out);
  feed_lines(command, OutputStream::err, command.stderr_mode, result.err);
  if (result.stdout_tail.empty()) result.stdout_tail = result.out;
  if (result.stderr_tail.empty()) result.stderr_tail = result.err;
  if (command.stdout_mode != OutputMode::capture) result.out.clear();
  if (command.stderr_mode != OutputMode::capture) result.err.clear();
  return result;
}

Result<ProcessResult> check(const Command& command, ProcessResult result) {
  if (result.timed_out || (command.check == CheckExit::yes && !result.status.success()))
    return fail(process_failure(command, result));
  return result;
}

// A child that has already finished with the handler's answer.
class FakeChild final : public Child {
public:
  FakeChild(Command command, ProcessResult result) : m_command(std::move(command)), m_result(std::move(result)) {}

  pid_t pid() const override { return 0; }
  pid_t pgid() const override { return 0; }
  Result<std::optional<ExitStatus>> poll(std::chrono::milliseconds) override { return m_result.status; }
  Result<ProcessResult> wait() override { return check(m_command, m_result); }
  ExitStatus terminate(std::chrono::milliseconds) override { return m_result.status; }

private:
  Command m_command;
  ProcessResult m_result;
};

} // namespace

FakeProcessRunner::FakeProcessRunner() : FakeProcessRunner([](const Command&) { return Result<ProcessResult>(ProcessResult{}); }) {}

FakeProcessRunner::FakeProcessRunner(Handler handler) : m_handler(std::move(handler)) {}

Result<ProcessResult> FakeProcessRunner::run(const Command& command) {
  m_commands.push_back(command);
  WEFT_TRY_ASSIGN(ProcessResult result, m_handler(command));
  return check(command, deliver(command, std::move(result)));
}

Result<std::unique_ptr<Child>> FakeProcessRunner::start(const Command& command) {
  m_commands.push_back(command);
  WEFT_TRY_ASSIGN(ProcessResult result, m_handler(command)); // an error here is a failed spawn
  return std::unique_ptr<Child>(std::make_unique<FakeChild>(command, deliver(command, std::move(result))));
}

std::vector<std::string> FakeProcessRunner::command_lines() const {
  std::vector<std::string> out;
  out.reserve(m_commands.size());
  for (const Command& command : m_commands) out.push_back(render_command_line(command));
  return out;
}

} // namespace weft

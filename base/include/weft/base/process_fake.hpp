#pragma once

#include <weft/base/process.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace weft {

// A ProcessRunner for tests of code that runs tools: it records every command
// and answers from a handler instead of spawning anything. It applies the
// same policies as the real runner: CheckExit turns a failing status into
// process_failure(), and `lines` mode hands the handler's out/err to on_line
// line by line. Its children report pid and pgid 0: code must stop children
// through Child::terminate(), never by signalling a pid itself.
class FakeProcessRunner final : public ProcessRunner {
public:
  using Handler = std::function<Result<ProcessResult>(const Command&)>;

  FakeProcessRunner(); // every command succeeds with no output
  explicit FakeProcessRunner(Handler handler);

  Result<ProcessResult> run(const Command& command) override;
  Result<std::unique_ptr<Child>> start(const Command& command) override;

  const std::vector<Command>& commands() const { return m_commands; }
  // Each recorded command as render_command_line() shows it (redacted).
  std::vector<std::string> command_lines() const;

private:
  Handler m_handler;
  std::vector<Command> m_commands;
};

} // namespace weft

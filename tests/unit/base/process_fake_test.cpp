#include <weft/base/process_fake.hpp>

#include <gtest/gtest.h>

#include <csignal>

namespace weft {
namespace {

using namespace std::chrono_literals;

Command command(std::vector<std::string> argv) {
  Command c;
  c.argv = std::move(argv);
  return c;
}

// What code under test might look like: it only knows the seam.
Result<std::string> tool_version(ProcessRunner& runner) {
  WEFT_TRY_ASSIGN(ProcessResult result, runner.run(command({"tool", "--version"})));
  return result.out;
}

TEST(FakeProcessRunner, RecordsCommandsAndSucceedsByDefault) {
  FakeProcessRunner runner;
  Command c = command({"signer", "--password", "s3cret"});
  c.redact.args = {2};
  ASSERT_TRUE(runner.run(c));
  ASSERT_TRUE(runner.run(command({"true"})));
  ASSERT_EQ(runner.commands().size(), 2u);
  EXPECT_EQ(runner.commands()[0].argv[2], "s3cret");
  EXPECT_EQ(runner.command_lines(), (std::vector<std::string>{"signer --password ***", "true"}));
}

TEST(FakeProcessRunner, AnswersFromTheHandler) {
  FakeProcessRunner runner([](const Command& c) -> Result<ProcessResult> {
    ProcessResult r;
    if (c.argv[0] == "tool") r.out = "tool 1.2.3\n";
    return r;
  });
  Result<std::string> version = tool_version(runner);
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, "tool 1.2.3\n");
}

TEST(FakeProcessRunner, AppliesCheckExitLikeTheRealRunner) {
  FakeProcessRunner runner([](const Command&) -> Result<ProcessResult> {
    ProcessResult r;
    r.status.code = 2;
    r.err = "fatal: no\n";
    return r;
  });
  Result<ProcessResult> checked = runner.run(command({"git", "status"}));
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().message(), "git: exited with status 2");
  EXPECT_EQ(checked.error().stderr_tail(), "fatal: no\n");

  Command unchecked = command({"git", "status"});
  unchecked.check = CheckExit::no;
  Result<ProcessResult> result = runner.run(unchecked);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status.code, 2);
  EXPECT_TRUE(result->err.empty()) << "stderr is tailed, not captured, by default";
  EXPECT_EQ(result->stderr_tail, "fatal: no\n");
}

TEST(FakeProcessRunner, DeliversLinesAndSpawnErrors) {
  FakeProcessRunner runner([](const Command& c) -> Result<ProcessResult> {
    if (c.argv[0] == "missing") return fail(Error::tool("missing", "program not found"));
    ProcessResult r;
    r.out = "one\r\ntwo";
    return r;
  });
  std::vector<std::string> lines;
  Command c = command({"dev-server"});
  c.stdout_mode = OutputMode::lines;
  c.on_line = [&](OutputStream, std::string_view line) { lines.emplace_back(line); };
  Result<std::unique_ptr<Child>> child = runner.start(c);
  ASSERT_TRUE(child);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ((*child)->pid(), 0);
  Result<std::optional<ExitStatus>> polled = (*child)->poll(10ms);
  ASSERT_TRUE(polled && *polled);
  EXPECT_TRUE((*polled)->success());
  EXPECT_TRUE((*child)->wait());

  Result<std::unique_ptr<Child>> missing = runner.start(command({"missing"}));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message(), "missing: program not found");
}

} // namespace
} // namespace weft

#include <weft/base/status.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <optional>
#include <pty.h>
#include <sstream>
#include <termios.h>
#include <unistd.h>

namespace weft {
namespace {

using namespace std::chrono_literals;

class ScopedEnv {
public:
  ScopedEnv(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (m_old)
      ::setenv(m_name.c_str(), m_old->c_str(), 1);
    else
      ::unsetenv(m_name.c_str());
  }

private:
  std::string m_name;
  std::optional<std::string> m_old;
};

std::string drain(int fd) {
  std::string out;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      out.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return out;
  }
}

// A pipe: not a terminal.
class PipeOutput {
public:
  PipeOutput() {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe");
    m_read = fds[0];
    ::fcntl(m_read, F_SETFL, O_NONBLOCK);
    m_file = ::fdopen(fds[1], "w");
  }
  ~PipeOutput() {
    std::fclose(m_file);
    ::close(m_read);
  }
  std::FILE* file() const { return m_file; }
  std::string text() {
    std::fflush(m_file);
    return drain(m_read);
  }

private:
  int m_read = -1;
  std::FILE* m_file = nullptr;
};

// A pseudo-terminal in raw mode (no \n -> \r\n), `columns` wide.
class PtyOutput {
public:
  explicit PtyOutput(unsigned short columns) {
    int terminal = -1;
    winsize size{};
    size.ws_col = columns;
    size.ws_row = 24;
    if (::openpty(&m_master, &terminal, nullptr, nullptr, &size) != 0) throw std::runtime_error("openpty");
    termios raw{};
    ::tcgetattr(terminal, &raw);
    ::cfmakeraw(&raw);
    ::tcsetattr(terminal, TCSANOW, &raw);
    ::fcntl(m_master, F_SETFL, O_NONBLOCK);
    m_file = ::fdopen(terminal, "w");
  }
  ~PtyOutput() {
    std::fclose(m_file);
    ::close(m_master);
  }
  std::FILE* file() const { return m_file; }
  std::string text() {
    std::fflush(m_file);
    ::tcdrain(::fileno(m_file));
    return drain(m_master);
  }

private:
  int m_master = -1;
  std::FILE* m_file = nullptr;
};

StepResult failed(std::string command, std::string output) {
  StepResult r;
  r.outcome = StepOutcome::failed;
  r.command = std::move(command);
  r.output = std::move(output);
  return r;
}

TEST(TerminalStatus, PrintsPlainLinesWhenNotATerminal) {
  ScopedEnv term("TERM", "xterm-256color");
  ScopedEnv no_color("NO_COLOR", nullptr);
  PipeOutput pipe;
  TerminalStatus status(pipe.file());
  EXPECT_FALSE(status.smart());
  EXPECT_FALSE(status.colored());
  status.set_total_steps(2);
  status.step_started("compile main.cpp");
  status.step_finished("compile main.cpp", {});
  status.step_started("link demo");
  status.step_finished("link demo", failed("c++ -o demo main.o", "undefined reference to `foo'\ncollect2: error"));
  status.warning("bundle.icon is empty");
  status.info("done");
  status.debug("hidden at normal verbosity");
  status.output_line("dev", "ready in 300 ms");
  status.finish();
  EXPECT_EQ(pipe.text(),
            "[1/2] compile main.cpp\n"
            "[2/2] link demo\n"
            "FAILED: link demo\n"
            "c++ -o demo main.o\n"
            "undefined reference to `foo'\ncollect2: error\n"
            "warning: bundle.icon is empty\n"
            "done\n"
            "[dev] ready in 300 ms\n");
}

TEST(TerminalStatus, OverwritesOneLineOnATerminal) {
  ScopedEnv term("TERM", "xterm");
  ScopedEnv no_color("NO_COLOR", nullptr);
  PtyOutput pty(40);
  TerminalStatus status(pty.file());
  EXPECT_TRUE(status.smart());
  EXPECT_TRUE(status.colored());
  status.step_started("configure");
  EXPECT_EQ(pty.text(), "\r[1] configure\x1b[K");
  status.step_finished("configure", {});
  EXPECT_EQ(pty.text(), "") << "a success leaves the line to be overwritten";
  status.step_started("a step label far too long for forty columns of terminal");
  const std::string elided = pty.text();
  EXPECT_EQ(elided, "\r[2] a step label f...olumns of terminal\x1b[K") << elided;
  EXPECT_EQ(elided.size(), std::string("\r\x1b[K").size() + 39);

  // A lasting line replaces the status line, which is drawn again below it.
  status.warning("careful");
  EXPECT_EQ(pty.text(), "\r\x1b[K\x1b[1;33mwarning: \x1b[0mcareful\n[2] a step label f...olumns of terminal\x1b[K");
  status.step_finished("long", failed("", "boom\n"));
  EXPECT_EQ(pty.text(), "\r\x1b[K\x1b[1;31mFAILED: \x1b[0mlong\nboom\n");
  status.finish();
  EXPECT_EQ(pty.text(), "");
}

TEST(TerminalStatus, FinishEndsAnOpenLine) {
  ScopedEnv term("TERM", "xterm");
  PtyOutput pty(80);
  TerminalStatus status(pty.file(), {Verbosity::normal, ColorMode::never});
  status.step_started("only step");
  status.step_finished("only step", {});
  status.finish();
  EXPECT_EQ(pty.text(), "\r[1] only step\x1b[K\n");
}

TEST(TerminalStatus, DumbTerminalGetsPlainLines) {
  ScopedEnv term("TERM", "dumb");
  PtyOutput pty(80);
  TerminalStatus status(pty.file());
  EXPECT_FALSE(status.smart());
  EXPECT_FALSE(status.colored());
  status.step_started("build");
  EXPECT_EQ(pty.text(), "[1] build\n");
}

TEST(TerminalStatus, NoColorIsHonoured) {
  ScopedEnv term("TERM", "xterm");
  ScopedEnv no_color("NO_COLOR", "1");
  PtyOutput pty(80);
  TerminalStatus status(pty.file());
  EXPECT_TRUE(status.smart());
  EXPECT_FALSE(status.colored());
  status.warning("plain");
  EXPECT_EQ(pty.text(), "warning: plain\n");
}

TEST(TerminalStatus, EmptyNoColorDoesNotCount) {
  ScopedEnv term("TERM", "xterm");
  ScopedEnv no_color("NO_COLOR", "");
  PtyOutput pty(80);
  EXPECT_TRUE(TerminalStatus(pty.file()).colored());
}

TEST(TerminalStatus, ColorCanBeForcedOrRefused) {
  PipeOutput pipe;
  TerminalStatus forced(pipe.file(), {Verbosity::normal, ColorMode::always});
  EXPECT_FALSE(forced.smart());
  EXPECT_TRUE(forced.colored());
  forced.warning("w");
  EXPECT_EQ(pipe.text(), "\x1b[1;33mwarning: \x1b[0mw\n");

  ScopedEnv term("TERM", "xterm");
  PtyOutput pty(80);
  EXPECT_FALSE(TerminalStatus(pty.file(), {Verbosity::normal, ColorMode::never}).colored());
}

TEST(TerminalStatus, VerbosityLevels) {
  StepResult ok;
  ok.elapsed = 1250ms;
  ok.command = "cmake --build .";
  ok.output = "[1/1] Linking\n";
  StepResult skipped;
  skipped.outcome = StepOutcome::skipped;

  PipeOutput verbose_pipe;
  TerminalStatus verbose(verbose_pipe.file(), {verbosity_from_level(1), ColorMode::never});
  verbose.step_started("build");
  verbose.step_finished("build", ok);
  verbose.step_started("frontend");
  verbose.step_finished("frontend", skipped);
  verbose.debug("not yet");
  EXPECT_EQ(verbose_pipe.text(),
            "[1] build\nbuild (1.25s)\n[1/1] Linking\n[2] frontend\nfrontend (up to date)\n");

  PipeOutput debug_pipe;
  TerminalStatus debug(debug_pipe.file(), {verbosity_from_level(2), ColorMode::never});
  debug.step_started("build");
  debug.step_finished("build", ok);
  debug.debug("cache key 1234");
  EXPECT_EQ(debug_pipe.text(), "[1] build\n$ cmake --build .\nbuild (1.25s)\n[1/1] Linking\ndebug: cache key 1234\n");

  EXPECT_EQ(verbosity_from_level(0), Verbosity::normal);
  EXPECT_EQ(verbosity_from_level(5), Verbosity::debug);
}

std::vector<nlohmann::json> parse_lines(const std::string& text) {
  std::vector<nlohmann::json> events;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) events.push_back(nlohmann::json::parse(line));
  return events;
}

TEST(JsonStatus, OneParsableObjectPerEvent) {
  PipeOutput pipe;
  JsonStatus status(pipe.file());
  status.set_total_steps(2);
  status.step_started("bundle \"deb\"");
  StepResult ok;
  ok.elapsed = 12ms;
  status.step_finished("bundle \"deb\"", ok);
  status.step_started("bundle rpm");
  status.step_finished("bundle rpm", failed("rpmbuild -bb", "line1\n\tbad \xff byte \x01\n"));
  status.info("2 artifacts");
  status.warning("w");
  status.debug("dropped");
  status.output_line("dev", "ünïcode ✓");
  status.finish();

  const std::vector<nlohmann::json> events = parse_lines(pipe.text());
  ASSERT_EQ(events.size(), 8u);
  EXPECT_EQ(events[0], nlohmann::json::parse(R"({"event":"plan","total":2})"));
  EXPECT_EQ(events[1], nlohmann::json::parse(R"({"event":"step_started","label":"bundle \"deb\"","step":1,"total":2})"));
  EXPECT_EQ(events[2],
            nlohmann::json::parse(R"({"event":"step_finished","label":"bundle \"deb\"","outcome":"ok","elapsed_ms":12})"));
  EXPECT_EQ(events[3], nlohmann::json::parse(R"({"event":"step_started","label":"bundle rpm","step":2,"total":2})"));
  EXPECT_EQ(events[4]["outcome"], "failed");
  EXPECT_EQ(events[4]["command"], "rpmbuild -bb");
  EXPECT_EQ(events[4]["output"], "line1\n\tbad \xEF\xBF\xBD byte \x01\n");
  EXPECT_EQ(events[5], nlohmann::json::parse(R"({"event":"info","message":"2 artifacts"})"));
  EXPECT_EQ(events[6]["event"], "warning");
  EXPECT_EQ(events[7]["event"], "output");
  EXPECT_EQ(events[7]["source"], "dev");
  EXPECT_EQ(events[7]["text"], "ünïcode ✓");
}

TEST(JsonStatus, DebugEventsAtDebugVerbosity) {
  PipeOutput pipe;
  JsonStatus status(pipe.file(), Verbosity::debug);
  status.debug("details");
  const std::vector<nlohmann::json> events = parse_lines(pipe.text());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["event"], "debug");
}

TEST(JsonEscape, EscapesAndRepairs) {
  EXPECT_EQ(json_escape("plain"), "plain");
  EXPECT_EQ(json_escape("q\"b\\n\n"), "q\\\"b\\\\n\\n");
  EXPECT_EQ(json_escape(std::string("nul\0x", 5)), "nul\\u0000x");
  EXPECT_EQ(json_escape("\x7f"), "\x7f");
  EXPECT_EQ(json_escape("é€😀"), "é€😀");
  EXPECT_EQ(json_escape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD") << "overlong";
  EXPECT_EQ(json_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD") << "surrogate";
  EXPECT_EQ(json_escape("ab\xE2\x82"), "ab\xEF\xBF\xBD\xEF\xBF\xBD") << "truncated";
}

TEST(RecordingStatus, KeepsEveryEvent) {
  RecordingStatus status;
  status.set_total_steps(1);
  status.step_started("gen");
  status.step_finished("gen", failed("gen --all", "out"));
  status.info("i");
  status.warning("w");
  status.output_line("dev", "line");
  status.finish();
  const std::vector<RecordingStatus::Event> events = status.events();
  ASSERT_EQ(events.size(), 7u);
  EXPECT_EQ(events[0].total, 1);
  EXPECT_EQ(events[2].result.outcome, StepOutcome::failed);
  EXPECT_EQ(events[2].result.command, "gen --all");
  EXPECT_EQ(status.texts(RecordingStatus::Kind::step_started), std::vector<std::string>{"gen"});
  EXPECT_EQ(status.texts(RecordingStatus::Kind::warning), std::vector<std::string>{"w"});
  EXPECT_EQ(events[5].label, "dev");
  EXPECT_EQ(events[5].text, "line");

  NullStatus null;
  Status& any = null;
  any.info("goes nowhere");
}

} // namespace
} // namespace weft

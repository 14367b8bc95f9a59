#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace weft {

// Progress reporting. Everything weft shows while it works goes through one
// Status; nothing else in base/ prints. The printers write to the FILE* they
// are given and are safe to call from several threads.

// -v and -vv on the command line.
enum class Verbosity {
  normal = 0,  // steps, info, warnings, failures
  verbose = 1, // also each finished step with its time, and successful steps' output
  debug = 2,   // also command lines and debug messages
};
Verbosity verbosity_from_level(int level);

enum class StepOutcome { ok, failed, skipped }; // skipped: up to date, nothing done

struct StepResult {
  StepOutcome outcome = StepOutcome::ok;
  std::string output;  // what the step printed (a child's stdout and stderr), shown whole after FAILED:
  std::string command; // the redacted command line the step ran, if any
  std::chrono::milliseconds elapsed{0};
};

class Status {
public:
  virtual ~Status() = default;

  // How many steps this run has, for the `[3/7]` counter; 0 = unknown.
  virtual void set_total_steps(int total) = 0;
  virtual void step_started(std::string_view label) = 0;
  virtual void step_finished(std::string_view label, const StepResult& result) = 0;
  virtual void info(std::string_view message) = 0;
  virtual void warning(std::string_view message) = 0;
  virtual void debug(std::string_view message) = 0;
  // One line of a long-running child's output, e.g. `[dev] ready in 300 ms`.
  virtual void output_line(std::string_view source, std::string_view text) = 0;
  // The run is over: ends an open status line.
  virtual void finish() = 0;
};

enum class ColorMode { automatic, always, never };

struct TerminalStatusOptions {
  Verbosity verbosity = Verbosity::normal;
  ColorMode color = ColorMode::automatic; // automatic: a TTY, TERM not "dumb", NO_COLOR unset or empty
};

// The human printer (ninja's status line). On a TTY whose TERM is not "dumb"
// it keeps one status line that each step overwrites, and prints lasting
// lines above it; elsewhere every step start is a plain line of its own.
class TerminalStatus final : public Status {
public:
  explicit TerminalStatus(std::FILE* out, TerminalStatusOptions options = {});

  void set_total_steps(int total) override;
  void step_started(std::string_view label) override;
  void step_finished(std::string_view label, const StepResult& result) override;
  void info(std::string_view message) override;
  void warning(std::string_view message) override;
  void debug(std::string_view message) override;
  void output_line(std::string_view source, std::string_view text) override;
  void finish() override;

  bool smart() const { return m_smart; }   // overwrites its status line
  bool colored() const { return m_color; } // uses ANSI colours

private:
  std::string counter() const;
  std::string paint(std::string_view text, std::string_view sgr) const;
  void show_status(const std::string& text);
  void print_lasting(std::string_view text);

  std::FILE* m_out;
  Verbosity m_verbosity;
  bool m_smart = false;
  bool m_color = false;
  std::mutex m_mutex;
  int m_total = 0;
  int m_started = 0;
  int m_running = 0;
  bool m_line_open = false;
  std::string m_status_line;
};

// --json: one JSON object per line and event, flushed at once, e.g.
// {"event":"step_finished","label":"bundle deb","outcome":"ok","elapsed_ms":12}.
// Events: plan, step_started, step_finished, info, warning, debug (only at
// Verbosity::debug), output. Invalid UTF-8 becomes U+FFFD.
class JsonStatus final : public Status {
public:
  explicit JsonStatus(std::FILE* out, Verbosity verbosity = Verbosity::normal);

  void set_total_steps(int total) override;
  void step_started(std::string_view label) override;
  void step_finished(std::string_view label, const StepResult& result) override;
  void info(std::string_view message) override;
  void warning(std::string_view message) override;
  void debug(std::string_view message) override;
  void output_line(std::string_view source, std::string_view text) override;
  void finish() override;

private:
  void emit(const std::string& object);

  std::FILE* m_out;
  Verbosity m_verbosity;
  std::mutex m_mutex;
  int m_total = 0;
  int m_started = 0;
};

// Prints nothing.
class NullStatus final : public Status {
public:
  void set_total_steps(int) override {}
  void step_started(std::string_view) override {}
  void step_finished(std::string_view, const StepResult&) override {}
  void info(std::string_view) override {}
  void warning(std::string_view) override {}
  void debug(std::string_view) override {}
  void output_line(std::string_view, std::string_view) override {}
  void finish() override {}
};

// Keeps every event, for tests.
class RecordingStatus final : public Status {
public:
  enum class Kind { total, step_started, step_finished, info, warning, debug, output, finish };
  struct Event {
    Kind kind;
    std::string label; // the step label, or the output source
    std::string text;  // the message or output line
    StepResult result; // step_finished only
    int total = 0;     // total only
  };

  void set_total_steps(int total) override;
  void step_started(std::string_view label) override;
  void step_finished(std::string_view label, const StepResult& result) override;
  void info(std::string_view message) override;
  void warning(std::string_view message) override;
  void debug(std::string_view message) override;
  void output_line(std::string_view source, std::string_view text) override;
  void finish() override;

  std::vector<Event> events() const;
  // The texts of one kind of event (labels for steps), in order.
  std::vector<std::string> texts(Kind kind) const;

private:
  void add(Event event);

  mutable std::mutex m_mutex;
  std::vector<Event> m_events;
};

// Escapes `text` as the contents of a JSON string (no quotes around it),
// replacing invalid UTF-8 by U+FFFD.
std::string json_escape(std::string_view text);

} // namespace weft

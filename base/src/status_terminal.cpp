#include <weft/base/status.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <vector>
#include <sys/ioctl.h>
#include <unistd.h>

namespace weft {
namespace {

constexpr std::string_view k_red = "1;31";
constexpr std::string_view k_yellow = "1;33";
constexpr std::string_view k_cyan = "36";
constexpr std::string_view k_dim = "2";

bool is_terminal(std::FILE* out) { return ::isatty(::fileno(out)) == 1; }

bool term_is_capable() {
  const char* term = std::getenv("TERM");
  return term && *term && std::string_view(term) != "dumb";
}

bool no_color_requested() {
  const char* value = std::getenv("NO_COLOR");
  return value && *value; // https://no-color.org: present and not empty
}

int terminal_width(std::FILE* out) {
  winsize size{};
  if (::ioctl(::fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 0;
}

// One status line must stay one line: control characters become spaces.
std::string single_line(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  return out;
}

// Shortens `text` to `width` columns (code points) with "..." in the middle.
std::string elide(const std::string& text, int width) {
  std::vector<std::size_t> starts; // byte offset of each code point
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  const std::size_t columns = starts.size();
  if (width <= 0 || columns <= static_cast<std::size_t>(width)) return text;
  if (width <= 3) return text.substr(0, starts[static_cast<std::size_t>(width)]);
  const std::size_t keep = static_cast<std::size_t>(width) - 3;
  const std::size_t left = keep / 2;
  const std::size_t right = keep - left;
  return text.substr(0, starts[left]) + "..." + text.substr(starts[columns - right]);
}

std::string seconds(std::chrono::milliseconds elapsed) {
  return fmt::format("{:.2f}s", static_cast<double>(elapsed.count()) / 1000.0);
}

} // namespace

TerminalStatus::TerminalStatus(std::FILE* out, TerminalStatusOptions options)
    : m_out(out), m_verbosity(options.verbosity) {
  const bool capable = is_terminal(out) && term_is_capable();
  m_smart = capable;
  switch (options.color) {
    case ColorMode::always: m_color = true; break;
    case ColorMode::never: m_color = false; break;
    case ColorMode::automatic: m_color = capable && !no_color_requested(); break;
  }
}

std::string TerminalStatus::counter() const {
  if (m_total > 0) return fmt::format("[{}/{}] ", m_started, m_total);
  return fmt::format("[{}] ", m_started);
}

std::string TerminalStatus::paint(std::string_view text, std::string_view sgr) const {
  if (!m_color) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", sgr, text);
}

void TerminalStatus::show_status(const std::string& text) {
  m_status_line = single_line(text);
  if (!m_smart) {
    print_lasting(m_status_line);
    return;
  }
  const int width = terminal_width(m_out);
  // One column short of the edge, so that no terminal wraps the line.
  const std::string line = elide(m_status_line, width > 1 ? width - 1 : 0);
  std::fputs(fmt::format("\r{}\x1b[K", line).c_str(), m_out);
  std::fflush(m_out);
  m_line_open = true;
}

// A line that stays on screen; on a smart terminal it goes above the status
// line, which is redrawn below it while steps are running.
void TerminalStatus::print_lasting(std::string_view text) {
  std::string out;
  if (m_smart && m_line_open) out += "\r\x1b[K";
  out += text;
  if (out.empty() || out.back() != '\n') out += '\n';
  m_line_open = false;
  std::fwrite(out.data(), 1, out.size(), m_out);
  if (m_smart && m_running > 0 && !m_status_line.empty()) {
    const int width = terminal_width(m_out);
    std::fputs(elide(m_status_line, width > 1 ? width - 1 : 0).c_str(), m_out);
    std::fputs("\x1b[K", m_out);
    m_line_open = true;
  }
  std::fflush(m_out);
}

void TerminalStatus::set_total_steps(int total) {
  std::lock_guard lock(m_mutex);
  m_total = total;
}

void TerminalStatus::step_started(std::string_view label) {
  std::lock_guard lock(m_mutex);
  ++m_started;
  ++m_running;
  show_status(counter() + std::string(label));
}

void TerminalStatus::step_finished(std::string_view label, const StepResult& result) {
  std::lock_guard lock(m_mutex);
  if (m_running > 0) --m_running;
  if (result.outcome == StepOutcome::failed) {
    print_lasting(paint("FAILED: ", k_red) + std::string(label));
    if (!result.command.empty()) print_lasting(result.command);
    if (!result.output.empty()) print_lasting(result.output);
    return;
  }
  if (m_verbosity < Verbosity::verbose) return;
  if (m_verbosity >= Verbosity::debug && !result.command.empty()) print_lasting(paint("$ " + result.command, k_dim));
  const std::string how = result.outcome == StepOutcome::skipped ? "up to date" : seconds(result.elapsed);
  print_lasting(fmt::format("{} ({})", label, how));
  if (!result.output.empty()) print_lasting(result.output);
}

void TerminalStatus::info(std::string_view message) {
  std::lock_guard lock(m_mutex);
  print_lasting(message);
}

void TerminalStatus::warning(std::string_view message) {
  std::lock_guard lock(m_mutex);
  print_lasting(paint("warning: ", k_yellow) + std::string(message));
}

void TerminalStatus::debug(std::string_view message) {
  if (m_verbosity < Verbosity::debug) return;
  std::lock_guard lock(m_mutex);
  print_lasting(paint("debug: " + std::string(message), k_dim));
}

void TerminalStatus::output_line(std::string_view source, std::string_view text) {
  std::lock_guard lock(m_mutex);
  print_lasting(paint(fmt::format("[{}]", source), k_cyan) + " " + std::string(text));
}

void TerminalStatus::finish() {
  std::lock_guard lock(m_mutex);
  if (m_line_open) std::fputc('\n', m_out);
  m_line_open = false;
  m_running = 0;
  std::fflush(m_out);
}

} // namespace weft

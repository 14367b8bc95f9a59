#include <weft/base/status.hpp>

#include <fmt/format.h>

namespace weft {
namespace {

std::string_view outcome_name(StepOutcome outcome) {
  switch (outcome) {
    case StepOutcome::ok: return "ok";
    case StepOutcome::failed: return "failed";
    case StepOutcome::skipped: return "skipped";
  }
  return "ok";
}

// `"key":"escaped value"`
std::string field(std::string_view key, std::string_view value) {
  return fmt::format("\"{}\":\"{}\"", key, json_escape(value));
}

} // namespace

JsonStatus::JsonStatus(std::FILE* out, Verbosity verbosity) : m_out(out), m_verbosity(verbosity) {}

void JsonStatus::emit(const std::string& object) {
  std::fputs(object.c_str(), m_out);
  std::fputc('\n', m_out);
  std::fflush(m_out);
}

void JsonStatus::set_total_steps(int total) {
  std::lock_guard lock(m_mutex);
  m_total = total;
  emit(fmt::format("{{\"event\":\"plan\",\"total\":{}}}", total));
}

void JsonStatus::step_started(std::string_view label) {
  std::lock_guard lock(m_mutex);
  ++m_started;
  std::string object = fmt::format("{{\"event\":\"step_started\",{},\"step\":{}", field("label", label), m_started);
  if (m_total > 0) object += fmt::format(",\"total\":{}", m_total);
  emit(object + "}");
}

void JsonStatus::step_finished(std::string_view label, const StepResult& result) {
  std::lock_guard lock(m_mutex);
  std::string object = fmt::format("{{\"event\":\"step_finished\",{},{},\"elapsed_ms\":{}", field("label", label),
                                   field("outcome", outcome_name(result.outcome)), result.elapsed.count());
  if (!result.command.empty()) object += "," + field("command", result.command);
  if (!result.output.empty()) object += "," + field("output", result.output);
  emit(object + "}");
}

void JsonStatus::info(std::string_view message) {
  std::lock_guard lock(m_mutex);
  emit(fmt::format("{{\"event\":\"info\",{}}}", field("message", message)));
}

void JsonStatus::warning(std::string_view message) {
  std::lock_guard lock(m_mutex);
  emit(fmt::format("{{\"event\":\"warning\",{}}}", field("message", message)));
}

void JsonStatus::debug(std::string_view message) {
  if (m_verbosity < Verbosity::debug) return;
  std::lock_guard lock(m_mutex);
  emit(fmt::format("{{\"event\":\"debug\",{}}}", field("message", message)));
}

void JsonStatus::output_line(std::string_view source, std::string_view text) {
  std::lock_guard lock(m_mutex);
  emit(fmt::format("{{\"event\":\"output\",{},{}}}", field("source", source), field("text", text)));
}

void JsonStatus::finish() {
  std::lock_guard lock(m_mutex);
  std::fflush(m_out);
}

} // namespace weft

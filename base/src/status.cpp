#include <weft/base/status.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace weft {
namespace {

// The length of the valid UTF-8 sequence at the start of `s`, or 0.
std::size_t utf8_sequence(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(0);
  std::size_t length;
  char32_t code;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code = lead & 0x07;
  } else {
    return 0;
  }
  if (s.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i) & 0x3F);
  }
  const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
  const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
  if (overlong || surrogate || code > 0x10FFFF) return 0;
  return length;
}

} // namespace

Verbosity verbosity_from_level(int level) {
  if (level >= 2) return Verbosity::debug;
  if (level == 1) return Verbosity::verbose;
  return Verbosity::normal;
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  while (!text.empty()) {
    const char c = text.front();
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else if (const std::size_t n = utf8_sequence(text); n > 0) {
          out.append(text.substr(0, n));
          text.remove_prefix(n - 1);
        } else {
          out += "\xEF\xBF\xBD"; // U+FFFD
        }
    }
    text.remove_prefix(1);
  }
  return out;
}

void RecordingStatus::add(Event event) {
  std::lock_guard lock(m_mutex);
  m_events.push_back(std::move(event));
}

void RecordingStatus::set_total_steps(int total) { add({Kind::total, {}, {}, {}, total}); }

void RecordingStatus::step_started(std::string_view label) { add({Kind::step_started, std::string(label), {}, {}, 0}); }

void RecordingStatus::step_finished(std::string_view label, const StepResult& result) {
  add({Kind::step_finished, std::string(label), result.output, result, 0});
}

void RecordingStatus::info(std::string_view message) { add({Kind::info, {}, std::string(message), {}, 0}); }

void RecordingStatus::warning(std::string_view message) { add({Kind::warning, {}, std::string(message), {}, 0}); }

void RecordingStatus::debug(std::string_view message) { add({Kind::debug, {}, std::string(message), {}, 0}); }

void RecordingStatus::output_line(std::string_view source, std::string_view text) {
  add({Kind::output, std::string(source), std::string(text), {}, 0});
}

void RecordingStatus::finish() { add({Kind::finish, {}, {}, {}, 0}); }

std::vector<RecordingStatus::Event> RecordingStatus::events() const {
  std::lock_guard lock(m_mutex);
  return m_events;
}

std::vector<std::string> RecordingStatus::texts(Kind kind) const {
  std::lock_guard lock(m_mutex);
  std::vector<std::string> out;
  for (const Event& event : m_events) {
    if (event.kind != kind) continue;
    const bool is_step = kind == Kind::step_started || kind == Kind::step_finished;
    out.push_back(is_step ? event.label : event.text);
  }
  return out;
}

} // namespace weft

#include "diagnostic_printer.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace weft::cli {

namespace {

const char* severity_color(Severity s) {
  switch (s) {
    case Severity::error: return "\033[1;31m";
    case Severity::warning: return "\033[1;35m";
    case Severity::note: return "\033[1;36m";
  }
  return "";
}

// The caret sits under the column, counting code points; tabs are kept so
// that the caret lines up in a terminal.
std::string caret_line(const std::string& source, int column) {
  std::string out;
  int current = 1;
  for (size_t i = 0; i < source.size() && current < column; ++i) {
    auto c = static_cast<unsigned char>(source[i]);
    if ((c & 0xC0) == 0x80) continue;
    out += c == '\t' ? '\t' : ' ';
    ++current;
  }
  while (current < column) {
    out += ' ';
    ++current;
  }
  return out + "^";
}

void print_one(std::FILE* out, const Error& e, bool color) {
  std::string head = e.headline();
  if (color) {
    const char* label = e.severity() == Severity::error ? "error: " : e.severity() == Severity::warning ? "warning: " : "note: ";
    auto pos = head.find(label);
    if (pos != std::string::npos)
      head = fmt::format("\033[1m{}\033[0m{}{}\033[0m{}", head.substr(0, pos), severity_color(e.severity()),
                         label, head.substr(pos + std::strlen(label)));
  }
  std::fprintf(out, "%s\n", head.c_str());
  const Location& l = e.location();
  if (l.line > 0 && !l.source_line.empty() && l.source_line.size() < 400) {
    std::fprintf(out, "  %s\n", l.source_line.c_str());
    if (l.column > 0) {
      std::string caret = caret_line(l.source_line, l.column);
      if (color) caret = fmt::format("\033[1;32m{}\033[0m", caret);
      std::fprintf(out, "  %s\n", caret.c_str());
    }
  }
  if (!e.stderr_tail().empty()) {
    std::string tail = e.stderr_tail();
    while (!tail.empty() && tail.back() == '\n') tail.pop_back();
    std::fprintf(out, "%s\n", tail.c_str());
  }
  if (!e.hint().empty()) std::fprintf(out, "  hint: %s\n", e.hint().c_str());
  for (const std::string& c : e.context()) std::fprintf(out, "  while %s\n", c.c_str());
}

} // namespace

void print_error(std::FILE* out, const Error& error, bool color) {
  print_one(out, error, color);
  for (const Error& r : error.related()) print_error(out, r, color);
}

void print_warning(std::FILE* out, const Error& warning, bool color) { print_one(out, warning, color); }

nlohmann::json error_to_json(const Error& error) {
  nlohmann::json list = nlohmann::json::array();
  auto add = [&](const Error& e) {
    nlohmann::json j = {
        {"severity", e.severity() == Severity::error ? "error" : e.severity() == Severity::warning ? "warning" : "note"},
        {"message", e.message()},
        {"exitCode", static_cast<int>(e.code())}};
    const Location& l = e.location();
    if (!l.file.empty()) j["file"] = l.file;
    if (l.line > 0) j["line"] = l.line;
    if (l.column > 0) j["column"] = l.column;
    if (!l.pointer.empty()) j["pointer"] = l.pointer;
    if (!e.hint().empty()) j["hint"] = e.hint();
    if (!e.context().empty()) j["context"] = e.context();
    list.push_back(std::move(j));
  };
  add(error);
  for (const Error& r : error.related()) {
    nlohmann::json nested = error_to_json(r);
    for (auto& item : nested) list.push_back(std::move(item));
  }
  return list;
}

bool wants_color(std::FILE* stream) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (!term || std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(::fileno(stream)) != 0;
}

} // namespace weft::cli

#include <weft/base/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace weft {

Error::Error(ExitCode code, std::string message) : m_code(code), m_message(std::move(message)) {}

Error Error::input(std::string message) { return Error(ExitCode::input, std::move(message)); }

Error Error::usage(std::string message) { return Error(ExitCode::usage, std::move(message)); }

Error Error::at(Location where, std::string message) {
  Error e(ExitCode::input, std::move(message));
  e.m_location = std::move(where);
  return e;
}

Error Error::unknown_key(Location where, std::string_view key, std::string_view suggestion) {
  Error e = at(std::move(where), fmt::format("unknown key `{}`", key));
  if (!suggestion.empty()) e.m_hint = fmt::format("did you mean `{}`?", suggestion);
  return e;
}

Error Error::io(std::string_view path, int errno_value, std::string_view action) {
  // A full or broken disk is the system failing, not the user's input.
  bool system = errno_value == ENOSPC || errno_value == EDQUOT || errno_value == EIO || errno_value == EROFS ||
                errno_value == ENOMEM || errno_value == EMFILE || errno_value == ENFILE;
  Error e(system ? ExitCode::tool : ExitCode::input, fmt::format("cannot {} {}: {}", action, path, std::strerror(errno_value)));
  e.m_location.file = std::string(path);
  return e;
}

Error Error::tool(std::string_view program, std::string message, std::string stderr_tail) {
  Error e(ExitCode::tool, fmt::format("{}: {}", program, message));
  e.m_stderr_tail = std::move(stderr_tail);
  return e;
}

Error Error::interrupted() { return Error(ExitCode::interrupted, "interrupted"); }

#define WEFT_ERROR_SETTER(name, type, member, expr)                   \
  Error& Error::name(type value)& {                                    \
    expr;                                                              \
    return *this;                                                      \
  }                                                                    \
  Error&& Error::name(type value)&& {                                  \
    expr;                                                              \
    return std::move(*this);                                           \
  }

WEFT_ERROR_SETTER(with_hint, std::string, m_hint, m_hint = std::move(value))
WEFT_ERROR_SETTER(with_context, std::string, m_context, m_context.push_back(std::move(value)))
WEFT_ERROR_SETTER(with_location, Location, m_location, m_location = std::move(value))
WEFT_ERROR_SETTER(with_severity, Severity, m_severity, m_severity = value)
WEFT_ERROR_SETTER(with_related, Error, m_related, m_related.push_back(std::move(value)))

#undef WEFT_ERROR_SETTER

std::string Error::headline() const {
  std::string out;
  const Location& l = m_location;
  if (!l.file.empty()) {
    out += l.file;
    if (l.line > 0) out += fmt::format(":{}", l.line);
    if (l.line > 0 && l.column > 0) out += fmt::format(":{}", l.column);
    out += ": ";
  }
  switch (m_severity) {
    case Severity::error: out += "error: "; break;
    case Severity::warning: out += "warning: "; break;
    case Severity::note: out += "note: "; break;
  }
  if (!l.pointer.empty()) out += l.pointer + ": ";
  out += m_message;
  return out;
}

bool Diagnostics::has_errors() const {
  for (const Error& e : m_items)
    if (e.severity() == Severity::error) return true;
  return false;
}

Result<void> Diagnostics::to_result() const {
  const Error* first = nullptr;
  std::vector<const Error*> rest;
  for (const Error& e : m_items) {
    if (e.severity() != Severity::error) continue;
    if (!first)
      first = &e;
    else
      rest.push_back(&e);
  }
  if (!first) return {};
  Error combined = *first;
  for (const Error* e : rest) combined.with_related(*e);
  return fail(std::move(combined));
}

std::vector<Error> Diagnostics::warnings() const {
  std::vector<Error> out;
  for (const Error& e : m_items)
    if (e.severity() == Severity::warning) out.push_back(e);
  return out;
}

} // namespace weft

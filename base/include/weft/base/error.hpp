#pragma once

#include <tl/expected.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace weft {

// One exit code per kind of failure; the table in README.md documents them.
enum class ExitCode : int {
  ok = 0,
  input = 1,        // the user's input is wrong (manifest, key, password, file)
  usage = 2,        // the command line is wrong
  tool = 3,         // an external tool or the system failed
  interrupted = 130 // Ctrl-C / SIGTERM
};

enum class Severity { error, warning, note };

// Where an error points. Every field is optional; line and column are 1-based
// and 0 means "unknown".
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  std::string pointer;     // JSON pointer of the offending value, "" = none
  std::string source_line; // the text of `line`, for the caret display

  bool empty() const { return file.empty() && line == 0 && pointer.empty(); }
};

// An error is a value: what went wrong, where, what to do about it, and the
// chain of things weft was doing when it happened (outermost last).
class Error {
public:
  Error(ExitCode code, std::string message);

  // Named factories, one per recurring kind of failure.
  static Error input(std::string message);
  static Error usage(std::string message);
  static Error at(Location where, std::string message);
  static Error unknown_key(Location where, std::string_view key, std::string_view suggestion);
  static Error io(std::string_view path, int errno_value, std::string_view action);
  static Error tool(std::string_view program, std::string message, std::string stderr_tail = {});
  static Error interrupted();

  Error& with_hint(std::string hint) &;
  Error&& with_hint(std::string hint) &&;
  Error& with_context(std::string context) &;
  Error&& with_context(std::string context) &&;
  Error& with_location(Location where) &;
  Error&& with_location(Location where) &&;
  Error& with_severity(Severity severity) &;
  Error&& with_severity(Severity severity) &&;
  // Further diagnostics reported in the same run (e.g. every error in a file).
  Error& with_related(Error other) &;
  Error&& with_related(Error other) &&;

  ExitCode code() const { return m_code; }
  Severity severity() const { return m_severity; }
  const std::string& message() const { return m_message; }
  const std::string& hint() const { return m_hint; }
  const Location& location() const { return m_location; }
  const std::vector<std::string>& context() const { return m_context; }
  const std::vector<Error>& related() const { return m_related; }
  const std::string& stderr_tail() const { return m_stderr_tail; }

  // `file:line:col: error: /pointer: message` (no hint, no context).
  std::string headline() const;

private:
  ExitCode m_code;
  Severity m_severity = Severity::error;
  std::string m_message;
  std::string m_hint;
  Location m_location;
  std::vector<std::string> m_context;
  std::vector<Error> m_related;
  std::string m_stderr_tail;
};

template <typename T>
using Result = tl::expected<T, Error>;

// A list of diagnostics collected while checking one input, so that every
// problem is reported in one run.
class Diagnostics {
public:
  void add(Error error) { m_items.push_back(std::move(error)); }
  bool has_errors() const;
  bool empty() const { return m_items.empty(); }
  const std::vector<Error>& items() const { return m_items; }
  // Errors become one Error (first + related); warnings are dropped.
  Result<void> to_result() const;
  std::vector<Error> warnings() const;

private:
  std::vector<Error> m_items;
};

inline tl::unexpected<Error> fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

} // namespace weft

#define WEFT_CONCAT_INNER(a, b) a##b
#define WEFT_CONCAT(a, b) WEFT_CONCAT_INNER(a, b)

// Evaluates an expression returning Result<T>; returns its error from the
// enclosing function on failure.
#define WEFT_TRY(expr)                                                        \
  do {                                                                        \
    auto&& weft_try_result_ = (expr);                                         \
    if (!weft_try_result_) return ::tl::unexpected(std::move(weft_try_result_).error()); \
  } while (false)

// WEFT_TRY_ASSIGN(auto x, expr): declares x from the value or returns the error.
#define WEFT_TRY_ASSIGN(decl, expr) WEFT_TRY_ASSIGN_IMPL(WEFT_CONCAT(weft_try_, __LINE__), decl, expr)
#define WEFT_TRY_ASSIGN_IMPL(tmp, decl, expr)                                 \
  auto tmp = (expr);                                                          \
  if (!tmp) return ::tl::unexpected(std::move(tmp).error());                  \
  decl = std::move(*tmp)

#pragma once

#include <tl/expected.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace weft::config::detail {

// An ECMA-262 regular expression as JSON Schema uses them: the `u`-flag
// dialect without flags, matched over Unicode code points (so `.` and `[^a]`
// match one astral character, not one UTF-16 half). Compiled once into a
// Pike VM program, so matching time grows linearly with the input (times the
// pattern size; lookarounds add a factor of the input length) and never
// recurses on the input: no catastrophic backtracking, no stack overflow.
//
// Syntax follows the `u` flag, with Annex B leniency for what real schemas
// write: an identity escape of any ASCII punctuation (`\-`, `\_`, `\ `) and a
// lone `{`, `}` or `]` are literals. An escaped ASCII letter that means
// nothing (`\Z`, `\A`, `\e`) is an error, as in ECMA-262.
//
// Limits: backreferences (`\1`, `\k<name>`) and Unicode property escapes
// (`\p{L}`) are valid syntax but weft cannot match them, so `compile` fails
// on them. Patterns are not case-folded (JSON Schema has no flags). Lone
// surrogate escapes (`\uD800`) compile but can never match, since instance
// strings are UTF-8 and hold no surrogates.
class Regex {
public:
  // Fails with a short lowercase message ("missing )", "nothing to repeat",
  // "backreferences are not supported").
  static tl::expected<Regex, std::string> compile(std::string_view pattern);
  // "" when `pattern` is valid ECMA-262 syntax (including features `compile`
  // rejects as unsupported), else what is wrong with it.
  static std::string syntax_error(std::string_view pattern);

  // True when the pattern matches somewhere in `text` (UTF-8; invalid bytes
  // read as U+FFFD). Patterns are not implicitly anchored.
  bool search(std::string_view text) const;

  struct Program;

private:
  explicit Regex(std::shared_ptr<const Program> program) : m_program(std::move(program)) {}
  std::shared_ptr<const Program> m_program;
};

// Decodes the code point at text[i] and moves i past it; an invalid byte
// reads as U+FFFD and moves i by one.
char32_t next_code_point(std::string_view text, size_t& i);
// Decodes UTF-8; each invalid byte becomes U+FFFD.
std::u32string decode_utf8(std::string_view text);
// The number of code points in a UTF-8 string (what minLength counts).
size_t count_code_points(std::string_view text);

} // namespace weft::config::detail

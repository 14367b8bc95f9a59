#pragma once

#include <weft/base/error.hpp>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace weft::cli {

// Human form: `file:line:col: error: /pointer: message`, the source line with
// a caret, then `  hint: …` and `  while …` lines; related errors follow.
void print_error(std::FILE* out, const Error& error, bool color);
void print_warning(std::FILE* out, const Error& warning, bool color);

// Machine form, one object per diagnostic (related errors flattened).
nlohmann::json error_to_json(const Error& error);

// True when `stream` should get ANSI colours: a TTY, NO_COLOR unset or
// empty, and TERM not "dumb".
bool wants_color(std::FILE* stream);

} // namespace weft::cli

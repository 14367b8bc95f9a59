#pragma once

#include <weft/base/error.hpp>

#include <compare>
#include <string>
#include <string_view>

namespace weft::config::acl {

// Longest permission identifier: a 51-character prefix, `:` and a 64-character
// name, as Tauri allows.
inline constexpr size_t k_max_identifier_length = 116;
inline constexpr size_t k_max_segment_length = 64;

// A permission or set identifier: `name` (the app's own), `plugin:name`, or
// `core:area:name` / `core:name` (the runtime's). Lowercase ASCII letters,
// digits and `-`; no segment starts or ends with `-`; only identifiers that
// start with `core:` may hold two `:`. The prefix is everything before the
// last `:`. Only the factories make one, so every Identifier is valid.
class Identifier {
public:
  // The error (unlocated) says what is wrong and, when it can, how to fix it.
  static Result<Identifier> parse(std::string_view text);
  static Result<Identifier> make(std::string_view prefix, std::string_view name);

  const std::string& str() const { return m_text; }
  // "" for the app's own permissions, "fs", "core:window", "core".
  std::string_view prefix() const { return std::string_view(m_text).substr(0, m_separator); }
  std::string_view name() const {
    return m_separator == 0 ? std::string_view(m_text) : std::string_view(m_text).substr(m_separator + 1);
  }
  bool has_prefix() const { return m_separator != 0; }

  friend bool operator==(const Identifier& a, const Identifier& b) { return a.m_text == b.m_text; }
  friend std::strong_ordering operator<=>(const Identifier& a, const Identifier& b) { return a.m_text <=> b.m_text; }

private:
  Identifier(std::string text, size_t separator) : m_text(std::move(text)), m_separator(separator) {}
  std::string m_text;
  size_t m_separator = 0; // index of the last `:`, 0 when there is none
};

// "" when `text` may be a permission identifier, otherwise what is wrong.
std::string check_identifier(std::string_view text);
// The same for a name defined in a permission file, which carries no prefix
// (the prefix comes from where the file is).
std::string check_permission_name(std::string_view text);
// A capability identifier: ASCII letters, digits, `-`, `_` and `.`, starting
// with a letter or digit, at most 116 characters.
std::string check_capability_identifier(std::string_view text);
// A command name, as build.commands allows: lowercase letters and digits in
// words joined by `_` or `-`, at most 58 characters (so that `allow-<name>`
// is a valid identifier).
std::string check_command_name(std::string_view text);
// A plugin name used as a prefix (as plugins.<name> in the manifest allows).
std::string check_plugin_name(std::string_view text);

// `allow-set-title` / `deny-set-title` for the command `set_title`.
std::string command_permission_name(std::string_view command, bool allow);

} // namespace weft::config::acl

#pragma once

#include <weft/base/error.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::runtime {

// Reads an environment variable; a seam so that tests pass their own.
using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;
EnvLookup process_environment();

// The folder a name stands for, for this user, after the XDG Base Directory
// specification (and xdg-user-dirs for desktop, document, download, music,
// picture, public, template, video). The app's own folders (appData,
// appConfig, appCache, appLocalData, appLog) are `<base>/<identifier>`;
// the others are home, config, data, localData, cache, runtime, temp.
// Names are Tauri's BaseDirectory names in camelCase.
Result<std::string> resolve_directory(std::string_view name, std::string_view identifier, const EnvLookup& env);

// Every name resolve_directory knows, for error messages.
const std::vector<std::string_view>& directory_names();

// Lexical path arithmetic, POSIX rules, never touching the file system.
std::string normalize_path(std::string_view path); // removes `.`, `..` and repeated '/'; "" → "."
std::string join_paths(const std::vector<std::string>& parts);
std::string dirname_of(std::string_view path);
std::string basename_of(std::string_view path, std::string_view suffix = {});
std::string extname_of(std::string_view path); // without the dot, "" when none
bool is_absolute_path(std::string_view path);

} // namespace weft::runtime

#include "path_commands.hpp"

#include <weft/base/file.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>

namespace weft::runtime {
namespace {

struct UserDir {
  std::string_view name;
  std::string_view variable; // in user-dirs.dirs
  std::string_view fallback; // under $HOME
};

constexpr std::array k_user_dirs{
    UserDir{"desktop", "XDG_DESKTOP_DIR", "Desktop"},       UserDir{"document", "XDG_DOCUMENTS_DIR", "Documents"},
    UserDir{"download", "XDG_DOWNLOAD_DIR", "Downloads"},   UserDir{"music", "XDG_MUSIC_DIR", "Music"},
    UserDir{"picture", "XDG_PICTURES_DIR", "Pictures"},     UserDir{"public", "XDG_PUBLICSHARE_DIR", "Public"},
    UserDir{"template", "XDG_TEMPLATES_DIR", "Templates"}, UserDir{"video", "XDG_VIDEOS_DIR", "Videos"},
};

// $VARIABLE when it is set to an absolute path, else $HOME/<fallback>.
Result<std::string> base_dir(const EnvLookup& env, std::string_view variable, std::string_view fallback) {
  if (std::optional<std::string> value = env(variable); value && is_absolute_path(*value)) return normalize_path(*value);
  std::optional<std::string> home = env("HOME");
  if (!home || !is_absolute_path(*home))
    return fail(Error::input("cannot resolve the folder: neither $" + std::string(variable) + " nor $HOME is set"));
  return normalize_path(*home + "/" + std::string(fallback));
}

// A folder from $XDG_CONFIG_HOME/user-dirs.dirs (`XDG_DOWNLOAD_DIR="$HOME/Downloads"`).
Result<std::string> user_dir(const EnvLookup& env, const UserDir& dir) {
  WEFT_TRY_ASSIGN(std::string config, base_dir(env, "XDG_CONFIG_HOME", ".config"));
  WEFT_TRY_ASSIGN(std::string home, base_dir(env, "HOME", ""));
  if (Result<std::string> text = read_file(config + "/user-dirs.dirs")) {
    std::string_view rest = *text;
    while (!rest.empty()) {
      const size_t eol = rest.find('\n');
      std::string_view line = rest.substr(0, eol);
      rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
      if (!line.starts_with(dir.variable) || line.substr(dir.variable.size()).substr(0, 2) != "=\"") continue;
      std::string_view value = line.substr(dir.variable.size() + 2);
      value = value.substr(0, value.rfind('"'));
      if (value.starts_with("$HOME")) return normalize_path(home + std::string(value.substr(5)));
      if (is_absolute_path(value)) return normalize_path(value);
    }
  }
  return normalize_path(home + "/" + std::string(dir.fallback));
}

} // namespace

EnvLookup process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (!value || !*value) return std::nullopt;
    return std::string(value);
  };
}

const std::vector<std::string_view>& directory_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out{"appCache", "appConfig", "appData", "appLocalData", "appLog", "cache", "config",
                                      "data",     "home",      "localData", "runtime",   "temp"};
    for (const UserDir& dir : k_user_dirs) out.push_back(dir.name);
    std::sort(out.begin(), out.end());
    return out;
  }();
  return names;
}

Result<std::string> resolve_directory(std::string_view name, std::string_view identifier, const EnvLookup& env) {
  const std::string id(identifier);
  if (name == "home") return base_dir(env, "HOME", "");
  if (name == "config") return base_dir(env, "XDG_CONFIG_HOME", ".config");
  if (name == "data" || name == "localData") return base_dir(env, "XDG_DATA_HOME", ".local/share");
  if (name == "cache") return base_dir(env, "XDG_CACHE_HOME", ".cache");
  if (name == "appConfig") {
    WEFT_TRY_ASSIGN(std::string base, base_dir(env, "XDG_CONFIG_HOME", ".config"));
    return base + "/" + id;
  }
  if (name == "appData" || name == "appLocalData") {
    WEFT_TRY_ASSIGN(std::string base, base_dir(env, "XDG_DATA_HOME", ".local/share"));
    return base + "/" + id;
  }
  if (name == "appLog") {
    WEFT_TRY_ASSIGN(std::string base, base_dir(env, "XDG_DATA_HOME", ".local/share"));
    return base + "/" + id + "/logs";
  }
  if (name == "appCache") {
    WEFT_TRY_ASSIGN(std::string base, base_dir(env, "XDG_CACHE_HOME", ".cache"));
    return base + "/" + id;
  }
  if (name == "runtime") {
    if (std::optional<std::string> value = env("XDG_RUNTIME_DIR"); value && is_absolute_path(*value))
      return normalize_path(*value);
    return fail(Error::input("cannot resolve the runtime folder: $XDG_RUNTIME_DIR is not set"));
  }
  if (name == "temp") {
    std::optional<std::string> value = env("TMPDIR");
    return normalize_path(value && is_absolute_path(*value) ? *value : std::string("/tmp"));
  }
  for (const UserDir& dir : k_user_dirs)
    if (name == dir.name) return user_dir(env, dir);
  std::string known;
  for (std::string_view candidate : directory_names()) known += (known.empty() ? "" : ", ") + std::string(candidate);
  return fail(Error::input("unknown directory `" + std::string(name) + "`").with_hint("one of " + known));
}

std::string normalize_path(std::string_view path) {
  const bool absolute = is_absolute_path(path);
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!absolute) parts.push_back(part);
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '/';
    out += parts[i];
  }
  return out.empty() ? "." : out;
}

std::string join_paths(const std::vector<std::string>& parts) {
  std::string joined;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!joined.empty()) joined += '/';
    joined += part;
  }
  return normalize_path(joined);
}

std::string dirname_of(std::string_view path) {
  std::string normal = normalize_path(path);
  const size_t slash = normal.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return normal.substr(0, slash);
}

std::string basename_of(std::string_view path, std::string_view suffix) {
  std::string normal = normalize_path(path);
  if (normal == "/") return "";
  std::string base = normal.substr(normal.rfind('/') == std::string::npos ? 0 : normal.rfind('/') + 1);
  if (!suffix.empty() && base.size() > suffix.size() && base.ends_with(suffix)) base.resize(base.size() - suffix.size());
  return base;
}

std::string extname_of(std::string_view path) {
  const std::string base = basename_of(path);
  const size_t dot = base.rfind('.');
  if (dot == std::string::npos || dot == 0) return "";
  return base.substr(dot + 1);
}

bool is_absolute_path(std::string_view path) { return !path.empty() && path.front() == '/'; }

} // namespace weft::runtime

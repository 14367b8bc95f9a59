#include "resource_files.hpp"

#include <weft/base/glob.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <sys/stat.h>

namespace weft::bundlers {

namespace {

namespace fs = std::filesystem;

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

std::vector<std::string> split_path(std::string_view p) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= p.size()) {
    size_t slash = p.find('/', start);
    std::string part(p.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (!part.empty() && part != ".") parts.push_back(part);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

void add_tree(const fs::path& path, std::vector<fs::path>& out) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file(ec)) out.push_back(it->path());
  } else if (fs::is_regular_file(path, ec)) {
    out.push_back(path);
  }
}

void match(const fs::path& dir, const std::vector<std::string>& parts, size_t i, std::vector<fs::path>& out) {
  std::error_code ec;
  if (i == parts.size()) {
    add_tree(dir, out);
    return;
  }
  const std::string& part = parts[i];
  if (part == "**") {
    match(dir, parts, i + 1, out);
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_directory(ec)) match(it->path(), parts, i, out);
    return;
  }
  if (!has_wildcard(part)) {
    fs::path next = dir / part;
    if (fs::exists(fs::symlink_status(next, ec))) match(next, parts, i + 1, out);
    return;
  }
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.starts_with('.') && !part.starts_with('.')) continue;
    if (glob_match(part, name)) match(it->path(), parts, i + 1, out);
  }
}

bool inside(const fs::path& root, const fs::path& path) {
  auto r = root.begin(), p = path.begin();
  for (; r != root.end(); ++r, ++p)
    if (p == path.end() || *r != *p) return false;
  return true;
}

// A destination: relative, '/'-separated, without `..`.
std::optional<std::string> clean_destination(std::string_view d) {
  if (d.starts_with('/')) return std::nullopt;
  std::string out;
  for (const std::string& part : split_path(d)) {
    if (part == "..") return std::nullopt;
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::string relative_string(const fs::path& path, const fs::path& base) {
  return path.lexically_relative(base).generic_string();
}

} // namespace

std::vector<fs::path> expand_project_glob(const fs::path& root, std::string_view pattern) {
  std::vector<fs::path> out;
  match(root, split_path(pattern), 0, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<ProjectFile>> collect_resources(const BundleContext& context) {
  const nlohmann::json& resources = context.value("/bundle/resources");
  std::vector<ProjectFile> files;
  if (resources.is_null()) return files;
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(fs::absolute(context.manifest->project_dir), ec);

  std::vector<std::tuple<std::string, std::optional<std::string>, std::string>> entries; // pattern, dest, pointer
  if (resources.is_array()) {
    for (size_t i = 0; i < resources.size(); ++i)
      entries.emplace_back(resources[i].get<std::string>(), std::nullopt, fmt::format("/bundle/resources/{}", i));
  } else {
    for (auto it = resources.begin(); it != resources.end(); ++it)
      entries.emplace_back(it.key(), it.value().get<std::string>(),
                           "/bundle/resources/" + config::pointer_token(it.key()));
  }

  for (const auto& [pattern, destination, pointer] : entries) {
    const std::string what = fmt::format("resource `{}`", pattern);
    fs::path lexical = (root / pattern).lexically_normal();
    if (fs::path(pattern).is_absolute() || !inside(root, lexical))
      return fail(context.error_at(pointer, fmt::format("{} is outside the project folder", what))
                      .with_hint("resources are paths or globs relative to weft.conf.json inside the project"));
    std::optional<std::string> dest;
    if (destination) {
      dest = clean_destination(*destination);
      if (!dest)
        return fail(context.error_at(pointer, fmt::format("{}: destination `{}` leaves the resource folder", what,
                                                          *destination))
                        .with_hint("destinations are relative paths without `..`"));
    }
    std::vector<fs::path> matched = expand_project_glob(root, pattern);
    if (matched.empty())
      return fail(context.error_at(pointer, fmt::format("{} matches no file", what))
                      .with_hint(fmt::format("paths and globs are relative to {}", root.string())));
    // The part of the pattern before its first wildcard: a map destination
    // replaces it (Tauri's `"assets/*": "data/"` puts assets/x in data/x).
    std::vector<std::string> parts = split_path(pattern);
    fs::path fixed = root;
    for (const std::string& part : parts) {
      if (has_wildcard(part)) break;
      fixed /= part;
    }
    const bool pattern_is_file = !has_wildcard(pattern) && fs::is_regular_file(root / pattern, ec);
    if (pattern_is_file) fixed = fixed.parent_path();

    for (const fs::path& path : matched) {
      fs::path real = fs::weakly_canonical(path, ec);
      if (ec || !inside(root, real))
        return fail(context.error_at(pointer, fmt::format("{}: {} resolves outside the project folder", what,
                                                          relative_string(path, root)))
                        .with_hint("a symlink among the resources points out of the project; copy the file in"));
      ProjectFile file;
      file.source = real;
      std::string below = relative_string(path, fixed);
      if (!dest) {
        file.destination = relative_string(path.lexically_normal(), root);
      } else if (pattern_is_file && !destination->ends_with('/')) {
        file.destination = *dest;
      } else {
        file.destination = dest->empty() ? below : *dest + "/" + below;
      }
      struct stat st {};
      file.executable = ::stat(real.c_str(), &st) == 0 && (st.st_mode & S_IXUSR);
      files.push_back(std::move(file));
    }
  }
  return files;
}

Result<std::vector<fs::path>> collect_icon_files(const BundleContext& context) {
  const nlohmann::json& icons = context.value("/bundle/icon");
  std::vector<fs::path> out;
  if (!icons.is_array()) return out;
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(fs::absolute(context.manifest->project_dir), ec);
  for (size_t i = 0; i < icons.size(); ++i) {
    const std::string pattern = icons[i].get<std::string>();
    const std::string pointer = fmt::format("/bundle/icon/{}", i);
    if (fs::path(pattern).is_absolute() || !inside(root, (root / pattern).lexically_normal()))
      return fail(context.error_at(pointer, fmt::format("icon `{}` is outside the project folder", pattern)));
    std::vector<fs::path> matched = expand_project_glob(root, pattern);
    if (matched.empty())
      return fail(context.error_at(pointer, fmt::format("icon `{}` matches no file", pattern))
                      .with_hint("run `weft icon` to make the icon set"));
    for (const fs::path& p : matched)
      if (p.extension() == ".png") out.push_back(p);
  }
  return out;
}

} // namespace weft::bundlers

#include "served_path.hpp"

#include <algorithm>

namespace weft::cli {

namespace fs = std::filesystem;

namespace {

bool lexically_under(const fs::path& path, const fs::path& dir) {
  if (dir.empty()) return false;
  const fs::path relative = path.lexically_normal().lexically_relative(dir.lexically_normal());
  return !relative.empty() && *relative.begin() != "..";
}

} // namespace

FrontendRoot FrontendRoot::folder(const fs::path& dir) {
  FrontendRoot root;
  root.m_dir = fs::absolute(dir).lexically_normal();
  std::error_code error;
  root.m_canonical_dir = fs::canonical(root.m_dir, error);
  if (error) root.m_canonical_dir = root.m_dir;
  return root;
}

FrontendRoot FrontendRoot::files(std::map<std::string, fs::path> files) {
  FrontendRoot root;
  root.m_files = std::move(files);
  for (auto& [name, file] : root.m_files) file = fs::absolute(file).lexically_normal();
  return root;
}

ServedPath FrontendRoot::resolve(std::string_view path) const {
  ServedPath out;
  const bool folder_request = path.empty() || path.ends_with('/');
  fs::path relative;
  std::string_view rest = path;
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      out.kind = Served::forbidden;
      return out;
    }
    relative /= std::string(part);
  }

  if (m_dir.empty()) {
    std::string name = relative.generic_string();
    if (folder_request) name = name.empty() ? "index.html" : name + "/index.html";
    if (auto it = m_files.find(name); it != m_files.end()) {
      out.kind = Served::file;
      out.file = it->second;
    }
    return out;
  }

  fs::path candidate = m_dir / relative;
  if (folder_request) candidate /= "index.html";
  std::error_code error;
  const fs::path real = fs::canonical(candidate, error);
  if (error) return out;
  if (real != m_canonical_dir && !lexically_under(real, m_canonical_dir)) {
    out.kind = Served::forbidden;
    return out;
  }
  const fs::file_status status = fs::status(real, error);
  if (fs::is_directory(status)) {
    if (folder_request) return out;
    out.kind = Served::redirect;
    out.location = std::string(path) + "/";
  } else if (fs::is_regular_file(status)) {
    out.kind = Served::file;
    out.file = real;
  }
  return out;
}

bool FrontendRoot::contains(const fs::path& changed) const {
  if (!m_dir.empty()) return lexically_under(changed, m_dir) || lexically_under(changed, m_canonical_dir);
  const fs::path normal = changed.lexically_normal();
  return std::any_of(m_files.begin(), m_files.end(), [&](const auto& entry) { return entry.second == normal; });
}

} // namespace weft::cli

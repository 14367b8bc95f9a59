#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace weft::cli {

enum class Served { file, redirect, not_found, forbidden };

struct ServedPath {
  Served kind = Served::not_found;
  std::filesystem::path file; // Served::file: the file to send
  std::string location;       // Served::redirect: where (a folder's path with its '/')
};

// What the built-in dev server serves: build.frontendDist, a folder read as
// it is at each request, or a list of files served at the root.
class FrontendRoot {
public:
  static FrontendRoot folder(const std::filesystem::path& dir);
  static FrontendRoot files(std::map<std::string, std::filesystem::path> files);

  // A decoded request path ("/", "/js/main.js") to what answers it: a folder
  // gives its index.html ("/sub" redirects to "/sub/"); a `..` component, or
  // a symbolic link leading out of the folder, is forbidden.
  ServedPath resolve(std::string_view path) const;

  // Whether a changed path (absolute) is part of the frontend.
  bool contains(const std::filesystem::path& changed) const;

  // The folder, or empty for a list of files.
  const std::filesystem::path& dir() const { return m_dir; }

private:
  std::filesystem::path m_dir;           // as given (absolute)
  std::filesystem::path m_canonical_dir; // symbolic links resolved
  std::map<std::string, std::filesystem::path> m_files;
};

} // namespace weft::cli

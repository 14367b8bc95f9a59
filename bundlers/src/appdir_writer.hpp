#pragma once

#include <weft/base/error.hpp>

#include <sys/types.h>

#include <filesystem>
#include <string_view>

namespace weft::bundlers {

// Writes the files of an AppDir being assembled in the bundle's work folder
// (nothing here is an output: the AppImage made from it is).
class AppDirWriter {
public:
  explicit AppDirWriter(std::filesystem::path root) : m_root(std::move(root)) {}

  const std::filesystem::path& root() const { return m_root; }
  // `path` is relative to the AppDir; parent folders are made as needed.
  Result<void> copy(const std::filesystem::path& source, std::string_view path, mode_t mode);
  Result<void> write(std::string_view path, std::string_view content, mode_t mode);
  Result<void> symlink(std::string_view path, std::string_view target);
  Result<void> directory(std::string_view path);

private:
  Result<std::filesystem::path> prepare(std::string_view path);

  std::filesystem::path m_root;
};

} // namespace weft::bundlers

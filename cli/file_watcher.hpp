#pragma once

#include <weft/base/error.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace weft::cli {

// Files ignored by a project's .gitignore and .weftignore (at its root): the
// common subset of the gitignore syntax (`#` comments, `!` negation, a
// leading or inner `/` anchoring to the root, a trailing `/` for folders
// only, `*` and `?`), plus target/, node_modules/ and hidden entries always.
class IgnoreRules {
public:
  static IgnoreRules load(const std::filesystem::path& root);
  void add_line(std::string_view line);
  // `relative`: '/'-separated, relative to the root.
  bool ignored(std::string_view relative, bool is_dir) const;

private:
  struct Rule {
    std::string pattern;
    bool negate = false;
    bool anchored = false;
    bool dir_only = false;
  };
  std::vector<Rule> m_rules;
};

// inotify watches of folder trees (new folders are watched as they appear)
// and single files. Events for ignored paths are dropped.
class FileWatcher {
public:
  static Result<FileWatcher> open(const std::filesystem::path& root, IgnoreRules rules);
  FileWatcher(FileWatcher&& other) noexcept;
  FileWatcher& operator=(FileWatcher&&) = delete;
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;
  ~FileWatcher();

  // Watches `dir` and every folder under it but `excluded` ones; a folder
  // that does not exist is skipped.
  Result<void> watch_tree(const std::filesystem::path& dir, const std::vector<std::filesystem::path>& excluded);

  // The descriptor to poll for readability.
  int fd() const { return m_fd; }

  // The paths changed since the last call (absolute), without blocking.
  std::vector<std::filesystem::path> take_changes();

private:
  FileWatcher(int fd, std::filesystem::path root, IgnoreRules rules)
      : m_fd(fd), m_root(std::move(root)), m_rules(std::move(rules)) {}
  bool skip(const std::filesystem::path& path, bool is_dir) const;
  void add_dir(const std::filesystem::path& dir);

  int m_fd = -1;
  std::filesystem::path m_root;
  IgnoreRules m_rules;
  std::vector<std::filesystem::path> m_excluded;
  std::map<int, std::filesystem::path> m_dirs; // watch descriptor -> folder
};

} // namespace weft::cli

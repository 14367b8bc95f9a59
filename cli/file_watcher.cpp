#include "file_watcher.hpp"

#include <weft/base/file.hpp>
#include <weft/base/glob.hpp>

#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <sstream>

namespace weft::cli {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t k_events =
    IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF;

bool always_ignored(std::string_view name) {
  return name == "target" || name == "node_modules" || name.starts_with('.') || name.ends_with('~');
}

} // namespace

IgnoreRules IgnoreRules::load(const fs::path& root) {
  IgnoreRules rules;
  for (const char* name : {".gitignore", ".weftignore"}) {
    auto text = read_file(root / name);
    if (!text) continue;
    std::istringstream lines(*text);
    for (std::string line; std::getline(lines, line);) rules.add_line(line);
  }
  return rules;
}

void IgnoreRules::add_line(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  if (line.empty() || line.front() == '#') return;
  Rule rule;
  if (line.front() == '!') {
    rule.negate = true;
    line.remove_prefix(1);
  }
  if (line.ends_with('/')) {
    rule.dir_only = true;
    line.remove_suffix(1);
  }
  if (line.starts_with('/')) {
    rule.anchored = true;
    line.remove_prefix(1);
  } else if (line.find('/') != std::string_view::npos) {
    rule.anchored = true;
  }
  if (line.empty()) return;
  rule.pattern = std::string(line);
  m_rules.push_back(std::move(rule));
}

bool IgnoreRules::ignored(std::string_view relative, bool is_dir) const {
  // Each leading folder is checked too: what is under an ignored folder is ignored.
  size_t start = 0;
  for (;;) {
    const size_t slash = relative.find('/', start);
    const std::string_view prefix = relative.substr(0, slash);
    const std::string_view name = prefix.substr(start);
    const bool prefix_is_dir = slash != std::string_view::npos || is_dir;
    if (always_ignored(name)) return true;
    bool result = false;
    for (const Rule& rule : m_rules) {
      if (rule.dir_only && !prefix_is_dir) continue;
      if (glob_match(rule.pattern, rule.anchored ? prefix : name)) result = !rule.negate;
    }
    if (result) return true;
    if (slash == std::string_view::npos) return false;
    start = slash + 1;
  }
}

Result<FileWatcher> FileWatcher::open(const fs::path& root, IgnoreRules rules) {
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return fail(Error::io("inotify", errno, "start"));
  return FileWatcher(fd, fs::absolute(root).lexically_normal(), std::move(rules));
}

FileWatcher::FileWatcher(FileWatcher&& other) noexcept
    : m_fd(other.m_fd), m_root(std::move(other.m_root)), m_rules(std::move(other.m_rules)),
      m_excluded(std::move(other.m_excluded)), m_dirs(std::move(other.m_dirs)) {
  other.m_fd = -1;
}

FileWatcher::~FileWatcher() {
  if (m_fd >= 0) ::close(m_fd);
}

bool FileWatcher::skip(const fs::path& path, bool is_dir) const {
  for (const fs::path& excluded : m_excluded) {
    const auto mismatch = std::mismatch(excluded.begin(), excluded.end(), path.begin(), path.end());
    if (mismatch.first == excluded.end()) return true;
  }
  const fs::path relative = path.lexically_relative(m_root);
  if (relative.empty() || *relative.begin() == "..") return false; // outside the root: no rules apply
  if (relative == ".") return false;
  return m_rules.ignored(relative.generic_string(), is_dir);
}

void FileWatcher::add_dir(const fs::path& dir) {
  if (skip(dir, true)) return;
  const int wd = ::inotify_add_watch(m_fd, dir.c_str(), k_events | IN_ONLYDIR);
  if (wd < 0) return; // gone meanwhile, or not a folder
  m_dirs[wd] = dir;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec) && !it->is_symlink(ec)) add_dir(it->path());
}

Result<void> FileWatcher::watch_tree(const fs::path& dir, const std::vector<fs::path>& excluded) {
  for (const fs::path& e : excluded) m_excluded.push_back(fs::absolute(e).lexically_normal());
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return {};
  add_dir(fs::absolute(dir).lexically_normal());
  return {};
}

std::vector<fs::path> FileWatcher::take_changes() {
  std::vector<fs::path> changed;
  alignas(inotify_event) char buffer[16384];
  for (;;) {
    const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t offset = 0; offset < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
      offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      auto dir = m_dirs.find(event->wd);
      if (dir == m_dirs.end()) continue;
      if (event->mask & IN_IGNORED) {
        m_dirs.erase(dir);
        continue;
      }
      const fs::path path = event->len > 0 ? dir->second / event->name : dir->second;
      const bool is_dir = (event->mask & IN_ISDIR) != 0;
      if (skip(path, is_dir)) continue;
      if (is_dir && (event->mask & (IN_CREATE | IN_MOVED_TO))) add_dir(path);
      changed.push_back(path);
    }
  }
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  return changed;
}

} // namespace weft::cli

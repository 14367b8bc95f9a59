#include <weft/base/atomic_file.hpp>
#include <weft/base/file.hpp>
#include <weft/base/interrupt.hpp>
#include <weft/base/parallel.hpp>
#include <weft/bundlers/icon_output.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace weft::bundlers {

namespace fs = std::filesystem;

namespace {

// fsync dominates the commits and waits on the disk, not the CPU: overlap
// several (measured on this kind of machine: 100 files take 0.8 s one at a
// time, about 0.15 s eight at a time).
constexpr unsigned k_commit_threads = 8;

// Folders this run created, removed again (deepest first) unless kept.
class CreatedFolders {
public:
  ~CreatedFolders() {
    if (m_keep) return;
    for (auto it = m_folders.rbegin(); it != m_folders.rend(); ++it) ::rmdir(it->c_str());
  }
  void keep() { m_keep = true; }

  Result<void> ensure(const fs::path& dir) {
    std::vector<fs::path> missing;
    for (fs::path d = dir; !d.empty(); d = d.parent_path()) {
      struct stat st {};
      if (::stat(d.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) return fail(Error::io(d.string(), ENOTDIR, "create a folder in"));
        break;
      }
      missing.push_back(d);
      if (d == d.root_path() || d.parent_path() == d) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      if (::mkdir(it->c_str(), 0755) != 0) return fail(Error::io(it->string(), errno, "create the folder"));
      m_folders.push_back(*it);
    }
    return {};
  }

private:
  std::vector<fs::path> m_folders;
  bool m_keep = false;
};

// Whether `target` already holds exactly `bytes`; an error when something
// other than a regular file is in the way.
Result<bool> already_there(const fs::path& target, const std::string& bytes) {
  struct stat st {};
  if (::lstat(target.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return false;
    return fail(Error::io(target.string(), errno, "inspect"));
  }
  if (!S_ISREG(st.st_mode))
    return fail(Error::at(Location{target.string(), 0, 0, {}, {}},
                          "is in the way: not a regular file; move it away and run again"));
  if (static_cast<std::size_t>(st.st_size) != bytes.size() || (st.st_mode & 07777) != k_mode_file) return false;
  Result<std::string> existing = read_file(target);
  return existing && *existing == bytes;
}

} // namespace

Result<std::vector<WriteOutcome>> write_icon_files(const fs::path& dir, std::span<const GeneratedFile> files) {
  std::vector<WriteOutcome> outcomes(files.size(), WriteOutcome::unchanged);
  std::vector<std::size_t> changed;
  for (std::size_t i = 0; i < files.size(); ++i) {
    WEFT_TRY_ASSIGN(bool same, already_there(dir / fs::path(files[i].path), files[i].bytes));
    if (!same) changed.push_back(i);
  }
  if (changed.empty()) return outcomes;

  CreatedFolders folders;
  std::vector<AtomicFile> staged;
  {
    std::set<fs::path> parents;
    for (std::size_t i : changed) parents.insert((dir / fs::path(files[i].path)).parent_path());
    for (const fs::path& parent : parents) WEFT_TRY(folders.ensure(parent));
  }
  staged.reserve(changed.size());
  for (std::size_t i : changed) {
    WEFT_TRY_ASSIGN(AtomicFile file, AtomicFile::create(dir / fs::path(files[i].path), k_mode_file));
    WEFT_TRY(file.write(files[i].bytes));
    staged.push_back(std::move(file));
  }
  if (interrupted()) return fail(Error::interrupted());

  // From here on the folders stay: renamed files may be in them.
  folders.keep();
  WEFT_TRY(parallel_for(staged.size(), k_commit_threads, [&](std::size_t k) { return staged[k].commit(); }));
  for (std::size_t i : changed) outcomes[i] = WriteOutcome::written;
  return outcomes;
}

} // namespace weft::bundlers

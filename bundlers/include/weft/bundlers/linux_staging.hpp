#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/bundle_context.hpp>
#include <weft/bundlers/deb_dependencies.hpp>

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace weft::bundlers {

enum class EntryKind { directory, file, symlink };

// One path of the installed tree.
struct StagedEntry {
  std::string path; // relative to /, e.g. "usr/bin/hello"; never "" or absolute
  EntryKind kind = EntryKind::file;
  mode_t mode = 0644;
  std::filesystem::path source; // the content on disk, or
  std::string content;          // the content itself when `source` is empty
  std::string link_target;
  uint64_t size = 0;
};

// The tree deb, rpm and AppImage install, made once: the stripped binary,
// sidecars, resources, icons, .desktop, AppStream metainfo, MIME types and
// man pages. Sources stay where they are (only the stripped binaries are
// written, into the context's work folder).
struct LinuxStaging {
  std::string package_name; // lowercase [a-z0-9+.-], from productName
  std::string binary_name;  // usr/bin/<binary_name>
  std::string resource_dir; // usr/lib/<package_name>
  std::string summary;      // one line
  std::string description;  // paragraph
  std::vector<StagedEntry> entries;   // files and symlinks, sorted by path
  std::vector<std::string> own_dirs;  // directories only this package uses, sorted
  std::vector<PackagedObject> elf_objects;
  std::vector<Error> warnings;

  void add(StagedEntry entry);
  void add_owned_dir(std::string path);
  // Sorts entries bytewise; a path added twice is an input error naming it.
  Result<void> finish();
  uint64_t total_size() const;
};

// productName in Debian's package-name characters: ASCII-folded, lowercase,
// other characters turned into `-`; the identifier's last segment when that
// leaves fewer than two characters.
std::string linux_package_name(std::string_view product_name, std::string_view identifier);

Result<LinuxStaging> stage_linux(const BundleContext& context);

// Adds a format's extra files (bundle.linux.deb.files, ….rpm.files: an
// absolute path in the package → a file of the project, at `pointer`) and
// returns the package paths it added.
Result<std::vector<std::string>> add_package_files(const BundleContext& context, std::string_view pointer,
                                                   LinuxStaging& staging);

// gzip -9n: maximum compression, no name or timestamp (man pages, changelogs).
std::string gzip_max(std::string_view data);

} // namespace weft::bundlers

#include "appimage_portable.hpp"

#include "library_exclude_list.hpp"
#include "shared_libraries.hpp"

#include <weft/base/file.hpp>
#include <weft/bundlers/elf_reader.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace weft::bundlers {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_webkit_library = "libwebkit2gtk-4.1.so.0";
constexpr std::string_view k_webkit_dir = "webkit2gtk-4.1";
// AppRun (templates/linux/AppRun-portable) opens usr/lib/webkit2gtk-4.1 on
// this descriptor.
constexpr std::string_view k_webkit_helper_dir = "/proc/self/fd/9";
constexpr auto k_webkit_helpers = std::to_array<std::string_view>({"WebKitWebProcess", "WebKitNetworkProcess"});
constexpr std::string_view k_webkit_injected_bundle = "injected-bundle/libwebkit2gtkinjectedbundle.so";

// Modules a library loads at run time from a folder of its own, copied
// when the app needs that library. `cache` (beside `host_dir`) lists the
// modules by absolute path; the copy names them by file name alone.
struct ModuleSet {
  std::string_view library;  // the soname that loads them
  std::string_view host_dir; // under /usr/lib/<multiarch>
  std::string_view appdir;   // where they go in the AppDir
  std::string_view cache;    // "" when none
};

constexpr auto k_module_sets = std::to_array<ModuleSet>({
    {"libgdk_pixbuf-2.0.so.0", "gdk-pixbuf-2.0/2.10.0/loaders", "usr/lib/gdk-pixbuf-2.0/loaders", "loaders.cache"},
    {"libgtk-3.so.0", "gtk-3.0/3.0.0/immodules", "usr/lib/gtk-3.0/3.0.0/immodules", "immodules.cache"},
    {"libgio-2.0.so.0", "gio/modules", "usr/lib/gio/modules", ""},
});

// Data the libraries read from /usr/share (found through XDG_DATA_DIRS and
// GSETTINGS_SCHEMA_DIR in the AppDir); a folder's files, not its subfolders.
struct DataFiles {
  std::string_view library;
  std::string_view path; // relative to /
  bool folder;
};

constexpr auto k_data_files = std::to_array<DataFiles>({
    // GSettings schemas, compiled (GTK's file chooser and settings read them).
    {"libgio-2.0.so.0", "usr/share/glib-2.0/schemas/gschemas.compiled", false},
    // shared-mime-info's compiled database: gdk-pixbuf finds an image's
    // format through GIO's content types, so without it even GTK's own PNG
    // icons fail to load and GTK aborts.
    {"libgio-2.0.so.0", "usr/share/mime", true},
    // The fallback icon theme's index.
    {"libgtk-3.so.0", "usr/share/icons/hicolor/index.theme", false},
});

std::vector<fs::path> shared_objects_in(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".so" && entry.is_regular_file(ec)) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

// The cache's quoted absolute module paths ("<dir>/x.so") as bare names.
std::string relocate_cache(std::string text, const fs::path& host_dir) {
  const std::string prefix = "\"" + host_dir.string() + "/";
  for (size_t at; (at = text.find(prefix)) != std::string::npos;) text.replace(at, prefix.size(), "\"");
  return text;
}

// libwebkit2gtk with its helper folder replaced by k_webkit_helper_dir.
Result<std::string> relocate_webkit(const fs::path& library, const fs::path& host_helper_dir) {
  WEFT_TRY_ASSIGN(std::string bytes, read_file(library));
  const std::string old_dir = host_helper_dir.string();
  if (old_dir.size() < k_webkit_helper_dir.size() || replace_path_string(bytes, old_dir, k_webkit_helper_dir) == 0)
    return fail(Error::input(fmt::format("{}: the helper folder {} is not in it, so the AppImage could not find "
                                         "WebKitGTK's helper processes",
                                         library.string(), old_dir))
                    .with_hint("set bundle.linux.appimage.portable to false to use the system's WebKitGTK"));
  return bytes;
}

} // namespace

size_t replace_path_string(std::string& bytes, std::string_view old_path, std::string_view new_path) {
  if (new_path.size() > old_path.size()) return 0;
  std::string replacement(new_path);
  replacement.append(old_path.size() - new_path.size(), '/');
  const std::string needle = std::string(old_path) + '\0';
  size_t count = 0;
  for (size_t at = 0; (at = bytes.find(needle, at)) != std::string::npos; at += needle.size()) {
    if (at > 0 && bytes[at - 1] != '\0') continue; // the tail of a longer string
    bytes.replace(at, old_path.size(), replacement);
    ++count;
  }
  return count;
}

Result<void> add_portable_runtime(const BundleContext& context, const std::vector<fs::path>& elf_files,
                                  AppDirWriter& appdir) {
  const std::vector<fs::path> dirs = host_library_dirs("/", context.target.multiarch);
  const fs::path host_lib = fs::path("/usr/lib") / context.target.multiarch;
  WEFT_TRY_ASSIGN(std::vector<SharedLibrary> direct,
                  needed_libraries(elf_files, dirs, context.target.elf_machine, is_excluded_library, {}));
  auto needs = [&](std::string_view soname) {
    return std::any_of(direct.begin(), direct.end(), [&](const SharedLibrary& l) { return l.soname == soname; });
  };

  // Modules and helpers are roots of the library closure too.
  std::vector<fs::path> roots = elf_files;
  struct Copy {
    fs::path source;
    std::string path;
    mode_t mode;
  };
  std::vector<Copy> copies;
  const fs::path webkit_helpers = host_lib / k_webkit_dir;
  if (needs(k_webkit_library)) {
    std::vector<std::string_view> files(k_webkit_helpers.begin(), k_webkit_helpers.end());
    files.push_back(k_webkit_injected_bundle);
    for (std::string_view file : files) {
      const fs::path source = webkit_helpers / file;
      std::error_code ec;
      if (!fs::is_regular_file(source, ec))
        return fail(Error::input(
                        fmt::format("{}: no such file; a portable AppImage ships WebKitGTK's helpers", source.string()))
                        .with_hint("install libwebkit2gtk-4.1-0 completely, or set bundle.linux.appimage.portable "
                                   "to false"));
      roots.push_back(source);
      const bool program = file.find('/') == std::string_view::npos;
      copies.push_back({source, fmt::format("usr/lib/{}/{}", k_webkit_dir, file), mode_t(program ? 0755 : 0644)});
    }
  }
  for (const ModuleSet& set : k_module_sets) {
    if (!needs(set.library)) continue;
    const fs::path dir = host_lib / set.host_dir;
    for (const fs::path& module : shared_objects_in(dir)) {
      roots.push_back(module);
      copies.push_back({module, fmt::format("{}/{}", set.appdir, module.filename().string()), 0644});
    }
    if (set.cache.empty()) continue;
    const fs::path cache = dir.parent_path() / set.cache;
    std::error_code ec;
    if (!fs::is_regular_file(cache, ec)) continue;
    WEFT_TRY_ASSIGN(std::string text, read_file(cache));
    WEFT_TRY(appdir.write(fmt::format("{}/{}", fs::path(set.appdir).parent_path().string(), set.cache),
                          relocate_cache(std::move(text), dir), 0644));
  }
  for (const DataFiles& data : k_data_files) {
    if (!needs(data.library)) continue;
    const fs::path host = fs::path("/") / data.path;
    std::error_code ec;
    if (!data.folder) {
      if (fs::is_regular_file(host, ec)) copies.push_back({host, std::string(data.path), 0644});
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(host, ec))
      if (entry.is_regular_file(ec)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) copies.push_back({f, fmt::format("{}/{}", data.path, f.filename().string()), 0644});
  }

  std::vector<std::string> provided;
  WEFT_TRY_ASSIGN(std::vector<SharedLibrary> libraries,
                  needed_libraries(roots, dirs, context.target.elf_machine, is_excluded_library, provided));
  for (const SharedLibrary& lib : libraries) {
    const std::string path = "usr/lib/" + lib.soname;
    if (lib.soname == k_webkit_library) {
      WEFT_TRY_ASSIGN(std::string patched, relocate_webkit(lib.source, webkit_helpers));
      WEFT_TRY(appdir.write(path, patched, 0644));
      continue;
    }
    WEFT_TRY(appdir.copy(lib.source, path, 0644));
  }
  for (const Copy& c : copies) WEFT_TRY(appdir.copy(c.source, c.path, c.mode));
  return {};
}

} // namespace weft::bundlers

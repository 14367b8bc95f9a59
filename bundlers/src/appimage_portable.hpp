#pragma once

#include "appdir_writer.hpp"

#include <weft/base/error.hpp>
#include <weft/bundlers/bundle_context.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace weft::bundlers {

// What a portable AppImage carries besides the app, so that it runs where
// GTK and WebKitGTK are not installed: every library the app's ELF files
// need, recursively (except k_excluded_libraries), into usr/lib; and, when
// those libraries include them, WebKitGTK's helper processes and injected
// bundle (usr/lib/webkit2gtk-4.1), GIO modules (usr/lib/gio/modules),
// compiled GSettings schemas and MIME database, gdk-pixbuf loaders and GTK
// input methods with their caches rewritten to bare file names (found
// through LD_LIBRARY_PATH). AppRun points GTK, GIO and WebKitGTK at them.
//
// WebKitGTK starts its helpers from a folder compiled into the library; the
// copy in the AppImage has that string replaced, same length, by
// /proc/self/fd/9/…: AppRun opens usr/lib/webkit2gtk-4.1 as descriptor 9,
// which the app inherits, so the UI process finds the helpers wherever the
// AppImage is mounted, and no shared path in /tmp is involved.
Result<void> add_portable_runtime(const BundleContext& context, const std::vector<std::filesystem::path>& elf_files,
                                  AppDirWriter& appdir);

// Replaces each NUL-terminated string that is exactly `old_path` in `bytes`
// by `new_path` padded with '/' to the same length (a path that means the
// same with the extra slashes); returns how many were replaced. 0 when
// `new_path` is longer.
size_t replace_path_string(std::string& bytes, std::string_view old_path, std::string_view new_path);

} // namespace weft::bundlers

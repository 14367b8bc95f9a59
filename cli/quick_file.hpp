#pragma once

#include <weft/base/atomic_file.hpp>
#include <weft/base/error.hpp>

#include <filesystem>
#include <string_view>

namespace weft::cli {

// Writes `bytes` to a temporary file beside `path` and renames it into
// place: the file appears complete or not at all. Unlike AtomicFile it does
// not fsync, for many small files that are cheap to make again (scaffolds,
// content-addressed caches), where one fsync per file would cost more than
// the work. Replace::no refuses an existing file in the same rename.
Result<void> write_file_quick(const std::filesystem::path& path, std::string_view bytes,
                              Replace replace = Replace::yes);

} // namespace weft::cli

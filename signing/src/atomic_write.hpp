#pragma once

#include <weft/base/error.hpp>

#include <filesystem>
#include <string_view>
#include <sys/types.h>

namespace weft::signing::detail {

enum class Overwrite { yes, no };

// Writes `content` to a temporary file beside `path` with `mode` (umask not
// applied), fsyncs it, then moves it into place: with Overwrite::no the move
// fails if `path` exists (link(2), so no check-then-write race).
//
// Stand-in until base/ has AtomicFile (base/include/weft/base/atomic_file.hpp);
// switch the callers over then.
Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content, mode_t mode,
                               Overwrite overwrite);

} // namespace weft::signing::detail

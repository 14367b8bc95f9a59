#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/icon_generator.hpp>

#include <filesystem>
#include <span>
#include <vector>

namespace weft::bundlers {

enum class WriteOutcome { written, unchanged };

// Writes generated icons under `dir`, all or nothing as far as a file system
// allows: every target is checked first (a folder or other non-file in the
// way fails before anything is written), every changed file is written to a
// temporary name, and only when all are complete are they renamed into
// place. A file whose bytes are already there is left alone (its mtime too),
// so a re-run changes nothing. On failure before the renames, the folders it
// created are removed again. Returns one outcome per file.
Result<std::vector<WriteOutcome>> write_icon_files(const std::filesystem::path& dir,
                                                   std::span<const GeneratedFile> files);

} // namespace weft::bundlers

#pragma once

#include <weft/base/error.hpp>
#include <weft/base/process.hpp>

#include <cstdint>
#include <filesystem>

namespace weft::bundlers {

struct SquashfsOptions {
  // Every timestamp in the image (files and the filesystem itself):
  // SOURCE_DATE_EPOCH, so that the same tree always gives the same bytes.
  int64_t timestamp = 0;
  // zstd level 1-22 (mksquashfs's default is 15).
  int zstd_level = 15;
};

// Makes a squashfs image of the directory `source` at `output` (replaced)
// with mksquashfs from squashfs-tools: zstd, every file owned by root, every
// timestamp `options.timestamp`, no extended attributes, root directory mode
// 0755, and mksquashfs's reproducible mode (directory entries sorted by name,
// the same bytes whatever the number of processors). A missing mksquashfs is
// an Error::tool naming the Debian package.
Result<void> make_squashfs(ProcessRunner& runner, const std::filesystem::path& source,
                           const std::filesystem::path& output, const SquashfsOptions& options);

} // namespace weft::bundlers

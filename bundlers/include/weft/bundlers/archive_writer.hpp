#pragma once

#include <weft/base/error.hpp>
#include <weft/signing/digest.hpp>

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::bundlers {

enum class ArchiveFormat { tar, cpio };

enum class Compression { none, gzip, xz, zstd };

struct CompressionInfo {
  Compression compression;
  std::string_view name;   // as in the manifest's `compression`
  std::string_view suffix; // of data.tar in a deb
  int default_level;
};

// Default levels, chosen by measurement on a 190 MB half-random half-text
// payload (bench/RESULTS.md). gzip and zstd run on every core.
inline constexpr auto k_compressions = std::to_array<CompressionInfo>({
    {Compression::none, "none", "", 0},
    {Compression::gzip, "gzip", ".gz", 6},
    {Compression::xz, "xz", ".xz", 6},
    {Compression::zstd, "zstd", ".zst", 3},
});

const CompressionInfo& compression_info(Compression compression);
std::optional<Compression> parse_compression(std::string_view name);

struct ArchiveSettings {
  ArchiveFormat format = ArchiveFormat::tar;
  Compression compression = Compression::none;
  int level = 0;   // 0: the codec's default above
  int threads = 0; // 0: one per core
  int64_t mtime = 0;
};

// A tar (GNU) or cpio (newc) stream written through libarchive in which
// nothing depends on the machine or the moment: the caller adds entries in
// the order it wants them (bundlers sort them), every entry is owned by
// root:root (uid/gid 0), has the given mode and the fixed mtime, inode
// numbers count up from 1, and compressed streams carry no timestamp or name
// (gzip is written as 1 MiB members compressed in parallel; see
// stream_compressor.hpp).
// Bytes are appended to `fd` (the caller's temporary file) as they are made;
// file contents are read in chunks, so memory does not grow with the payload.
class ArchiveWriter {
public:
  static Result<ArchiveWriter> open(int fd, std::string display_path, const ArchiveSettings& settings);

  ArchiveWriter(ArchiveWriter&& other) noexcept;
  ArchiveWriter& operator=(ArchiveWriter&& other) noexcept;
  ~ArchiveWriter();

  Result<void> add_directory(std::string_view path, mode_t mode);
  // `digests` (may be empty) see the entry's content as it is written.
  Result<void> add_bytes(std::string_view path, std::string_view data, mode_t mode,
                         std::vector<signing::DigestStream*> digests = {});
  Result<void> add_file(std::string_view path, const std::filesystem::path& source, mode_t mode,
                        std::vector<signing::DigestStream*> digests = {});
  Result<void> add_symlink(std::string_view path, std::string_view target);

  // The compressed bytes written so far also go through this digest.
  void digest_output(signing::DigestStream* digest);

  // Ends the archive and flushes the compressor.
  Result<void> finish();
  uint64_t bytes_written() const;

private:
  struct Impl;
  explicit ArchiveWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace weft::bundlers

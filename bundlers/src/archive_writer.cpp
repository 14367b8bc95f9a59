#include <weft/bundlers/archive_writer.hpp>

#include "stream_compressor.hpp"

#include <weft/base/interrupt.hpp>

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace weft::bundlers {

namespace {

constexpr size_t k_chunk_size = size_t{1} << 20;

struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};
using EntryPtr = std::unique_ptr<archive_entry, EntryFree>;

} // namespace

const CompressionInfo& compression_info(Compression compression) {
  for (const CompressionInfo& info : k_compressions)
    if (info.compression == compression) return info;
  return k_compressions.front();
}

std::optional<Compression> parse_compression(std::string_view name) {
  for (const CompressionInfo& info : k_compressions)
    if (info.name == name) return info.compression;
  return std::nullopt;
}

struct ArchiveWriter::Impl {
  archive* a = nullptr;
  int fd = -1;
  std::string display_path;
  ArchiveSettings settings;
  uint64_t written = 0;
  int64_t next_inode = 1;
  int write_errno = 0;
  std::optional<Error> callback_error;
  std::unique_ptr<StreamCompressor> compressor; // gzip and zstd; xz goes through libarchive
  std::vector<signing::DigestStream*> output_digests;
  std::vector<char> buffer;

  ~Impl() {
    if (a) archive_write_free(a);
  }

  Result<void> write_out(std::string_view bytes) {
    const char* p = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
      ssize_t n = ::write(fd, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        write_errno = errno;
        return fail(Error::io(display_path, errno, "write"));
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    for (signing::DigestStream* d : output_digests) d->update(bytes);
    written += bytes.size();
    return {};
  }

  static la_ssize_t write_callback(archive*, void* data, const void* bytes, size_t length) {
    auto* self = static_cast<Impl*>(data);
    if (interrupted()) {
      self->callback_error = Error::interrupted();
      return -1;
    }
    std::string_view chunk(static_cast<const char*>(bytes), length);
    Result<void> r = self->compressor ? self->compressor->write(chunk) : self->write_out(chunk);
    if (!r) {
      self->callback_error = std::move(r).error();
      return -1;
    }
    return static_cast<la_ssize_t>(length);
  }

  Error failure(std::string_view action) const {
    if (callback_error) return *callback_error;
    if (write_errno != 0) return Error::io(display_path, write_errno, "write");
    const char* reason = a ? archive_error_string(a) : nullptr;
    return Error(ExitCode::tool, fmt::format("{}: {}: {}", display_path, action, reason ? reason : "libarchive failed"));
  }

  EntryPtr entry(std::string_view path, mode_t type, mode_t mode) {
    EntryPtr e(archive_entry_new());
    archive_entry_copy_pathname(e.get(), std::string(path).c_str());
    archive_entry_set_filetype(e.get(), type);
    archive_entry_set_perm(e.get(), mode & 07777);
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    archive_entry_copy_uname(e.get(), "root");
    archive_entry_copy_gname(e.get(), "root");
    archive_entry_set_mtime(e.get(), settings.mtime, 0);
    archive_entry_set_nlink(e.get(), type == AE_IFDIR ? 2 : 1);
    if (settings.format == ArchiveFormat::cpio) {
      archive_entry_set_ino64(e.get(), next_inode++);
      archive_entry_set_dev(e.get(), 0);
    }
    return e;
  }

  Result<void> header(archive_entry* e, std::string_view path) {
    if (archive_write_header(a, e) != ARCHIVE_OK) return fail(failure(fmt::format("cannot add {}", path)));
    return {};
  }

  Result<void> data(std::string_view bytes, std::string_view path) {
    if (bytes.empty()) return {};
    la_ssize_t n = archive_write_data(a, bytes.data(), bytes.size());
    if (n < 0 || static_cast<size_t>(n) != bytes.size()) return fail(failure(fmt::format("cannot write {}", path)));
    return {};
  }
};

ArchiveWriter::ArchiveWriter(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ArchiveWriter::ArchiveWriter(ArchiveWriter&& other) noexcept = default;
ArchiveWriter& ArchiveWriter::operator=(ArchiveWriter&& other) noexcept = default;
ArchiveWriter::~ArchiveWriter() = default;

Result<ArchiveWriter> ArchiveWriter::open(int fd, std::string display_path, const ArchiveSettings& settings) {
  auto impl = std::make_unique<Impl>();
  impl->fd = fd;
  impl->display_path = std::move(display_path);
  impl->settings = settings;
  impl->a = archive_write_new();
  archive* a = impl->a;
  if (!a) return fail(Error(ExitCode::tool, "libarchive: out of memory"));
  int rc = settings.format == ArchiveFormat::tar ? archive_write_set_format_gnutar(a)
                                                 : archive_write_set_format_cpio_newc(a);
  if (rc != ARCHIVE_OK) return fail(impl->failure("archive format"));

  const int level = settings.level > 0 ? settings.level : compression_info(settings.compression).default_level;
  const unsigned threads =
      settings.threads > 0 ? static_cast<unsigned>(settings.threads) : std::max(1u, std::thread::hardware_concurrency());
  std::string options;
  switch (settings.compression) {
  case Compression::none: rc = archive_write_add_filter_none(a); break;
  case Compression::gzip:
  case Compression::zstd: {
    rc = archive_write_add_filter_none(a);
    Impl* self = impl.get();
    impl->compressor = make_stream_compressor(settings.compression, level, threads,
                                              [self](std::string_view bytes) { return self->write_out(bytes); });
    break;
  }
  case Compression::xz:
    rc = archive_write_add_filter_xz(a);
    // liblzma's multi-threaded encoder cuts the stream into blocks that do not
    // depend on the thread count, but its single-threaded one writes one
    // block: always the former, so every machine gives the same bytes.
    options = fmt::format("xz:compression-level={},xz:threads={}", level, std::max(threads, 2u));
    break;
  }
  if (rc != ARCHIVE_OK) return fail(impl->failure("compression"));
  if (!options.empty() && archive_write_set_options(a, options.c_str()) != ARCHIVE_OK)
    return fail(impl->failure(fmt::format("compression options {}", options)));
  // No padding to a block size: the stream ends where its data ends.
  archive_write_set_bytes_per_block(a, 0);
  if (archive_write_open2(a, impl.get(), nullptr, &Impl::write_callback, nullptr, nullptr) != ARCHIVE_OK)
    return fail(impl->failure("cannot start archive"));
  impl->buffer.resize(k_chunk_size);
  return ArchiveWriter(std::move(impl));
}

Result<void> ArchiveWriter::add_directory(std::string_view path, mode_t mode) {
  EntryPtr e = m_impl->entry(path, AE_IFDIR, mode);
  archive_entry_set_size(e.get(), 0);
  return m_impl->header(e.get(), path);
}

Result<void> ArchiveWriter::add_bytes(std::string_view path, std::string_view data, mode_t mode,
                                      std::vector<signing::DigestStream*> digests) {
  EntryPtr e = m_impl->entry(path, AE_IFREG, mode);
  archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
  WEFT_TRY(m_impl->header(e.get(), path));
  for (signing::DigestStream* d : digests) d->update(data);
  return m_impl->data(data, path);
}

Result<void> ArchiveWriter::add_file(std::string_view path, const std::filesystem::path& source, mode_t mode,
                                     std::vector<signing::DigestStream*> digests) {
  int fd = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(Error::io(source.string(), errno, "open"));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(Error::io(source.string(), errno, "stat"));
  EntryPtr e = m_impl->entry(path, AE_IFREG, mode);
  archive_entry_set_size(e.get(), static_cast<la_int64_t>(st.st_size));
  WEFT_TRY(m_impl->header(e.get(), path));
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  uint64_t left = static_cast<uint64_t>(st.st_size);
  while (left > 0) {
    if (interrupted()) return fail(Error::interrupted());
    ssize_t n = ::read(fd, m_impl->buffer.data(), std::min<uint64_t>(left, m_impl->buffer.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(Error::io(source.string(), errno, "read"));
    if (n == 0) return fail(Error::input(fmt::format("{}: file shrank while it was being packaged", source.string())));
    std::string_view chunk(m_impl->buffer.data(), static_cast<size_t>(n));
    for (signing::DigestStream* d : digests) d->update(chunk);
    WEFT_TRY(m_impl->data(chunk, path));
    left -= static_cast<uint64_t>(n);
  }
  return {};
}

Result<void> ArchiveWriter::add_symlink(std::string_view path, std::string_view target) {
  EntryPtr e = m_impl->entry(path, AE_IFLNK, 0777);
  archive_entry_copy_symlink(e.get(), std::string(target).c_str());
  archive_entry_set_size(e.get(), 0);
  return m_impl->header(e.get(), path);
}

void ArchiveWriter::digest_output(signing::DigestStream* digest) { m_impl->output_digests.push_back(digest); }

Result<void> ArchiveWriter::finish() {
  if (archive_write_close(m_impl->a) != ARCHIVE_OK) return fail(m_impl->failure("cannot finish archive"));
  if (m_impl->compressor) return m_impl->compressor->finish();
  return {};
}

uint64_t ArchiveWriter::bytes_written() const { return m_impl->written; }

} // namespace weft::bundlers

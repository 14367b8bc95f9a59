#include <weft/bundlers/appimage_file.hpp>

#include <weft/base/atomic_file.hpp>
#include <weft/base/hex.hpp>
#include <weft/bundlers/appimage_runtime.hpp>
#include <weft/bundlers/squashfs.hpp>
#include <weft/signing/file_digest.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

namespace weft::bundlers {

namespace {

// A file name reserved beside the output for mksquashfs, removed on every
// path out.
class TemporaryFile {
public:
  static Result<TemporaryFile> beside(const std::filesystem::path& output, std::string_view suffix) {
    std::string pattern =
        (output.parent_path() / fmt::format(".{}.{}-XXXXXX", output.filename().string(), suffix)).string();
    const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd < 0) return fail(Error::io(output.parent_path().string(), errno, "create a temporary file in"));
    ::close(fd);
    return TemporaryFile(pattern);
  }
  TemporaryFile(TemporaryFile&& other) noexcept : m_path(std::exchange(other.m_path, {})) {}
  TemporaryFile& operator=(TemporaryFile&&) = delete;
  ~TemporaryFile() {
    if (!m_path.empty()) ::unlink(m_path.c_str());
  }
  const std::filesystem::path& path() const { return m_path; }

private:
  explicit TemporaryFile(std::filesystem::path path) : m_path(std::move(path)) {}
  std::filesystem::path m_path;
};

Result<void> check_appdir(const std::filesystem::path& appdir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(appdir, ec))
    return fail(Error::input(fmt::format("AppDir {} is not a directory", appdir.string())));
  const std::filesystem::path apprun = appdir / "AppRun";
  struct stat st {};
  if (::stat(apprun.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & S_IXUSR) == 0)
    return fail(Error::input(fmt::format("{} is missing or not an executable file", apprun.string()))
                    .with_hint("an AppDir runs through its AppRun"));
  return {};
}

// Appends the whole of `source` to `out` at its current offset, in the
// kernel where it can.
Result<void> append_file(const std::filesystem::path& source, int out, const std::filesystem::path& output) {
  const int in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return fail(Error::io(source.string(), errno, "read"));
  struct stat st {};
  if (::fstat(in, &st) != 0) {
    const int error = errno;
    ::close(in);
    return fail(Error::io(source.string(), error, "read"));
  }
  auto remaining = static_cast<uint64_t>(st.st_size);
  bool kernel_copy = true;
  std::vector<char> buffer;
  while (remaining > 0) {
    ssize_t copied = -1;
    if (kernel_copy) {
      copied = ::copy_file_range(in, nullptr, out, nullptr, remaining, 0);
      if (copied < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
        kernel_copy = false;
        buffer.resize(1 << 20);
        continue;
      }
    } else {
      copied = ::read(in, buffer.data(), buffer.size());
      if (copied > 0) {
        for (ssize_t done = 0; done < copied;) {
          const ssize_t written = ::write(out, buffer.data() + done, static_cast<size_t>(copied - done));
          if (written < 0 && errno == EINTR) continue;
          if (written < 0) {
            const int error = errno;
            ::close(in);
            return fail(Error::io(output.string(), error, "write"));
          }
          done += written;
        }
      }
    }
    if (copied < 0 && errno == EINTR) continue;
    if (copied <= 0) {
      const int error = copied == 0 ? EIO : errno;
      ::close(in);
      return fail(Error::io(output.string(), error, "write"));
    }
    remaining -= static_cast<uint64_t>(copied);
  }
  ::close(in);
  return {};
}

Result<void> write_section(AtomicFile& file, const AppImageRuntime& runtime, const ElfSection& section,
                           const std::filesystem::path& output) {
  const char* data = runtime.bytes().data() + section.offset;
  for (uint64_t done = 0; done < section.size;) {
    const ssize_t written = ::pwrite(file.fd(), data + done, section.size - done, static_cast<off_t>(section.offset + done));
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return fail(Error::io(output.string(), written < 0 ? errno : EIO, "write"));
    done += static_cast<uint64_t>(written);
  }
  return {};
}

// Fills .sha256_sig and .sig_key of the complete, still temporary file.
Result<void> sign(ProcessRunner& runner, AppImageRuntime& runtime, AtomicFile& file,
                  const std::filesystem::path& output, const signing::GpgKey& key) {
  WEFT_TRY_ASSIGN(signing::Sha256Digest digest, signing::sha256_of_descriptor(file.fd(), output.string()));
  WEFT_TRY_ASSIGN(std::string signature,
                  signing::gpg_detach_sign(runner, key, hex_lower(digest), output.parent_path()));
  WEFT_TRY_ASSIGN(std::string public_key, signing::gpg_export_public_key(runner, key));
  WEFT_TRY(runtime.set_signature(signature, public_key));
  WEFT_TRY(write_section(file, runtime, runtime.signature_section(), output));
  return write_section(file, runtime, runtime.signature_key_section(), output);
}

} // namespace

Result<void> write_appimage(ProcessRunner& runner, const std::filesystem::path& appdir,
                            const std::filesystem::path& output, const AppImageFileOptions& options) {
  WEFT_TRY(check_appdir(appdir));
  WEFT_TRY_ASSIGN(AppImageRuntime runtime, AppImageRuntime::load(options.runtime));
  if (!options.update_information.empty()) WEFT_TRY(runtime.set_update_information(options.update_information));

  const std::filesystem::path target = std::filesystem::absolute(output);
  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec) return fail(Error::io(target.parent_path().string(), ec.value(), "create"));

  WEFT_TRY_ASSIGN(TemporaryFile squashfs, TemporaryFile::beside(target, "squashfs"));
  WEFT_TRY(make_squashfs(runner, appdir, squashfs.path(),
                         SquashfsOptions{.timestamp = options.timestamp, .zstd_level = options.zstd_level}));

  WEFT_TRY_ASSIGN(AtomicFile file, AtomicFile::create(target, k_mode_executable));
  WEFT_TRY(file.write(runtime.bytes()));
  WEFT_TRY(append_file(squashfs.path(), file.fd(), target));
  if (options.signing) WEFT_TRY(sign(runner, runtime, file, target, *options.signing));
  return file.commit();
}

} // namespace weft::bundlers

#include <weft/signing/file_digest.hpp>

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <memory>
#include <vector>

namespace weft::signing {

namespace {

// Large enough that system calls cost nothing next to hashing, small enough
// to stay in L2: 256 KiB.
constexpr size_t k_chunk_size = size_t{256} << 10;

class FileDescriptor {
public:
  explicit FileDescriptor(int fd) : m_fd(fd) {}
  ~FileDescriptor() {
    if (m_fd >= 0) ::close(m_fd);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return m_fd; }

private:
  int m_fd;
};

} // namespace

struct Blake2b512Stream::Impl {
  EVP_MD_CTX* ctx = nullptr;
  bool ok = false;
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Blake2b512Stream::Blake2b512Stream() : m_impl(std::make_unique<Impl>()) {
  m_impl->ctx = EVP_MD_CTX_new();
  EVP_MD* md = EVP_MD_fetch(nullptr, "BLAKE2B-512", nullptr);
  m_impl->ok = m_impl->ctx && md && EVP_DigestInit_ex(m_impl->ctx, md, nullptr) == 1;
  EVP_MD_free(md);
  if (!m_impl->ok) ERR_clear_error();
}

Blake2b512Stream::~Blake2b512Stream() = default;

Result<void> Blake2b512Stream::update(std::span<const uint8_t> data) {
  if (!m_impl->ok) return fail(Error::tool("OpenSSL", "BLAKE2B-512 is not available"));
  if (EVP_DigestUpdate(m_impl->ctx, data.data(), data.size()) != 1) {
    ERR_clear_error();
    return fail(Error::tool("OpenSSL", "BLAKE2B-512 update failed"));
  }
  return {};
}

Result<Blake2b512Digest> Blake2b512Stream::finish() {
  if (!m_impl->ok) return fail(Error::tool("OpenSSL", "BLAKE2B-512 is not available"));
  Blake2b512Digest out{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(m_impl->ctx, out.data(), &length) != 1 || length != out.size()) {
    ERR_clear_error();
    return fail(Error::tool("OpenSSL", "BLAKE2B-512 finish failed"));
  }
  m_impl->ok = false;
  return out;
}

Result<Blake2b512Digest> blake2b512_file(const std::filesystem::path& path, const std::atomic<bool>* cancel) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return fail(Error::io(path.string(), errno, "read"));
  struct stat st {};
  if (::fstat(fd.get(), &st) == 0 && S_ISDIR(st.st_mode)) return fail(Error::io(path.string(), EISDIR, "read"));
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);

  Blake2b512Stream hash;
  std::vector<uint8_t> buffer(k_chunk_size);
  for (;;) {
    if (cancel && cancel->load(std::memory_order_relaxed)) return fail(Error::interrupted());
    ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(Error::io(path.string(), errno, "read"));
    }
    WEFT_TRY(hash.update(std::span<const uint8_t>(buffer.data(), static_cast<size_t>(n))));
  }
  return hash.finish();
}

Result<Sha256Digest> sha256_of_descriptor(int fd, const std::string& name) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    ERR_clear_error();
    return fail(Error::tool("OpenSSL", "SHA-256 is not available"));
  }
  std::vector<uint8_t> buffer(k_chunk_size);
  for (off_t offset = 0;;) {
    ssize_t n = ::pread(fd, buffer.data(), buffer.size(), offset);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(Error::io(name, errno, "read"));
    }
    if (EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<size_t>(n)) != 1) {
      ERR_clear_error();
      return fail(Error::tool("OpenSSL", "SHA-256 update failed"));
    }
    offset += n;
  }
  Sha256Digest out{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx.get(), out.data(), &length) != 1 || length != out.size()) {
    ERR_clear_error();
    return fail(Error::tool("OpenSSL", "SHA-256 finish failed"));
  }
  return out;
}

} // namespace weft::signing

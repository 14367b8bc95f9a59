#include <weft/signing/digest.hpp>

#include <openssl/evp.h>

#include <cerrno>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace weft::signing {

namespace {

const EVP_MD* evp_md(DigestAlgorithm algorithm) {
  switch (algorithm) {
  case DigestAlgorithm::md5: return EVP_md5();
  case DigestAlgorithm::sha1: return EVP_sha1();
  case DigestAlgorithm::sha256: return EVP_sha256();
  }
  return EVP_sha256();
}

} // namespace

struct DigestStream::Impl {
  EVP_MD_CTX* ctx = nullptr;
  const EVP_MD* md = nullptr;
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

DigestStream::DigestStream(DigestAlgorithm algorithm) : m_impl(std::make_unique<Impl>()) {
  m_impl->md = evp_md(algorithm);
  m_impl->ctx = EVP_MD_CTX_new();
  // These digests are built into libcrypto; failing here means no memory.
  if (!m_impl->ctx || EVP_DigestInit_ex(m_impl->ctx, m_impl->md, nullptr) != 1)
    throw std::runtime_error("OpenSSL digest initialisation failed");
}

DigestStream::~DigestStream() = default;
DigestStream::DigestStream(DigestStream&& other) noexcept = default;
DigestStream& DigestStream::operator=(DigestStream&& other) noexcept = default;

void DigestStream::update(std::span<const uint8_t> data) { EVP_DigestUpdate(m_impl->ctx, data.data(), data.size()); }

void DigestStream::update(std::string_view data) { EVP_DigestUpdate(m_impl->ctx, data.data(), data.size()); }

std::vector<uint8_t> DigestStream::finish() {
  std::vector<uint8_t> out(static_cast<size_t>(EVP_MD_get_size(m_impl->md)));
  unsigned int length = 0;
  EVP_DigestFinal_ex(m_impl->ctx, out.data(), &length);
  out.resize(length);
  EVP_DigestInit_ex(m_impl->ctx, m_impl->md, nullptr);
  return out;
}

std::vector<uint8_t> digest_bytes(DigestAlgorithm algorithm, std::string_view data) {
  DigestStream stream(algorithm);
  stream.update(data);
  return stream.finish();
}

Result<std::vector<uint8_t>> digest_file(DigestAlgorithm algorithm, const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(Error::io(path.string(), errno, "open"));
  DigestStream stream(algorithm);
  std::vector<uint8_t> buffer(size_t{256} << 10);
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return fail(Error::io(path.string(), e, "read"));
    }
    if (n == 0) break;
    stream.update(std::span<const uint8_t>(buffer.data(), static_cast<size_t>(n)));
  }
  ::close(fd);
  return stream.finish();
}

} // namespace weft::signing

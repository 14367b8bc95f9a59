#pragma once

#include <weft/base/error.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace weft::signing {

// The digests package formats record: md5 (deb md5sums, the rpm header+payload
// MD5), sha1 (rpm header SHA1), sha256 (rpm file and header digests, --json).
enum class DigestAlgorithm { md5, sha1, sha256 };

// Incremental hash through OpenSSL's EVP interface.
class DigestStream {
public:
  explicit DigestStream(DigestAlgorithm algorithm);
  ~DigestStream();
  DigestStream(DigestStream&& other) noexcept;
  DigestStream& operator=(DigestStream&& other) noexcept;
  DigestStream(const DigestStream&) = delete;
  DigestStream& operator=(const DigestStream&) = delete;

  void update(std::span<const uint8_t> data);
  void update(std::string_view data);
  // The digest; the stream starts over afterwards.
  std::vector<uint8_t> finish();

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

std::vector<uint8_t> digest_bytes(DigestAlgorithm algorithm, std::string_view data);
// Reads the file in fixed-size chunks.
Result<std::vector<uint8_t>> digest_file(DigestAlgorithm algorithm, const std::filesystem::path& path);

} // namespace weft::signing

#pragma once

#include <weft/base/error.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

namespace weft::signing {

using Blake2b512Digest = std::array<uint8_t, 64>;

// Incremental BLAKE2b-512 through OpenSSL (EVP "BLAKE2B-512"), the prehash
// of minisign's "ED" signatures.
class Blake2b512Stream {
public:
  Blake2b512Stream();
  ~Blake2b512Stream();
  Blake2b512Stream(const Blake2b512Stream&) = delete;
  Blake2b512Stream& operator=(const Blake2b512Stream&) = delete;

  Result<void> update(std::span<const uint8_t> data);
  Result<Blake2b512Digest> finish();

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Hashes a file in fixed-size chunks: memory use does not depend on the
// file's size. `cancel`, when given and set by another thread, stops the
// work early with an "interrupted" error.
Result<Blake2b512Digest> blake2b512_file(const std::filesystem::path& path,
                                         const std::atomic<bool>* cancel = nullptr);

using Sha256Digest = std::array<uint8_t, 32>;

// SHA-256 of everything an open file holds, read from offset 0 with pread
// (the descriptor's own offset is left alone). `name` is for errors.
Result<Sha256Digest> sha256_of_descriptor(int fd, const std::string& name);

} // namespace weft::signing

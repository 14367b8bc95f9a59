#pragma once

#include <weft/base/error.hpp>
#include <weft/signing/file_digest.hpp>
#include <weft/signing/minisign_key.hpp>
#include <weft/signing/minisign_signature.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace weft::signing {

inline constexpr std::string_view k_default_untrusted_comment = "signature from weft secret key";

struct SignOptions {
  // Seconds since the epoch; nothing = timestamp_now() (SOURCE_DATE_EPOCH or
  // the clock).
  std::optional<int64_t> timestamp;
  // The name recorded in the trusted comment; nothing = the file's own name.
  std::optional<std::string> file_name;
  // Binds the signature to an app version (`\tversion:<v>`).
  std::optional<std::string> version;
  std::string untrusted_comment = std::string(k_default_untrusted_comment);
  // Set from another thread to stop hashing early.
  const std::atomic<bool>* cancel = nullptr;
};

// Signs `path` as minisign's prehashed "ED" algorithm does: the file is read
// in chunks into BLAKE2b-512, the digest is signed, then the signature and
// the trusted comment are signed together.
Result<Signature> sign_file(const std::filesystem::path& path, const SecretKey& key, const SignOptions& options);

// The same once the digest is known (e.g. hashed while the key was being
// decrypted). `file_name` is what the trusted comment records.
Result<Signature> sign_digest(const Blake2b512Digest& digest, std::string_view file_name, const SecretKey& key,
                              const SignOptions& options);

// `<path>.sig` (appending, as Tauri does: App.AppImage -> App.AppImage.sig).
std::filesystem::path signature_path_for(const std::filesystem::path& path);

// Writes encode_sig_file(signature) to `sig_path` atomically (mode 0644).
Result<void> write_sig_file(const std::filesystem::path& sig_path, const Signature& signature);

struct VerifyOptions {
  // When set, the trusted comment must carry exactly this `version:`.
  std::optional<std::string> expected_version;
  const std::atomic<bool>* cancel = nullptr;
};

struct VerifiedSignature {
  TrustedComment comment;
  std::string trusted_comment;
  SignatureAlgorithm algorithm = SignatureAlgorithm::prehashed;
};

// Checks, in this order: the key id, the file signature, the global
// signature over the trusted comment, then the version binding. Each failure
// is one Error with a one-line cause (exit code 1).
Result<VerifiedSignature> verify_file(const std::filesystem::path& path, const PublicKey& key,
                                      const Signature& signature, const VerifyOptions& options = {});

} // namespace weft::signing

#include <weft/signing/sign_file.hpp>

#include <weft/base/file.hpp>
#include <weft/signing/reproducible_time.hpp>

#include <weft/base/atomic_file.hpp>

#include <fmt/format.h>

#include <vector>

namespace weft::signing {

namespace {

bool has_line_break_or_tab(std::string_view text) { return text.find_first_of("\t\r\n") != std::string_view::npos; }

Result<std::string> trusted_comment_for(std::string_view file_name, const SignOptions& options) {
  if (has_line_break_or_tab(file_name))
    return fail(Error::input(fmt::format("cannot sign `{}`: a tab or line break in the file name cannot go into "
                                         "the trusted comment",
                                         file_name)));
  if (options.version && (options.version->empty() || has_line_break_or_tab(*options.version)))
    return fail(Error::usage("--app-version must be non-empty, without tabs or line breaks"));
  TrustedComment comment;
  if (options.timestamp) {
    comment.timestamp = *options.timestamp;
  } else {
    WEFT_TRY_ASSIGN(comment.timestamp, timestamp_now());
  }
  comment.file = std::string(file_name);
  comment.version = options.version;
  return comment.format();
}

std::vector<uint8_t> global_message(const Signature& signature) {
  std::vector<uint8_t> message(signature.signature.begin(), signature.signature.end());
  message.insert(message.end(), signature.trusted_comment.begin(), signature.trusted_comment.end());
  return message;
}

} // namespace

Result<Signature> sign_digest(const Blake2b512Digest& digest, std::string_view file_name, const SecretKey& key,
                              const SignOptions& options) {
  if (has_line_break_or_tab(options.untrusted_comment))
    return fail(Error::usage("the untrusted comment must be one line"));
  Signature out;
  out.algorithm = SignatureAlgorithm::prehashed;
  out.key_id = key.id();
  out.untrusted_comment = options.untrusted_comment;
  WEFT_TRY_ASSIGN(out.trusted_comment, trusted_comment_for(file_name, options));
  WEFT_TRY_ASSIGN(out.signature, key.sign(digest));
  WEFT_TRY_ASSIGN(out.global_signature, key.sign(global_message(out)));
  return out;
}

Result<Signature> sign_file(const std::filesystem::path& path, const SecretKey& key, const SignOptions& options) {
  WEFT_TRY_ASSIGN(Blake2b512Digest digest, blake2b512_file(path, options.cancel));
  std::string name = options.file_name ? *options.file_name : path.filename().string();
  return sign_digest(digest, name, key, options);
}

std::filesystem::path signature_path_for(const std::filesystem::path& path) {
  std::filesystem::path out = path;
  out += ".sig";
  return out;
}

Result<void> write_sig_file(const std::filesystem::path& sig_path, const Signature& signature) {
  return write_file_atomic(sig_path, encode_sig_file(signature));
}

Result<VerifiedSignature> verify_file(const std::filesystem::path& path, const PublicKey& key,
                                      const Signature& signature, const VerifyOptions& options) {
  if (signature.key_id != key.id)
    return fail(Error::input(fmt::format("signature was made with key {}, but the public key is {}",
                                         signature.key_id.to_hex(), key.id.to_hex()))
                    .with_hint("the public key does not belong to the secret key that signed this file"));

  bool file_ok = false;
  if (signature.algorithm == SignatureAlgorithm::prehashed) {
    WEFT_TRY_ASSIGN(Blake2b512Digest digest, blake2b512_file(path, options.cancel));
    file_ok = ed25519_verify(key.key, digest, signature.signature);
  } else {
    // The legacy algorithm signs the file itself, so it must be in memory.
    WEFT_TRY_ASSIGN(std::string content, read_file(path));
    file_ok = ed25519_verify(
        key.key, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(content.data()), content.size()),
        signature.signature);
  }
  if (!file_ok)
    return fail(Error::input(fmt::format("signature does not match the content of {} (file altered, or signed "
                                         "by another key with the same id)",
                                         path.string())));

  if (!ed25519_verify(key.key, global_message(signature), signature.global_signature))
    return fail(Error::input("the trusted comment's signature is invalid (comment altered after signing)"));

  VerifiedSignature out;
  out.trusted_comment = signature.trusted_comment;
  out.comment = TrustedComment::parse(signature.trusted_comment);
  out.algorithm = signature.algorithm;
  if (options.expected_version) {
    if (!out.comment.version)
      return fail(Error::input(fmt::format("signature is not bound to a version (expected {}): signed without "
                                           "--app-version",
                                           *options.expected_version)));
    if (*out.comment.version != *options.expected_version)
      return fail(Error::input(
          fmt::format("signature is for version {}, expected {}", *out.comment.version, *options.expected_version)));
  }
  return out;
}

} // namespace weft::signing

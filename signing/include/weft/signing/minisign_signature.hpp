#pragma once

#include <weft/base/error.hpp>
#include <weft/signing/ed25519.hpp>
#include <weft/signing/minisign_key.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weft::signing {

// "ED": Ed25519 over BLAKE2b-512(file), what minisign ≥ 0.8, rsign and
// Tauri write. "Ed": Ed25519 over the file itself (minisign -l), verified
// but never written.
enum class SignatureAlgorithm { prehashed, legacy };

// A minisign signature, text form:
//   untrusted comment: <anything>
//   base64( alg (2) | key id (8) | signature (64) )
//   trusted comment: <text covered by the global signature>
//   base64( global signature (64) )
// global signature = Ed25519(signature | trusted comment).
struct Signature {
  SignatureAlgorithm algorithm = SignatureAlgorithm::prehashed;
  KeyId key_id;
  Ed25519Signature signature{};
  std::string untrusted_comment;
  std::string trusted_comment;
  Ed25519Signature global_signature{};

  static Result<Signature> parse(std::string_view text);
  std::string to_box() const;
};

// What weft and Tauri write to FILE.sig, and latest.json carries: base64 of
// the text form, one line, no newline.
std::string encode_sig_file(const Signature& signature);
// Accepts that form and the plain minisign text form (a .minisig file).
Result<Signature> decode_sig_file(std::string_view content);

// The trusted comment weft writes: `timestamp:<t>\tfile:<name>` and, when a
// version is given, `\tversion:<v>` (the form newer Tauri CLIs write and the
// updater's requireSignedVersion checks). Parsing is tolerant: fields are
// tab-separated `key:value` pairs, unknown ones ignored.
struct TrustedComment {
  std::optional<int64_t> timestamp;
  std::optional<std::string> file;
  std::optional<std::string> version;

  static TrustedComment parse(std::string_view text);
  std::string format() const;
};

} // namespace weft::signing

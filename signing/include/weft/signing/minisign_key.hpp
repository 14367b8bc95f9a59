#pragma once

#include <weft/base/error.hpp>
#include <weft/signing/ed25519.hpp>
#include <weft/signing/scrypt.hpp>
#include <weft/signing/secret.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace weft::signing {

// minisign's 8-byte key number. It ties signatures to keys: a signature
// names the key id it was made with, and verification refuses another key.
struct KeyId {
  std::array<uint8_t, 8> bytes{};

  // As minisign prints it: the bytes as a little-endian u64, upper-case hex,
  // 16 digits.
  std::string to_hex() const;
  bool operator==(const KeyId&) const = default;
};

// A minisign public key: "Ed" | key id (8) | Ed25519 public key (32), shown as
// base64 under an untrusted comment line.
struct PublicKey {
  KeyId id;
  Ed25519PublicKey key{};

  // The base64 line alone (what `minisign -P` takes).
  static Result<PublicKey> from_base64(std::string_view line);
  // The two-line text form (a minisign .pub file).
  static Result<PublicKey> from_box(std::string_view text);

  std::string to_base64() const;
  // "untrusted comment: minisign public key: <ID>\n<base64>\n"
  std::string to_box() const;
  // base64 of to_box(): the single line Tauri writes to key.pub and puts in
  // plugins.updater.pubkey.
  std::string to_tauri_form() const;
  bool operator==(const PublicKey&) const = default;
};

// A decrypted secret key. Its bytes are wiped when it is destroyed.
class SecretKey {
public:
  // `ed25519_key` is minisign's 64-byte form: seed (32) | public key (32).
  SecretKey(KeyId id, const std::array<uint8_t, 64>& ed25519_key);
  SecretKey(const SecretKey& other);
  SecretKey& operator=(const SecretKey& other);
  ~SecretKey();

  // A new random key pair.
  static Result<SecretKey> generate();

  const KeyId& id() const { return m_id; }
  PublicKey public_key() const;
  Result<Ed25519Signature> sign(std::span<const uint8_t> message) const;
  // The 64 bytes seed | public key, for sealing.
  const std::array<uint8_t, 64>& raw() const { return m_key; }

private:
  KeyId m_id;
  std::array<uint8_t, 64> m_key{};
};

enum class KeyEncryption { scrypt, none };

// A secret key as stored: the minisign text form, decrypted on open().
//   sig_alg "Ed" | kdf_alg "Sc" or 0x0000 | chk_alg "B2" | salt (32) |
//   opslimit u64le | memlimit u64le | key id (8) | key (64) | checksum (32)
// The last 104 bytes are XOR-ed with scrypt(password, salt) when encrypted;
// checksum = BLAKE2b-256(sig_alg | key id | key); `minisign -G -W` leaves it zero
// for unencrypted keys, which is accepted there.
class SecretKeyBox {
public:
  static constexpr size_t k_size = 158;

  // The two-line minisign text form (not Tauri's base64 of it: see
  // key_source.hpp, which accepts every form).
  static Result<SecretKeyBox> parse(std::string_view text);

  // Encrypts `key` under `password` with scrypt at the given limits.
  static Result<SecretKeyBox> seal(const SecretKey& key, const SecretString& password,
                                   uint64_t opslimit = k_default_opslimit,
                                   uint64_t memlimit = k_default_memlimit);
  // Stores `key` unencrypted, as `minisign -G -W` does.
  static SecretKeyBox seal_unencrypted(const SecretKey& key);

  SecretKeyBox(const SecretKeyBox& other) = default;
  SecretKeyBox& operator=(const SecretKeyBox& other) = default;
  ~SecretKeyBox();

  KeyEncryption encryption() const;
  // The scrypt parameters the key asks for (errors when out of range).
  Result<ScryptParams> scrypt_params() const;
  // Decrypts (the password is ignored for an unencrypted key) and checks the
  // checksum and that the public half matches the seed.
  Result<SecretKey> open(const SecretString& password) const;

  // "untrusted comment: …\n<base64>\n"
  std::string to_box() const;
  // base64 of to_box(), as `tauri signer generate` writes the key file.
  std::string to_tauri_form() const;

  const std::string& untrusted_comment() const { return m_comment; }
  const std::array<uint8_t, k_size>& bytes() const { return m_bytes; }

private:
  SecretKeyBox() = default;
  std::string m_comment;
  std::array<uint8_t, k_size> m_bytes{};
};

} // namespace weft::signing

#include <weft/signing/minisign_key.hpp>

#include <weft/signing/base64.hpp>
#include <weft/signing/blake2b.hpp>

#include "box_text.hpp"

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <cstring>

namespace weft::signing {

namespace {

using detail::k_untrusted_prefix;

// Byte offsets in the secret key.
constexpr size_t k_sig_alg = 0;
constexpr size_t k_kdf_alg = 2;
constexpr size_t k_chk_alg = 4;
constexpr size_t k_salt = 6;
constexpr size_t k_opslimit = 38;
constexpr size_t k_memlimit = 46;
constexpr size_t k_key_id = 54;
constexpr size_t k_key = 62;
constexpr size_t k_checksum = 126;
constexpr size_t k_sealed_size = SecretKeyBox::k_size - k_key_id; // key id | key | checksum = 104

constexpr size_t k_public_size = 42;

uint64_t load64_le(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void store64_le(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

std::string_view as_chars(const uint8_t* p, size_t n) { return {reinterpret_cast<const char*>(p), n}; }

// BLAKE2b-256(sig_alg | key id | key), the checksum minisign stores.
std::array<uint8_t, 32> checksum_of(const uint8_t* sig_alg, const uint8_t* key_id, const uint8_t* key) {
  Blake2b h(32);
  h.update({sig_alg, 2});
  h.update({key_id, 8});
  h.update({key, 64});
  std::array<uint8_t, 32> out{};
  h.finish(out);
  return out;
}

Error key_error(std::string what, std::string message) {
  return Error::input(fmt::format("{}: {}", what, message));
}

// The two lines of a key's text form: comment and decoded payload.
Result<std::pair<std::string, std::vector<uint8_t>>> parse_box(std::string_view text, const char* what,
                                                              size_t expected_size) {
  std::vector<std::string_view> lines = detail::split_lines(text);
  while (!lines.empty() && detail::trim(lines.back()).empty()) lines.pop_back();
  if (lines.empty() || !lines[0].starts_with(k_untrusted_prefix))
    return fail(key_error(what, "first line does not start with `untrusted comment:` (not a minisign key)"));
  if (lines.size() != 2)
    return fail(key_error(what, fmt::format("expected 2 lines, found {} (truncated or not a minisign key)",
                                            lines.size())));
  auto decoded = base64_decode(detail::trim(lines[1]));
  if (!decoded) return fail(key_error(what, "second line is " + decoded.error().message()));
  if (decoded->size() != expected_size)
    return fail(key_error(what, fmt::format("{} bytes, expected {} (truncated or not a minisign key)",
                                            decoded->size(), expected_size)));
  return std::make_pair(std::string(lines[0].substr(k_untrusted_prefix.size())), std::move(*decoded));
}

} // namespace

std::string KeyId::to_hex() const { return fmt::format("{:016X}", load64_le(bytes.data())); }

Result<PublicKey> PublicKey::from_base64(std::string_view line) {
  auto decoded = base64_decode(detail::trim(line));
  if (!decoded) return fail(key_error("public key", decoded.error().message()));
  if (decoded->size() != k_public_size)
    return fail(key_error("public key", fmt::format("{} bytes, expected {} (truncated or not a minisign key)",
                                                    decoded->size(), k_public_size)));
  const uint8_t* p = decoded->data();
  if (as_chars(p, 2) != "Ed")
    return fail(key_error("public key", fmt::format("unsupported signature algorithm `{}` (expected `Ed`)",
                                                    detail::printable(as_chars(p, 2)))));
  PublicKey key;
  std::memcpy(key.id.bytes.data(), p + 2, 8);
  std::memcpy(key.key.data(), p + 10, 32);
  return key;
}

Result<PublicKey> PublicKey::from_box(std::string_view text) {
  std::vector<std::string_view> lines = detail::split_lines(text);
  while (!lines.empty() && detail::trim(lines.back()).empty()) lines.pop_back();
  if (lines.empty() || !lines[0].starts_with(k_untrusted_prefix))
    return fail(key_error("public key", "first line does not start with `untrusted comment:` (not a minisign key)"));
  if (lines.size() != 2)
    return fail(key_error("public key", fmt::format("expected 2 lines, found {}", lines.size())));
  return from_base64(lines[1]);
}

std::string PublicKey::to_base64() const {
  std::array<uint8_t, k_public_size> raw{};
  raw[0] = 'E';
  raw[1] = 'd';
  std::memcpy(raw.data() + 2, id.bytes.data(), 8);
  std::memcpy(raw.data() + 10, key.data(), 32);
  return base64_encode(raw);
}

std::string PublicKey::to_box() const {
  return fmt::format("{}minisign public key: {}\n{}\n", k_untrusted_prefix, id.to_hex(), to_base64());
}

std::string PublicKey::to_tauri_form() const { return base64_encode(to_box()); }

SecretKey::SecretKey(KeyId id, const std::array<uint8_t, 64>& ed25519_key) : m_id(id), m_key(ed25519_key) {}

SecretKey::SecretKey(const SecretKey& other) : m_id(other.m_id), m_key(other.m_key) {}

SecretKey& SecretKey::operator=(const SecretKey& other) {
  m_id = other.m_id;
  m_key = other.m_key;
  return *this;
}

SecretKey::~SecretKey() { wipe(m_key.data(), m_key.size()); }

Result<SecretKey> SecretKey::generate() {
  KeyId id;
  WEFT_TRY(random_bytes(id.bytes));
  Ed25519Seed seed{};
  WEFT_TRY(random_bytes(seed));
  auto public_key = ed25519_public_key(seed);
  if (!public_key) {
    wipe(seed.data(), seed.size());
    return fail(public_key.error());
  }
  std::array<uint8_t, 64> raw{};
  std::memcpy(raw.data(), seed.data(), 32);
  std::memcpy(raw.data() + 32, public_key->data(), 32);
  SecretKey key(id, raw);
  wipe(seed.data(), seed.size());
  wipe(raw.data(), raw.size());
  return key;
}

PublicKey SecretKey::public_key() const {
  PublicKey out;
  out.id = m_id;
  std::memcpy(out.key.data(), m_key.data() + 32, 32);
  return out;
}

Result<Ed25519Signature> SecretKey::sign(std::span<const uint8_t> message) const {
  Ed25519Seed seed{};
  std::memcpy(seed.data(), m_key.data(), 32);
  auto signature = ed25519_sign(seed, message);
  wipe(seed.data(), seed.size());
  return signature;
}

Result<SecretKeyBox> SecretKeyBox::parse(std::string_view text) {
  WEFT_TRY_ASSIGN(auto parsed, parse_box(text, "secret key", k_size));
  SecretKeyBox box;
  box.m_comment = std::move(parsed.first);
  std::memcpy(box.m_bytes.data(), parsed.second.data(), k_size);
  wipe(parsed.second.data(), parsed.second.size());

  const uint8_t* b = box.m_bytes.data();
  if (as_chars(b + k_sig_alg, 2) != "Ed")
    return fail(key_error("secret key", fmt::format("unsupported signature algorithm `{}` (expected `Ed`)",
                                                    detail::printable(as_chars(b + k_sig_alg, 2)))));
  std::string_view kdf = as_chars(b + k_kdf_alg, 2);
  if (kdf != "Sc" && kdf != std::string_view("\0\0", 2))
    return fail(key_error("secret key", fmt::format("unsupported key derivation `{}` (expected `Sc` or none)",
                                                    detail::printable(kdf))));
  if (as_chars(b + k_chk_alg, 2) != "B2")
    return fail(key_error("secret key", fmt::format("unsupported checksum algorithm `{}` (expected `B2`)",
                                                    detail::printable(as_chars(b + k_chk_alg, 2)))));
  return box;
}

namespace {

std::array<uint8_t, SecretKeyBox::k_size> plain_bytes(const SecretKey& key, bool encrypted) {
  std::array<uint8_t, SecretKeyBox::k_size> b{};
  std::memcpy(b.data() + k_sig_alg, "Ed", 2);
  if (encrypted) std::memcpy(b.data() + k_kdf_alg, "Sc", 2);
  std::memcpy(b.data() + k_chk_alg, "B2", 2);
  std::memcpy(b.data() + k_key_id, key.id().bytes.data(), 8);
  std::memcpy(b.data() + k_key, key.raw().data(), 64);
  auto checksum = checksum_of(b.data() + k_sig_alg, b.data() + k_key_id, b.data() + k_key);
  std::memcpy(b.data() + k_checksum, checksum.data(), 32);
  return b;
}

} // namespace

Result<SecretKeyBox> SecretKeyBox::seal(const SecretKey& key, const SecretString& password, uint64_t opslimit,
                                        uint64_t memlimit) {
  WEFT_TRY_ASSIGN(ScryptParams params, scrypt_params_from_limits(opslimit, memlimit));
  SecretKeyBox box;
  box.m_comment = "minisign encrypted secret key";
  box.m_bytes = plain_bytes(key, true);
  uint8_t* b = box.m_bytes.data();
  WEFT_TRY(random_bytes({b + k_salt, 32}));
  store64_le(b + k_opslimit, opslimit);
  store64_le(b + k_memlimit, memlimit);
  std::array<uint8_t, k_sealed_size> stream{};
  auto derived = scrypt_derive(password.view(), {b + k_salt, 32}, params, stream);
  if (!derived) return fail(derived.error());
  for (size_t i = 0; i < k_sealed_size; ++i) b[k_key_id + i] ^= stream[i];
  wipe(stream.data(), stream.size());
  return box;
}

SecretKeyBox SecretKeyBox::seal_unencrypted(const SecretKey& key) {
  SecretKeyBox box;
  box.m_comment = "minisign secret key";
  box.m_bytes = plain_bytes(key, false);
  return box;
}

SecretKeyBox::~SecretKeyBox() { wipe(m_bytes.data(), m_bytes.size()); }

KeyEncryption SecretKeyBox::encryption() const {
  return m_bytes[k_kdf_alg] == 'S' ? KeyEncryption::scrypt : KeyEncryption::none;
}

Result<ScryptParams> SecretKeyBox::scrypt_params() const {
  auto params = scrypt_params_from_limits(load64_le(m_bytes.data() + k_opslimit),
                                          load64_le(m_bytes.data() + k_memlimit));
  if (!params) return fail(key_error("secret key", params.error().message() + ": corrupted key?"));
  return params;
}

Result<SecretKey> SecretKeyBox::open(const SecretString& password) const {
  std::array<uint8_t, k_size> b = m_bytes;
  bool encrypted = encryption() == KeyEncryption::scrypt;
  if (encrypted) {
    WEFT_TRY_ASSIGN(ScryptParams params, scrypt_params());
    std::array<uint8_t, k_sealed_size> stream{};
    auto derived = scrypt_derive(password.view(), {b.data() + k_salt, 32}, params, stream);
    if (!derived) {
      wipe(b.data(), b.size());
      return fail(derived.error());
    }
    for (size_t i = 0; i < k_sealed_size; ++i) b[k_key_id + i] ^= stream[i];
    wipe(stream.data(), stream.size());
  }
  auto expected = checksum_of(b.data() + k_sig_alg, b.data() + k_key_id, b.data() + k_key);
  bool checksum_ok = CRYPTO_memcmp(expected.data(), b.data() + k_checksum, 32) == 0;
  // `minisign -G -W` (0.11) leaves the checksum of an unencrypted key zero;
  // the seed/public-key check below still catches a corrupted key.
  if (!encrypted && !checksum_ok) {
    static constexpr std::array<uint8_t, 32> k_zero{};
    checksum_ok = std::memcmp(b.data() + k_checksum, k_zero.data(), 32) == 0;
  }
  if (!checksum_ok) {
    wipe(b.data(), b.size());
    if (encrypted)
      return fail(Error::input("wrong password for the secret key (or the key is corrupted: checksum mismatch)"));
    return fail(Error::input("secret key is corrupted: checksum mismatch"));
  }

  KeyId id;
  std::memcpy(id.bytes.data(), b.data() + k_key_id, 8);
  std::array<uint8_t, 64> raw{};
  std::memcpy(raw.data(), b.data() + k_key, 64);
  wipe(b.data(), b.size());
  SecretKey key(id, raw);
  wipe(raw.data(), raw.size());

  Ed25519Seed seed{};
  std::memcpy(seed.data(), key.raw().data(), 32);
  auto derived_public = ed25519_public_key(seed);
  wipe(seed.data(), seed.size());
  if (!derived_public) return fail(derived_public.error());
  if (std::memcmp(derived_public->data(), key.raw().data() + 32, 32) != 0)
    return fail(Error::input("secret key is corrupted: its public half does not match its seed"));
  return key;
}

std::string SecretKeyBox::to_box() const {
  return fmt::format("{}{}\n{}\n", k_untrusted_prefix, m_comment, base64_encode(m_bytes));
}

std::string SecretKeyBox::to_tauri_form() const { return base64_encode(to_box()); }

} // namespace weft::signing

#include <weft/signing/ed25519.hpp>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

namespace weft::signing {

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

Error openssl_error(const char* what) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  char text[256] = "unknown error";
  if (code != 0) ERR_error_string_n(code, text, sizeof text);
  return Error::tool("OpenSSL", std::string(what) + ": " + text);
}

PkeyPtr private_key(const Ed25519Seed& seed) {
  return PkeyPtr(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
}

} // namespace

Result<Ed25519PublicKey> ed25519_public_key(const Ed25519Seed& seed) {
  PkeyPtr key = private_key(seed);
  if (!key) return fail(openssl_error("cannot load an Ed25519 private key"));
  Ed25519PublicKey out{};
  size_t length = out.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), out.data(), &length) != 1 || length != out.size())
    return fail(openssl_error("cannot derive an Ed25519 public key"));
  return out;
}

Result<Ed25519Signature> ed25519_sign(const Ed25519Seed& seed, std::span<const uint8_t> message) {
  PkeyPtr key = private_key(seed);
  if (!key) return fail(openssl_error("cannot load an Ed25519 private key"));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
    return fail(openssl_error("cannot start an Ed25519 signature"));
  Ed25519Signature out{};
  size_t length = out.size();
  if (EVP_DigestSign(ctx.get(), out.data(), &length, message.data(), message.size()) != 1 || length != out.size())
    return fail(openssl_error("cannot compute an Ed25519 signature"));
  return out;
}

bool ed25519_verify(const Ed25519PublicKey& public_key, std::span<const uint8_t> message,
                    const Ed25519Signature& signature) {
  PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  bool ok = key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
            EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
  ERR_clear_error();
  return ok;
}

Result<void> random_bytes(std::span<uint8_t> out) {
  if (out.empty()) return {};
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) return fail(openssl_error("no random bytes"));
  return {};
}

} // namespace weft::signing

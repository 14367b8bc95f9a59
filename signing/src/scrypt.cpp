#include <weft/signing/scrypt.hpp>

#include <fmt/format.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>

namespace weft::signing {

namespace {

constexpr uint32_t k_max_n_log2 = 20;
constexpr uint32_t k_max_p = 16;
constexpr uint64_t k_max_memory = (uint64_t{1} << 30) + (uint64_t{1} << 20);

struct KdfFree {
  void operator()(EVP_KDF* p) const { EVP_KDF_free(p); }
};
struct KdfCtxFree {
  void operator()(EVP_KDF_CTX* p) const { EVP_KDF_CTX_free(p); }
};

// The smallest n_log2 with 2^n_log2 > max_n / 2, as libsodium searches it.
uint32_t n_log2_for(uint64_t max_n) {
  uint32_t n_log2 = 1;
  for (; n_log2 < 63; ++n_log2)
    if ((uint64_t{1} << n_log2) > max_n / 2) break;
  return n_log2;
}

} // namespace

uint64_t ScryptParams::memory_bytes() const { return 128ULL * r * (n() + 2) + 128ULL * r * p; }

Result<ScryptParams> scrypt_params_from_limits(uint64_t opslimit, uint64_t memlimit) {
  ScryptParams params;
  if (opslimit < 32768) opslimit = 32768;
  params.r = 8;
  if (opslimit < memlimit / 32) {
    params.p = 1;
    params.n_log2 = n_log2_for(opslimit / (params.r * 4));
  } else {
    params.n_log2 = n_log2_for(memlimit / (params.r * 128ULL));
    uint64_t max_rp = (opslimit / 4) >> params.n_log2;
    if (max_rp > 0x3fffffff) max_rp = 0x3fffffff;
    params.p = static_cast<uint32_t>(max_rp / params.r);
  }
  if (params.n_log2 > k_max_n_log2 || params.p == 0 || params.p > k_max_p || params.memory_bytes() > k_max_memory)
    return fail(Error::input(fmt::format(
        "unsupported scrypt cost (opslimit {}, memlimit {} give N=2^{}, r={}, p={}; at most N=2^{}, p={}, 1 GiB)",
        opslimit, memlimit, params.n_log2, params.r, params.p, k_max_n_log2, k_max_p)));
  return params;
}

Result<void> scrypt_derive(std::string_view password, std::span<const uint8_t> salt, const ScryptParams& params,
                           std::span<uint8_t> out) {
  std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr));
  if (!kdf) return fail(Error::tool("OpenSSL", "scrypt is not available (EVP_KDF \"SCRYPT\")"));
  std::unique_ptr<EVP_KDF_CTX, KdfCtxFree> ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) return fail(Error::tool("OpenSSL", "cannot create a scrypt context"));

  // OpenSSL wants non-null pointers even for an empty password or salt.
  char empty = '\0';
  uint8_t empty_salt = 0;
  uint64_t n = params.n();
  uint64_t max_memory = params.memory_bytes() + (uint64_t{1} << 20);
  uint32_t r = params.r;
  uint32_t p = params.p;
  OSSL_PARAM list[] = {
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
                                        password.empty() ? &empty : const_cast<char*>(password.data()),
                                        password.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                                        salt.empty() ? &empty_salt : const_cast<uint8_t*>(salt.data()), salt.size()),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &max_memory),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), list) != 1) {
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    char text[256] = "unknown error";
    if (code != 0) ERR_error_string_n(code, text, sizeof text);
    return fail(Error::tool("OpenSSL", fmt::format("scrypt failed (N=2^{}, r={}, p={}): {}", params.n_log2, r, p,
                                                   text)));
  }
  return {};
}

} // namespace weft::signing

#include <weft/signing/secret.hpp>

#include <openssl/crypto.h>

namespace weft::signing {

void wipe(void* data, size_t size) {
  if (data && size) OPENSSL_cleanse(data, size);
}

SecretString& SecretString::operator=(const SecretString& other) {
  if (this != &other) {
    clear();
    m_value = other.m_value;
  }
  return *this;
}

SecretString& SecretString::operator=(SecretString&& other) noexcept {
  if (this != &other) {
    clear();
    m_value = std::move(other.m_value);
    other.clear();
  }
  return *this;
}

void SecretString::clear() {
  // Wipe the whole buffer, not just the characters in use.
  wipe(m_value.data(), m_value.capacity());
  m_value.clear();
}

} // namespace weft::signing

#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace weft::signing {

// Overwrites memory in a way the compiler may not optimise away.
void wipe(void* data, size_t size);

// A password or other secret text: wiped when destroyed, never formatted.
// Code that needs the characters asks for view() explicitly, so a secret
// cannot end up in an error message by accident.
class SecretString {
public:
  SecretString() = default;
  explicit SecretString(std::string value) : m_value(std::move(value)) {}
  SecretString(const SecretString& other) : m_value(other.m_value) {}
  SecretString(SecretString&& other) noexcept : m_value(std::move(other.m_value)) { other.clear(); }
  SecretString& operator=(const SecretString& other);
  SecretString& operator=(SecretString&& other) noexcept;
  ~SecretString() { clear(); }

  std::string_view view() const { return m_value; }
  bool empty() const { return m_value.empty(); }
  void clear();

private:
  std::string m_value;
};

} // namespace weft::signing

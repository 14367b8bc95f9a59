#pragma once

#include <weft/base/file.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace weft::test {

inline std::vector<uint8_t> from_hex(std::string_view hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

inline std::string to_hex(std::span<const uint8_t> bytes) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += k_digits[b >> 4];
    out += k_digits[b & 15];
  }
  return out;
}

inline std::span<const uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

inline void write_text(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

inline std::string fixture(const std::string& name) {
  auto text = weft::read_file(std::filesystem::path(WEFT_TEST_FIXTURES) / "signing" / name);
  return text ? *text : std::string();
}

inline std::filesystem::path fixture_path(const std::string& name) {
  return std::filesystem::path(WEFT_TEST_FIXTURES) / "signing" / name;
}

// The password of tests/fixtures/signing/tauri-password.key (see its README).
inline constexpr std::string_view k_fixture_password = "correct horse battery";

} // namespace weft::test

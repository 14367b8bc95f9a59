#include <weft/signing/base64.hpp>

#include <fmt/format.h>

#include <array>

namespace weft::signing {

namespace {

constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr int8_t k_invalid = -1;

constexpr std::array<int8_t, 256> make_reverse_table() {
  std::array<int8_t, 256> table{};
  for (auto& entry : table) entry = k_invalid;
  for (size_t i = 0; i < k_alphabet.size(); ++i) table[static_cast<uint8_t>(k_alphabet[i])] = static_cast<int8_t>(i);
  return table;
}

constexpr std::array<int8_t, 256> k_reverse = make_reverse_table();

} // namespace

std::string base64_encode(std::span<const uint8_t> data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8) | data[i + 2];
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += k_alphabet[(v >> 6) & 63];
    out += k_alphabet[v & 63];
  }
  size_t rest = data.size() - i;
  if (rest == 1) {
    uint32_t v = uint32_t{data[i]} << 16;
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += "==";
  } else if (rest == 2) {
    uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8);
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += k_alphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string base64_encode(std::string_view data) {
  return base64_encode(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
}

Result<std::vector<uint8_t>> base64_decode(std::string_view text) {
  if (text.empty()) return fail(Error::input("not base64: empty"));
  if (text.size() % 4 != 0)
    return fail(Error::input(fmt::format("not base64: length {} is not a multiple of 4 (truncated?)", text.size())));
  size_t padding = 0;
  if (text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;

  std::vector<uint8_t> out;
  out.reserve(text.size() / 4 * 3);
  uint32_t accumulator = 0;
  int bits = 0;
  size_t data_chars = text.size() - padding;
  for (size_t i = 0; i < data_chars; ++i) {
    auto c = static_cast<uint8_t>(text[i]);
    int8_t v = k_reverse[c];
    if (v == k_invalid) {
      if (c == '=') return fail(Error::input(fmt::format("not base64: padding inside the data at offset {}", i)));
      if (c >= 0x20 && c < 0x7f)
        return fail(Error::input(fmt::format("not base64: unexpected `{}` at offset {}", static_cast<char>(c), i)));
      return fail(Error::input(fmt::format("not base64: unexpected byte 0x{:02x} at offset {}", c, i)));
    }
    accumulator = (accumulator << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>((accumulator >> bits) & 0xff));
    }
  }
  // What is left over must be padding bits, all zero.
  if (bits > 0 && (accumulator & ((1u << bits) - 1)) != 0)
    return fail(Error::input("not base64: non-zero bits before the padding (corrupted or truncated)"));
  return out;
}

bool is_base64(std::string_view text) { return !text.empty() && base64_decode(text).has_value(); }

} // namespace weft::signing

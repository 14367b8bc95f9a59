#include "rpm_header.hpp"

namespace weft::bundlers {

namespace {

void put32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

size_t alignment(RpmHeader::Type type) {
  switch (type) {
  case RpmHeader::Type::int16: return 2;
  case RpmHeader::Type::int32: return 4;
  case RpmHeader::Type::int64: return 8;
  default: return 1;
  }
}

} // namespace

void RpmHeader::add_string(uint32_t tag, std::string_view value) {
  m_entries[tag] = {Type::string, 1, std::string(value) + '\0'};
}

void RpmHeader::add_i18n_string(uint32_t tag, std::string_view value) {
  m_entries[tag] = {Type::i18n_string, 1, std::string(value) + '\0'};
}

void RpmHeader::add_string_array(uint32_t tag, const std::vector<std::string>& values) {
  std::string data;
  for (const std::string& v : values) data += v + '\0';
  m_entries[tag] = {Type::string_array, static_cast<uint32_t>(values.size()), std::move(data)};
}

void RpmHeader::add_int32(uint32_t tag, const std::vector<uint32_t>& values) {
  std::string data;
  for (uint32_t v : values) put32(data, v);
  m_entries[tag] = {Type::int32, static_cast<uint32_t>(values.size()), std::move(data)};
}

void RpmHeader::add_int16(uint32_t tag, const std::vector<uint16_t>& values) {
  std::string data;
  for (uint16_t v : values) {
    data += static_cast<char>(v >> 8);
    data += static_cast<char>(v & 0xff);
  }
  m_entries[tag] = {Type::int16, static_cast<uint32_t>(values.size()), std::move(data)};
}

void RpmHeader::add_bin(uint32_t tag, std::string_view bytes) {
  m_entries[tag] = {Type::bin, static_cast<uint32_t>(bytes.size()), std::string(bytes)};
}

std::string RpmHeader::serialize(uint32_t region_tag) const {
  const uint32_t count = static_cast<uint32_t>(m_entries.size()) + 1;
  std::string index, store;
  // The region entry first; its trailer is the last 16 bytes of the store.
  for (const auto& [tag, entry] : m_entries) {
    const size_t align = alignment(entry.type);
    while (store.size() % align) store += '\0';
    put32(index, tag);
    put32(index, static_cast<uint32_t>(entry.type));
    put32(index, static_cast<uint32_t>(store.size()));
    put32(index, entry.count);
    store += entry.data;
  }
  std::string region;
  put32(region, region_tag);
  put32(region, static_cast<uint32_t>(Type::bin));
  put32(region, static_cast<uint32_t>(store.size()));
  put32(region, 16);
  std::string trailer;
  put32(trailer, region_tag);
  put32(trailer, static_cast<uint32_t>(Type::bin));
  put32(trailer, static_cast<uint32_t>(-static_cast<int32_t>(count * 16)));
  put32(trailer, 16);
  store += trailer;

  std::string out("\x8e\xad\xe8\x01\0\0\0\0", 8);
  put32(out, count);
  put32(out, static_cast<uint32_t>(store.size()));
  out += region;
  out += index;
  out += store;
  return out;
}

} // namespace weft::bundlers

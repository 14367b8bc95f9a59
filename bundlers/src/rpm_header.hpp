#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace weft::bundlers {

// An RPM header structure (rpm's lib/header.c format): magic, index entries
// sorted by tag after the region tag, and the data store with each value at
// its type's alignment. The region tag (HEADERIMMUTABLE for the main header,
// HEADERSIGNATURES for the signature header) comes first and points at a
// trailer that covers every entry, which is how rpm knows the header is
// complete and unmodified.
class RpmHeader {
public:
  enum class Type : uint32_t {
    int16 = 3,
    int32 = 4,
    int64 = 5,
    string = 6,
    bin = 7,
    string_array = 8,
    i18n_string = 9,
  };

  void add_string(uint32_t tag, std::string_view value);
  void add_i18n_string(uint32_t tag, std::string_view value);
  void add_string_array(uint32_t tag, const std::vector<std::string>& values);
  void add_int32(uint32_t tag, const std::vector<uint32_t>& values);
  void add_int16(uint32_t tag, const std::vector<uint16_t>& values);
  void add_bin(uint32_t tag, std::string_view bytes);

  // The header's bytes with `region_tag` (62 or 63) as its region.
  std::string serialize(uint32_t region_tag) const;

private:
  struct Entry {
    Type type;
    uint32_t count;
    std::string data; // big-endian values; strings NUL-terminated
  };
  std::map<uint32_t, Entry> m_entries;
};

} // namespace weft::bundlers

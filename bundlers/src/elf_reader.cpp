#include <weft/bundlers/elf_reader.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <string_view>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace weft::bundlers {

namespace {

constexpr uint32_t k_sht_dynamic = 6;
constexpr uint32_t k_sht_dynsym = 11;
constexpr uint32_t k_sht_symtab = 2;
constexpr uint32_t k_sht_gnu_verneed = 0x6ffffffe;
constexpr uint32_t k_sht_gnu_versym = 0x6fffffff;
constexpr uint32_t k_pt_interp = 3;
constexpr int64_t k_dt_needed = 1;
constexpr int64_t k_dt_soname = 14;
constexpr int64_t k_dt_rpath = 15;
constexpr int64_t k_dt_runpath = 29;
constexpr uint16_t k_shn_undef = 0;

// A read-only view of the file; every read is bounds-checked.
class Image {
public:
  Image(const uint8_t* data, size_t size, bool is64, bool little) : m_data(data), m_size(size), m_64(is64), m_le(little) {}

  bool has(uint64_t offset, uint64_t length) const { return offset <= m_size && length <= m_size - offset; }

  uint64_t uint(uint64_t offset, int bytes) const {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) {
      uint64_t b = m_data[offset + static_cast<uint64_t>(m_le ? i : bytes - 1 - i)];
      v |= b << (8 * i);
    }
    return v;
  }
  uint64_t u16(uint64_t o) const { return uint(o, 2); }
  uint64_t u32(uint64_t o) const { return uint(o, 4); }
  uint64_t addr(uint64_t o) const { return uint(o, m_64 ? 8 : 4); }

  // NUL-terminated string inside [base, base + limit).
  std::optional<std::string> string(uint64_t base, uint64_t limit, uint64_t index) const {
    if (index >= limit || !has(base, limit)) return std::nullopt;
    const char* start = reinterpret_cast<const char*>(m_data + base + index);
    const void* end = std::memchr(start, '\0', limit - index);
    if (!end) return std::nullopt;
    return std::string(start, static_cast<const char*>(end));
  }

  bool is64() const { return m_64; }

private:
  const uint8_t* m_data;
  size_t m_size;
  bool m_64;
  bool m_le;
};

struct Section {
  std::string name;
  uint32_t type = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  uint32_t link = 0;
  uint32_t info = 0;
  uint64_t entsize = 0;
};

class Mapping {
public:
  ~Mapping() {
    if (m_data && m_data != MAP_FAILED) ::munmap(m_data, m_size);
  }
  void* m_data = nullptr;
  size_t m_size = 0;
};

Error malformed(const std::filesystem::path& path, std::string_view what) {
  return Error::input(fmt::format("{}: malformed ELF file: {}", path.string(), what));
}

} // namespace

bool is_elf_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char magic[4] = {};
  ssize_t n = ::read(fd, magic, 4);
  ::close(fd);
  return n == 4 && std::memcmp(magic, "\x7f" "ELF", 4) == 0;
}

Result<ElfInfo> read_elf(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(Error::io(path.string(), errno, "open"));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    return fail(Error::io(path.string(), e, "stat"));
  }
  Mapping map;
  map.m_size = static_cast<size_t>(st.st_size);
  if (map.m_size < 52) {
    ::close(fd);
    return fail(malformed(path, "too short"));
  }
  map.m_data = ::mmap(nullptr, map.m_size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map.m_data == MAP_FAILED) return fail(Error::io(path.string(), errno, "map"));
  const auto* bytes = static_cast<const uint8_t*>(map.m_data);
  if (std::memcmp(bytes, "\x7f" "ELF", 4) != 0) return fail(malformed(path, "no ELF magic"));
  if ((bytes[4] != 1 && bytes[4] != 2) || (bytes[5] != 1 && bytes[5] != 2)) return fail(malformed(path, "bad class"));

  ElfInfo info;
  info.is_64_bit = bytes[4] == 2;
  info.little_endian = bytes[5] == 1;
  Image img(bytes, map.m_size, info.is_64_bit, info.little_endian);
  const bool w = info.is_64_bit;
  if (!img.has(0, w ? 64 : 52)) return fail(malformed(path, "truncated header"));
  info.type = static_cast<uint16_t>(img.u16(16));
  info.machine = static_cast<uint16_t>(img.u16(18));
  const uint64_t phoff = img.addr(w ? 32 : 28);
  const uint64_t shoff = img.addr(w ? 40 : 32);
  const uint64_t phentsize = img.u16(w ? 54 : 42), phnum = img.u16(w ? 56 : 44);
  const uint64_t shentsize = img.u16(w ? 58 : 46), shnum = img.u16(w ? 60 : 48);
  const uint64_t shstrndx = img.u16(w ? 62 : 50);

  if (phnum > 0) {
    if (phentsize < (w ? 56u : 32u) || !img.has(phoff, phentsize * phnum))
      return fail(malformed(path, "program headers out of bounds"));
    for (uint64_t i = 0; i < phnum; ++i)
      if (img.u32(phoff + i * phentsize) == k_pt_interp) info.has_interpreter = true;
  }

  std::vector<Section> sections;
  if (shnum > 0) {
    if (shentsize < (w ? 64u : 40u) || !img.has(shoff, shentsize * shnum))
      return fail(malformed(path, "section headers out of bounds"));
    for (uint64_t i = 0; i < shnum; ++i) {
      uint64_t h = shoff + i * shentsize;
      Section s;
      s.type = static_cast<uint32_t>(img.u32(h + 4));
      s.offset = img.addr(h + (w ? 24 : 16));
      s.size = img.addr(h + (w ? 32 : 20));
      s.link = static_cast<uint32_t>(img.u32(h + (w ? 40 : 24)));
      s.info = static_cast<uint32_t>(img.u32(h + (w ? 44 : 28)));
      s.entsize = img.addr(h + (w ? 56 : 36));
      s.name = std::to_string(img.u32(h)); // resolved below
      sections.push_back(std::move(s));
    }
    if (shstrndx < sections.size()) {
      const Section& names = sections[shstrndx];
      for (Section& s : sections) s.name = img.string(names.offset, names.size, std::stoull(s.name)).value_or("");
    }
  }
  auto linked = [&](const Section& s) -> const Section* {
    return s.link < sections.size() ? &sections[s.link] : nullptr;
  };

  const Section* dynsym = nullptr;
  const Section* versym = nullptr;
  const Section* verneed = nullptr;
  for (const Section& s : sections) {
    if (s.type == k_sht_symtab) info.has_symbol_table = true;
    if (s.name.starts_with(".debug_")) info.has_debug_info = true;
    if (s.type == k_sht_dynsym) dynsym = &s;
    if (s.type == k_sht_gnu_versym) versym = &s;
    if (s.type == k_sht_gnu_verneed) verneed = &s;
    if (s.type != k_sht_dynamic) continue;
    const Section* strtab = linked(s);
    if (!strtab || !img.has(s.offset, s.size)) return fail(malformed(path, "dynamic section out of bounds"));
    const uint64_t entry = w ? 16 : 8;
    for (uint64_t o = s.offset; o + entry <= s.offset + s.size; o += entry) {
      int64_t tag = static_cast<int64_t>(img.addr(o));
      uint64_t value = img.addr(o + (w ? 8 : 4));
      if (tag == 0) break;
      if (tag != k_dt_needed && tag != k_dt_soname && tag != k_dt_rpath && tag != k_dt_runpath) continue;
      auto name = img.string(strtab->offset, strtab->size, value);
      if (!name) return fail(malformed(path, "dynamic string out of bounds"));
      if (tag == k_dt_needed)
        info.needed.push_back(*name);
      else if (tag == k_dt_soname)
        info.soname = *name;
      else if (tag == k_dt_runpath)
        info.runpath = *name;
      else
        info.rpath = *name;
    }
  }

  // Version indices of .gnu.version_r: index -> (version name, library).
  std::vector<std::pair<std::string, std::string>> versions;
  if (verneed) {
    const Section* strtab = linked(*verneed);
    if (!strtab || !img.has(verneed->offset, verneed->size)) return fail(malformed(path, "version section out of bounds"));
    uint64_t o = verneed->offset;
    for (uint32_t n = 0; n < verneed->info && img.has(o, 16); ++n) {
      uint64_t cnt = img.u16(o + 2);
      auto file = img.string(strtab->offset, strtab->size, img.u32(o + 4)).value_or("");
      uint64_t aux = o + img.u32(o + 8);
      for (uint64_t k = 0; k < cnt && img.has(aux, 16); ++k) {
        uint64_t index = img.u16(aux + 6) & 0x7fff;
        auto name = img.string(strtab->offset, strtab->size, img.u32(aux + 8)).value_or("");
        if (index >= versions.size()) versions.resize(index + 1);
        versions[index] = {name, file};
        uint64_t next = img.u32(aux + 12);
        if (next == 0) break;
        aux += next;
      }
      uint64_t next = img.u32(o + 12);
      if (next == 0) break;
      o += next;
    }
  }

  if (dynsym) {
    const Section* strtab = linked(*dynsym);
    const uint64_t entry = w ? 24 : 16;
    if (!strtab || !img.has(dynsym->offset, dynsym->size)) return fail(malformed(path, "symbol table out of bounds"));
    const uint64_t count = dynsym->size / entry;
    for (uint64_t i = 1; i < count; ++i) {
      uint64_t s = dynsym->offset + i * entry;
      uint64_t shndx = img.u16(s + (w ? 6 : 14));
      if (shndx != k_shn_undef) continue;
      auto name = img.string(strtab->offset, strtab->size, img.u32(s));
      if (!name || name->empty()) continue;
      ImportedSymbol symbol{*name, "", ""};
      if (versym && img.has(versym->offset + i * 2, 2)) {
        uint64_t index = img.u16(versym->offset + i * 2) & 0x7fff;
        if (index >= 2 && index < versions.size()) {
          symbol.version = versions[index].first;
          symbol.library = versions[index].second;
        }
      }
      info.imports.push_back(std::move(symbol));
    }
  }
  return info;
}

} // namespace weft::bundlers

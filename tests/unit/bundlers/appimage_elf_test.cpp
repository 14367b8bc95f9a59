// The ELF reader shared by the AppImage runtime and weft (where an ELF ends,
// where its sections are), on ELF files built here field by field, and the
// checks weft makes on a runtime before embedding it.
#include "elf_image.h"
#include "reserved_sections.h"

#include <weft/bundlers/appimage_runtime.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace weft::bundlers {
namespace {

constexpr uint32_t k_progbits = 1;
constexpr uint32_t k_strtab = 3;
constexpr uint32_t k_nobits = 8;

struct Section {
  std::string name;
  uint32_t type = k_progbits;
  std::string data;       // file contents (none for NOBITS)
  uint64_t nobits_size = 0;
};

// Builds an ELF file: header, optional program header, section contents,
// .shstrtab, then the section header table (or the table first when
// `headers_first`), then `trailer`.
struct ElfBuilder {
  bool is64 = true;
  bool big_endian = false;
  bool headers_first = false;
  bool extended_numbering = false;
  std::vector<Section> sections;
  uint64_t segment_offset = 0, segment_size = 0; // one PT_LOAD when segment_size > 0
  std::string trailer;

  size_t ehdr() const { return is64 ? 64 : 52; }
  size_t shdr() const { return is64 ? 64 : 40; }
  size_t phdr() const { return is64 ? 56 : 32; }
  size_t word() const { return is64 ? 8 : 4; }

  static void put(std::string& out, size_t at, uint64_t value, size_t width, bool big) {
    if (out.size() < at + width) out.resize(at + width, '\0');
    for (size_t i = 0; i < width; ++i) {
      size_t index = big ? width - 1 - i : i;
      out[at + index] = static_cast<char>((value >> (8 * i)) & 0xff);
    }
  }
  void put(std::string& out, size_t at, uint64_t value, size_t width) const { put(out, at, value, width, big_endian); }

  // Returns the file and the offset where the section header table starts.
  std::string build(uint64_t* table_offset = nullptr) const {
    std::vector<Section> all;
    all.push_back(Section{"", 0, "", 0});
    for (const auto& s : sections) all.push_back(s);
    std::string names(1, '\0');
    std::vector<uint64_t> name_offsets;
    for (const auto& s : all) {
      if (s.name.empty()) {
        name_offsets.push_back(0);
        continue;
      }
      name_offsets.push_back(names.size());
      names += s.name;
      names += '\0';
    }
    name_offsets.push_back(names.size());
    names += ".shstrtab";
    names += '\0';
    all.push_back(Section{".shstrtab", k_strtab, names, 0});

    std::string out(ehdr(), '\0');
    uint64_t phoff = 0;
    if (segment_size > 0) {
      phoff = out.size();
      out.resize(out.size() + phdr(), '\0');
    }
    uint64_t shoff = 0;
    const uint64_t table_size = all.size() * shdr();
    if (headers_first) {
      shoff = out.size();
      out.resize(out.size() + table_size, '\0');
    }
    std::vector<uint64_t> offsets;
    for (const auto& s : all) {
      offsets.push_back(out.size());
      if (s.type != k_nobits) out += s.data;
    }
    if (!headers_first) {
      shoff = out.size();
      out.resize(out.size() + table_size, '\0');
    }
    for (size_t i = 0; i < all.size(); ++i) {
      const size_t at = shoff + i * shdr();
      put(out, at + 0, name_offsets[i], 4);
      put(out, at + 4, all[i].type, 4);
      const uint64_t size = all[i].type == k_nobits ? all[i].nobits_size : all[i].data.size();
      put(out, at + (is64 ? 24 : 16), i == 0 ? 0 : offsets[i], word());
      put(out, at + (is64 ? 32 : 20), size, word());
    }
    // Header.
    out[0] = 0x7f, out[1] = 'E', out[2] = 'L', out[3] = 'F';
    out[4] = is64 ? 2 : 1;
    out[5] = big_endian ? 2 : 1;
    out[6] = 1;
    put(out, is64 ? 32 : 28, phoff, word());
    put(out, is64 ? 40 : 32, shoff, word());
    put(out, is64 ? 52 : 40, ehdr(), 2);
    put(out, is64 ? 54 : 42, phdr(), 2);
    put(out, is64 ? 56 : 44, segment_size > 0 ? 1 : 0, 2);
    put(out, is64 ? 58 : 46, shdr(), 2);
    if (extended_numbering) {
      put(out, is64 ? 60 : 48, 0, 2);
      put(out, is64 ? 62 : 50, 0xffff, 2);
      put(out, shoff + (is64 ? 32 : 20), all.size(), word()); // section 0 sh_size: the count
      put(out, shoff + (is64 ? 40 : 24), all.size() - 1, 4);  // section 0 sh_link: shstrndx
    } else {
      put(out, is64 ? 60 : 48, all.size(), 2);
      put(out, is64 ? 62 : 50, all.size() - 1, 2);
    }
    if (segment_size > 0) {
      put(out, phoff + 0, 1, 4);
      put(out, phoff + (is64 ? 8 : 4), segment_offset, word());
      put(out, phoff + (is64 ? 32 : 16), segment_size, word());
      if (out.size() < segment_offset + segment_size) out.resize(segment_offset + segment_size, '\0');
    }
    if (table_offset) *table_offset = shoff;
    return out + trailer;
  }
};

weft_elf_status end_of(const std::string& bytes, uint64_t* end) {
  weft_elf_memory memory{reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()};
  return weft_elf_end(weft_elf_read_memory, &memory, end);
}

weft_elf_status section_of(const std::string& bytes, const char* name, weft_elf_range* range) {
  weft_elf_memory memory{reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()};
  return weft_elf_find_section(weft_elf_read_memory, &memory, name, range);
}

ElfBuilder typical() {
  ElfBuilder b;
  b.sections.push_back(Section{".text", k_progbits, std::string(100, 'x'), 0});
  b.sections.push_back(Section{".upd_info", k_progbits, std::string(1024, '\0'), 0});
  b.sections.push_back(Section{".bss", k_nobits, "", 1 << 20});
  return b;
}

TEST(ElfImage, EndIsTheSectionHeaderTableWhenItComesLast) {
  for (bool is64 : {true, false}) {
    for (bool big : {false, true}) {
      ElfBuilder b = typical();
      b.is64 = is64;
      b.big_endian = big;
      b.trailer = "hsqs payload that is not part of the ELF";
      uint64_t table = 0;
      const std::string bytes = b.build(&table);
      uint64_t end = 0;
      ASSERT_EQ(end_of(bytes, &end), WEFT_ELF_OK) << is64 << big;
      // null, .text, .upd_info, .bss, .shstrtab
      EXPECT_EQ(end, table + 5 * b.shdr()) << is64 << big;
      EXPECT_EQ(end, bytes.size() - b.trailer.size());

      weft_elf_range range{};
      ASSERT_EQ(section_of(bytes, ".upd_info", &range), WEFT_ELF_OK);
      EXPECT_EQ(range.size, 1024u);
      EXPECT_EQ(range.offset, b.ehdr() + 100);
    }
  }
}

TEST(ElfImage, EndIsTheLastSectionWhenTheTableComesFirst) {
  ElfBuilder b = typical();
  b.headers_first = true;
  b.trailer = "payload";
  const std::string bytes = b.build();
  uint64_t end = 0;
  ASSERT_EQ(end_of(bytes, &end), WEFT_ELF_OK);
  EXPECT_EQ(end, bytes.size() - b.trailer.size());
}

TEST(ElfImage, NobitsSectionsTakeNoFileSpace) {
  ElfBuilder b = typical();
  const std::string bytes = b.build();
  uint64_t end = 0;
  ASSERT_EQ(end_of(bytes, &end), WEFT_ELF_OK);
  EXPECT_EQ(end, bytes.size()); // not pushed out by the 1 MiB .bss
  weft_elf_range range{};
  EXPECT_EQ(section_of(bytes, ".bss", &range), WEFT_ELF_NOT_FOUND);
}

TEST(ElfImage, SegmentsCountToo) {
  ElfBuilder b = typical();
  uint64_t table = 0;
  const std::string plain = b.build(&table);
  b.segment_offset = plain.size() + 64;
  b.segment_size = 4096;
  const std::string bytes = b.build();
  uint64_t end = 0;
  ASSERT_EQ(end_of(bytes, &end), WEFT_ELF_OK);
  EXPECT_EQ(end, b.segment_offset + b.segment_size);
}

TEST(ElfImage, ExtendedSectionNumbering) {
  ElfBuilder b = typical();
  b.extended_numbering = true;
  uint64_t table = 0;
  const std::string bytes = b.build(&table) + "payload";
  uint64_t end = 0;
  ASSERT_EQ(end_of(bytes, &end), WEFT_ELF_OK);
  EXPECT_EQ(end, table + 5 * b.shdr());
  weft_elf_range range{};
  EXPECT_EQ(section_of(bytes, ".upd_info", &range), WEFT_ELF_OK);
  EXPECT_EQ(range.size, 1024u);
}

TEST(ElfImage, FindsOnlyExactNames) {
  const std::string bytes = typical().build();
  weft_elf_range range{};
  EXPECT_EQ(section_of(bytes, ".upd_inf", &range), WEFT_ELF_NOT_FOUND);
  EXPECT_EQ(section_of(bytes, ".upd_info.more", &range), WEFT_ELF_NOT_FOUND);
  EXPECT_EQ(section_of(bytes, ".sha256_sig", &range), WEFT_ELF_NOT_FOUND);
  EXPECT_EQ(section_of(bytes, ".text", &range), WEFT_ELF_OK);
  EXPECT_EQ(range.size, 100u);
}

TEST(ElfImage, RejectsWhatIsNotElf) {
  uint64_t end = 0;
  EXPECT_EQ(end_of("", &end), WEFT_ELF_NOT_ELF);
  EXPECT_EQ(end_of("#!/bin/sh\necho not an elf file\n", &end), WEFT_ELF_NOT_ELF);
  std::string bytes = typical().build();
  bytes[4] = 3; // no such class
  EXPECT_EQ(end_of(bytes, &end), WEFT_ELF_NOT_ELF);
  bytes = typical().build();
  bytes[5] = 0; // no byte order
  EXPECT_EQ(end_of(bytes, &end), WEFT_ELF_NOT_ELF);
}

TEST(ElfImage, TruncatedFilesAreReadErrors) {
  uint64_t table = 0;
  const std::string bytes = typical().build(&table);
  uint64_t end = 0;
  for (size_t cut : {size_t{20}, size_t{63}, static_cast<size_t>(table + 10), bytes.size() - 1}) {
    EXPECT_EQ(end_of(bytes.substr(0, cut), &end), WEFT_ELF_IO) << cut;
  }
}

TEST(ElfImage, InconsistentHeadersAreMalformed) {
  ElfBuilder b = typical();
  std::string bytes = b.build();
  uint64_t end = 0;
  // e_shentsize smaller than a section header.
  ElfBuilder::put(bytes, 58, 10, 2, false);
  EXPECT_EQ(end_of(bytes, &end), WEFT_ELF_MALFORMED);
  // A section whose offset + size overflows 64 bits.
  uint64_t table = 0;
  bytes = b.build(&table);
  ElfBuilder::put(bytes, table + 64 + 24, UINT64_MAX - 10, 8, false);
  EXPECT_EQ(end_of(bytes, &end), WEFT_ELF_MALFORMED);
  // A section header table offset that overflows.
  bytes = b.build();
  ElfBuilder::put(bytes, 40, UINT64_MAX - 100, 8, false);
  EXPECT_EQ(end_of(bytes, &end), WEFT_ELF_MALFORMED);
  // A string table index past the table.
  bytes = b.build();
  ElfBuilder::put(bytes, 62, 99, 2, false);
  weft_elf_range range{};
  EXPECT_EQ(section_of(bytes, ".upd_info", &range), WEFT_ELF_MALFORMED);
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The runtime this build made: a bare ELF with the magic and the sections.
TEST(AppImageRuntime, TheBuiltRuntimeIsValid) {
  const std::string bytes = read_all(WEFT_TEST_APPIMAGE_RUNTIME);
  ASSERT_GT(bytes.size(), 4096u);
  uint64_t end = 0;
  ASSERT_EQ(end_of(bytes, &end), WEFT_ELF_OK);
  EXPECT_EQ(end, bytes.size());
  EXPECT_EQ(bytes.substr(8, 3), std::string("AI\x02", 3));

  auto runtime = AppImageRuntime::parse(bytes, "runtime");
  ASSERT_TRUE(runtime) << runtime.error().message();
  EXPECT_EQ(runtime->update_information_section().size, 1024u);
  EXPECT_EQ(runtime->signature_section().size, 1024u);
  EXPECT_EQ(runtime->signature_key_section().size, 8192u);
  const ElfSection upd = runtime->update_information_section();
  EXPECT_EQ(bytes.substr(upd.offset, upd.size), std::string(1024, '\0'));
}

TEST(AppImageRuntime, WritesUpdateInformationIntoItsSection) {
  auto runtime = AppImageRuntime::parse(read_all(WEFT_TEST_APPIMAGE_RUNTIME), "runtime");
  ASSERT_TRUE(runtime);
  const std::string before = runtime->bytes();
  const std::string text = "gh-releases-zsync|owner|repo|latest|App-*x86_64.AppImage.zsync";
  ASSERT_TRUE(runtime->set_update_information(text));
  const ElfSection upd = runtime->update_information_section();
  const std::string& after = runtime->bytes();
  ASSERT_EQ(after.size(), before.size());
  EXPECT_EQ(after.substr(upd.offset, text.size()), text);
  EXPECT_EQ(after.substr(upd.offset + text.size(), upd.size - text.size()), std::string(upd.size - text.size(), '\0'));
  EXPECT_EQ(after.substr(0, upd.offset), before.substr(0, upd.offset));
  EXPECT_EQ(after.substr(upd.offset + upd.size), before.substr(upd.offset + upd.size));

  EXPECT_FALSE(runtime->set_update_information("ftp|somewhere"));
  EXPECT_FALSE(runtime->set_update_information("zsync|"));
  EXPECT_FALSE(runtime->set_update_information("zsync|https://x/y\nmore"));
  auto too_long = runtime->set_update_information("zsync|https://example.com/" + std::string(1000, 'a'));
  ASSERT_FALSE(too_long);
  EXPECT_NE(too_long.error().message().find("room for 1023"), std::string::npos);
}

TEST(AppImageRuntime, RefusesFilesThatAreNotABareRuntime) {
  const std::string bytes = read_all(WEFT_TEST_APPIMAGE_RUNTIME);
  auto with_payload = AppImageRuntime::parse(bytes + "hsqs", "appimage");
  ASSERT_FALSE(with_payload);
  EXPECT_NE(with_payload.error().message().find("4 bytes follow the ELF image"), std::string::npos);

  std::string no_magic = bytes;
  no_magic[10] = 1;
  auto type1 = AppImageRuntime::parse(no_magic, "runtime");
  ASSERT_FALSE(type1);
  EXPECT_NE(type1.error().message().find("magic"), std::string::npos);

  std::string elf = typical().build();
  elf.replace(8, 3, "AI\x02", 3);
  auto plain = AppImageRuntime::parse(elf, "plain.elf");
  ASSERT_FALSE(plain);
  EXPECT_NE(plain.error().message().find(".sha256_sig: no such ELF section"), std::string::npos)
      << plain.error().message();
}

} // namespace
} // namespace weft::bundlers

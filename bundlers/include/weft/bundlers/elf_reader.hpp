#pragma once

#include <weft/base/error.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace weft::bundlers {

// A symbol a dynamic object takes from a library, with the version it binds
// to (from .gnu.version_r), e.g. {"memcpy", "GLIBC_2.14", "libc.so.6"}.
struct ImportedSymbol {
  std::string name;
  std::string version; // "" when unversioned
  std::string library; // the soname the version belongs to, "" when unknown
};

// What packaging needs from an ELF file's dynamic section and symbol table.
struct ElfInfo {
  bool is_64_bit = false;
  bool little_endian = true;
  uint16_t type = 0;    // ET_EXEC, ET_DYN, ...
  uint16_t machine = 0; // EM_X86_64, ...
  bool has_interpreter = false;
  bool has_symbol_table = false; // .symtab present: not stripped
  bool has_debug_info = false;   // .debug_* sections present
  std::vector<std::string> needed; // DT_NEEDED, in file order
  std::string soname;              // DT_SONAME
  std::string runpath;             // DT_RUNPATH, colon-separated, may hold $ORIGIN
  std::string rpath;               // DT_RPATH (ignored by ld.so when DT_RUNPATH is present)
  std::vector<ImportedSymbol> imports;
};

// Whether the file starts with the ELF magic.
bool is_elf_file(const std::filesystem::path& path);

// Reads 32- and 64-bit, little- and big-endian files; every offset is checked
// against the file's size, so a truncated or hostile file gives an error,
// never a crash.
Result<ElfInfo> read_elf(const std::filesystem::path& path);

} // namespace weft::bundlers

#pragma once

#include <weft/base/error.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace weft::bundlers {

// The file name of the type-2 runtime weft ships for this machine's
// architecture, e.g. "appimage-runtime-x86_64".
std::string_view appimage_runtime_name();

// Where the runtime is: $WEFT_APPIMAGE_RUNTIME when set, else
// <weft's directory>/../share/weft/<name> (an installed weft, or weft in its
// build tree), else the build tree's and the install prefix's share/weft.
Result<std::filesystem::path> find_appimage_runtime();

// A file range inside the runtime.
struct ElfSection {
  uint64_t offset = 0;
  uint64_t size = 0;
};

// A type-2 runtime read into memory and checked: an ELF whose image ends at
// the end of the file, with the AppImage magic at offset 8 and the reserved
// .upd_info, .sha256_sig and .sig_key sections at their specified sizes.
class AppImageRuntime {
public:
  static Result<AppImageRuntime> load(const std::filesystem::path& path);
  // Checks bytes already in memory; `origin` names them in errors.
  static Result<AppImageRuntime> parse(std::string bytes, std::string origin);

  // Writes `text` into .upd_info ("zsync|URL", "gh-releases-zsync|…",
  // "bintray-zsync|…"); the rest of the section stays zero.
  Result<void> set_update_information(std::string_view text);
  // Writes an ASCII-armoured signature into .sha256_sig and the armoured
  // public key into .sig_key, zero-padded.
  Result<void> set_signature(std::string_view signature, std::string_view key);

  const std::string& bytes() const { return m_bytes; }
  const ElfSection& update_information_section() const { return m_update_information; }
  const ElfSection& signature_section() const { return m_signature; }
  const ElfSection& signature_key_section() const { return m_signature_key; }

private:
  AppImageRuntime(std::string bytes, std::string origin) : m_bytes(std::move(bytes)), m_origin(std::move(origin)) {}
  Result<void> fill(const ElfSection& section, std::string_view text, std::string_view what);

  std::string m_bytes;
  std::string m_origin;
  ElfSection m_update_information;
  ElfSection m_signature;
  ElfSection m_signature_key;
};

} // namespace weft::bundlers

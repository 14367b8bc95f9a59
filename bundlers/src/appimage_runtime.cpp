#include <weft/bundlers/appimage_runtime.hpp>

#include <weft/base/file.hpp>

#include "elf_image.h"
#include "reserved_sections.h"

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <system_error>
#include <vector>

namespace weft::bundlers {

namespace {


Result<ElfSection> find_section(weft_elf_memory& memory, const std::string& origin, const char* name,
                                uint64_t expected_size) {
  weft_elf_range range{};
  const weft_elf_status status = weft_elf_find_section(weft_elf_read_memory, &memory, name, &range);
  if (status != WEFT_ELF_OK)
    return fail(Error::input(fmt::format("{}: section {}: {}", origin, name, weft_elf_status_text(status)))
                    .with_hint("this is not an AppImage type-2 runtime"));
  if (range.size != expected_size)
    return fail(Error::input(fmt::format("{}: section {} holds {} bytes, the AppImage format reserves {}", origin,
                                         name, range.size, expected_size)));
  return ElfSection{range.offset, range.size};
}

bool known_update_transport(std::string_view text) {
  for (std::string_view transport : {"zsync|", "gh-releases-zsync|", "bintray-zsync|"}) {
    if (text.substr(0, transport.size()) == transport && text.size() > transport.size()) return true;
  }
  return false;
}

} // namespace

std::string_view appimage_runtime_name() { return WEFT_APPIMAGE_RUNTIME_NAME; }

Result<std::filesystem::path> find_appimage_runtime() {
  if (const char* explicit_path = std::getenv("WEFT_APPIMAGE_RUNTIME"); explicit_path && *explicit_path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(explicit_path, ec))
      return fail(Error::input(fmt::format("WEFT_APPIMAGE_RUNTIME names {}, which is not a file", explicit_path)));
    return std::filesystem::path(explicit_path);
  }
  std::vector<std::filesystem::path> candidates;
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(self.parent_path().parent_path() / "share" / "weft" / WEFT_APPIMAGE_RUNTIME_NAME);
  candidates.push_back(std::filesystem::path(WEFT_BUILD_DATA_DIR) / WEFT_APPIMAGE_RUNTIME_NAME);
  candidates.push_back(std::filesystem::path(WEFT_INSTALL_DATA_DIR) / WEFT_APPIMAGE_RUNTIME_NAME);
  for (const auto& candidate : candidates) {
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
  }
  return fail(Error::tool("weft", fmt::format("the AppImage runtime {} is missing", WEFT_APPIMAGE_RUNTIME_NAME))
                  .with_hint(fmt::format("reinstall weft (it ships {}), or set WEFT_APPIMAGE_RUNTIME",
                                         candidates.back().string())));
}

Result<AppImageRuntime> AppImageRuntime::load(const std::filesystem::path& path) {
  WEFT_TRY_ASSIGN(std::string bytes, read_file(path));
  return parse(std::move(bytes), path.string());
}

Result<AppImageRuntime> AppImageRuntime::parse(std::string bytes, std::string origin) {
  AppImageRuntime runtime(std::move(bytes), std::move(origin));
  const std::string& data = runtime.m_bytes;
  const std::string& name = runtime.m_origin;
  weft_elf_memory memory{reinterpret_cast<const unsigned char*>(data.data()), data.size()};
  uint64_t end = 0;
  if (const weft_elf_status status = weft_elf_end(weft_elf_read_memory, &memory, &end); status != WEFT_ELF_OK)
    return fail(Error::input(fmt::format("{}: {}", name, weft_elf_status_text(status)))
                    .with_hint("this is not an AppImage type-2 runtime"));
  if (end != data.size())
    return fail(Error::input(fmt::format("{}: {} bytes follow the ELF image", name, data.size() - end))
                    .with_hint("pass the bare runtime, not an AppImage"));
  if (data.compare(WEFT_APPIMAGE_MAGIC_OFFSET, WEFT_APPIMAGE_MAGIC_SIZE, WEFT_APPIMAGE_MAGIC) != 0)
    return fail(Error::input(fmt::format("{}: no AppImage type-2 magic at offset 8", name)));
  WEFT_TRY_ASSIGN(runtime.m_update_information,
                  find_section(memory, name, WEFT_UPDATE_INFORMATION_SECTION, WEFT_UPDATE_INFORMATION_SIZE));
  WEFT_TRY_ASSIGN(runtime.m_signature, find_section(memory, name, WEFT_SIGNATURE_SECTION, WEFT_SIGNATURE_SIZE));
  WEFT_TRY_ASSIGN(runtime.m_signature_key,
                  find_section(memory, name, WEFT_SIGNATURE_KEY_SECTION, WEFT_SIGNATURE_KEY_SIZE));
  return runtime;
}

Result<void> AppImageRuntime::fill(const ElfSection& section, std::string_view text, std::string_view what) {
  // One zero byte at least stays, so that readers find the end of the text.
  if (text.size() >= section.size)
    return fail(Error::input(fmt::format("{} is {} bytes long; the AppImage format leaves room for {}", what,
                                         text.size(), section.size - 1)));
  if (text.find('\0') != std::string_view::npos)
    return fail(Error::input(fmt::format("{} contains a NUL byte", what)));
  std::memset(m_bytes.data() + section.offset, 0, section.size);
  std::memcpy(m_bytes.data() + section.offset, text.data(), text.size());
  return {};
}

Result<void> AppImageRuntime::set_update_information(std::string_view text) {
  if (!known_update_transport(text) || text.find_first_of("\r\n") != std::string_view::npos)
    return fail(Error::input(fmt::format("update information `{}` is not in a known form", text))
                    .with_hint("zsync|URL, gh-releases-zsync|USER|REPO|TAG|FILE.zsync or "
                               "bintray-zsync|USER|REPO|PACKAGE|FILE.zsync"));
  return fill(m_update_information, text, "the update information");
}

Result<void> AppImageRuntime::set_signature(std::string_view signature, std::string_view key) {
  WEFT_TRY(fill(m_signature, signature, "the signature"));
  return fill(m_signature_key, key, "the signing key");
}

} // namespace weft::bundlers

#pragma once

#include <weft/base/error.hpp>
#include <weft/base/process.hpp>
#include <weft/signing/gpg.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace weft::bundlers {

struct AppImageFileOptions {
  // The type-2 runtime (find_appimage_runtime()).
  std::filesystem::path runtime;
  // SOURCE_DATE_EPOCH: every timestamp in the payload.
  int64_t timestamp = 0;
  int zstd_level = 15;
  // Written into .upd_info when not empty ("zsync|URL", …).
  std::string update_information;
  // Signs the AppImage with GPG when set: an ASCII-armoured detached
  // signature of the hexadecimal SHA-256 of the file (taken while
  // .sha256_sig and .sig_key are still zero) goes into .sha256_sig, the
  // armoured public key into .sig_key; what AppImageKit's `validate` checks.
  std::optional<signing::GpgKey> signing;
};

// Writes the AppImage `output`: the runtime followed by a squashfs image of
// `appdir` (which must hold an executable AppRun), mode 0755. The file
// appears complete or not at all: the squashfs is made beside it under a
// temporary name, and the AppImage is written to another temporary name that
// is renamed into place only when complete. Two runs on the same AppDir with
// the same options give byte-identical files.
Result<void> write_appimage(ProcessRunner& runner, const std::filesystem::path& appdir,
                            const std::filesystem::path& output, const AppImageFileOptions& options);

} // namespace weft::bundlers

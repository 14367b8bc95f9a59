#pragma once

#include <weft/base/error.hpp>

#include <filesystem>
#include <string_view>

namespace weft::signing {

enum class KeyFileOverwrite { yes, no };

// Writes a key pair as `signer generate -w` does: the secret key with mode
// 0600 and the public key with 0644, each atomically (temporary file, then
// rename). The parent directory is created (0700) when missing. With
// KeyFileOverwrite::no an existing file is an error and is left alone.
Result<void> write_key_files(const std::filesystem::path& secret_path, std::string_view secret_text,
                             const std::filesystem::path& public_path, std::string_view public_text,
                             KeyFileOverwrite overwrite);

} // namespace weft::signing

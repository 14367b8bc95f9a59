#pragma once

#include <weft/base/error.hpp>
#include <weft/base/process.hpp>
#include <weft/signing/secret.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace weft::signing {

// A GnuPG signing key, used through the gpg program (Debian gnupg).
struct GpgKey {
  std::string user;           // --local-user: key ID, fingerprint or user ID
  std::filesystem::path home; // --homedir; empty: GNUPGHOME or ~/.gnupg
  SecretString passphrase;    // given to gpg on its stdin, never in argv; empty: none
  std::string program = "gpg";
};

struct GpgSignOptions {
  bool armor = true; // ASCII armour (AppImage); false: a binary packet (rpm)
  // The signature's creation time; set, the same key, data and time give the
  // same signature (RSA and EdDSA signing are deterministic), so signed
  // packages stay reproducible.
  std::optional<int64_t> time;
};

// A detached SHA-256 signature of `data` (written to a temporary file in
// `scratch_dir`, removed afterwards).
Result<std::string> gpg_detach_sign(ProcessRunner& runner, const GpgKey& key, std::string_view data,
                                    const std::filesystem::path& scratch_dir, const GpgSignOptions& options = {});

// The key's public part, ASCII-armoured.
Result<std::string> gpg_export_public_key(ProcessRunner& runner, const GpgKey& key);

} // namespace weft::signing

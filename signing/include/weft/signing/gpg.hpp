#pragma once

#include <weft/base/error.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace weft::signing {

// A key in the user's GnuPG keyring (GNUPGHOME is honoured) and, when it is
// protected, its passphrase, which reaches gpg through a pipe, never argv.
struct GpgKey {
  std::string id; // key ID, fingerprint or user ID, as `gpg --local-user` takes it
  std::optional<std::string> passphrase;
};

// A binary OpenPGP signature packet (SHA-256) over `file`, made by
// `gpg --detach-sign` with the signature time fixed to `time`, so that the
// same key, data and time give the same signature (RSA and EdDSA are
// deterministic).
Result<std::string> gpg_detach_sign(const std::filesystem::path& file, const GpgKey& key, int64_t time);

} // namespace weft::signing

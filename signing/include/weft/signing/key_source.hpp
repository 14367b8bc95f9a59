#pragma once

#include <weft/base/error.hpp>
#include <weft/signing/minisign_key.hpp>
#include <weft/signing/secret.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace weft::signing {

// Environment lookups go through this, so tests can pass a fake.
using Environment = std::function<std::optional<std::string>(std::string_view name)>;
Environment process_environment();

// Variables read, in order of precedence. The TAURI_ names are fallbacks so
// that a Tauri project's CI secrets keep working unchanged.
inline constexpr std::string_view k_key_variables[] = {"WEFT_SIGNING_PRIVATE_KEY", "TAURI_SIGNING_PRIVATE_KEY",
                                                       "TAURI_SIGNING_PRIVATE_KEY_PATH"};
inline constexpr std::string_view k_password_variables[] = {"WEFT_SIGNING_PRIVATE_KEY_PASSWORD",
                                                            "TAURI_SIGNING_PRIVATE_KEY_PASSWORD"};

// Where the secret key comes from, as the command line gave it.
struct SecretKeyInput {
  std::optional<std::string> key;                 // -k: key text (either form) or a path
  std::optional<std::filesystem::path> key_file;  // -f: a path
};

struct LoadedSecretKey {
  SecretKeyBox box;
  std::string origin; // "-k", "WEFT_SIGNING_PRIVATE_KEY", or a path: for messages
};

// -f, else -k, else the first non-empty variable of k_key_variables. Every
// source may hold the minisign text form, Tauri's base64 of it, or (except
// -f, which is one) the path of a file holding either. Errors never quote a
// value that might be key material.
Result<LoadedSecretKey> load_secret_key(const SecretKeyInput& input, const Environment& environment);

struct PasswordFromEnvironment {
  SecretString password;
  std::string variable;
};
// The first of k_password_variables that is set, even to "" (an empty
// password is a real choice).
std::optional<PasswordFromEnvironment> password_from_environment(const Environment& environment);

// A public key given as the base64 line (`RW…`), the .pub text, Tauri's
// base64 of that text (plugins.updater.pubkey), or the path of a file holding
// any of those.
Result<PublicKey> load_public_key(std::string_view spec);

// Turns key text in either form into minisign's text form; nothing when it
// is neither.
std::optional<std::string> minisign_text_of(std::string_view text);

} // namespace weft::signing

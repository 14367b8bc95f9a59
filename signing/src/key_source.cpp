#include <weft/signing/key_source.hpp>

#include <weft/base/file.hpp>
#include <weft/signing/base64.hpp>

#include "box_text.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <system_error>

namespace weft::signing {

namespace {

constexpr uintmax_t k_max_key_file_size = 64 * 1024;

bool is_existing_file(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

// Paths are never multi-line and rarely long; this keeps a key pasted into
// the wrong variable from being treated as one.
bool could_be_path(std::string_view text) {
  return !text.empty() && text.size() < 4096 && text.find('\n') == std::string_view::npos;
}

Result<std::string> read_key_file(const std::filesystem::path& path) {
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > k_max_key_file_size)
    return fail(Error::input(fmt::format("{}: {} bytes is too large for a key file", path.string(), size)));
  return read_file(path);
}

Result<SecretKeyBox> parse_secret(std::string_view text, const std::string& origin) {
  auto box = SecretKeyBox::parse(text);
  if (!box) return fail(std::move(box.error()).with_context(fmt::format("loading the secret key from {}", origin)));
  return box;
}

Result<LoadedSecretKey> from_file(const std::filesystem::path& path) {
  WEFT_TRY_ASSIGN(std::string content, read_key_file(path));
  std::optional<std::string> text = minisign_text_of(content);
  wipe(content.data(), content.size());
  if (!text)
    return fail(Error::input(fmt::format("{}: not a minisign secret key (neither its text form nor Tauri's base64 "
                                         "form)",
                                         path.string())));
  auto box = parse_secret(*text, path.string());
  wipe(text->data(), text->size());
  if (!box) return fail(box.error());
  return LoadedSecretKey{std::move(*box), path.string()};
}

// A value from -k or the environment: key text, or the path of a key file.
Result<LoadedSecretKey> from_value(std::string_view value, const std::string& origin) {
  if (std::optional<std::string> text = minisign_text_of(value)) {
    auto box = parse_secret(*text, origin);
    wipe(text->data(), text->size());
    if (!box) return fail(box.error());
    return LoadedSecretKey{std::move(*box), origin};
  }
  std::string_view trimmed = detail::trim(value);
  if (could_be_path(trimmed) && is_existing_file(std::filesystem::path(trimmed)))
    return from_file(std::filesystem::path(trimmed));
  return fail(Error::input(fmt::format("{} is neither a minisign secret key, its base64 form (as `tauri signer "
                                       "generate` writes it), nor the path of an existing file",
                                       origin))
                  .with_hint("a key pasted with a line break missing, or a path that does not exist, gives this"));
}

} // namespace

Environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (!value) return std::nullopt;
    return std::string(value);
  };
}

std::optional<std::string> minisign_text_of(std::string_view text) {
  std::string_view trimmed = detail::trim(text);
  if (trimmed.starts_with(detail::k_untrusted_prefix)) return std::string(trimmed) + "\n";
  if (trimmed.find_first_of(" \n\r\t") != std::string_view::npos) return std::nullopt;
  auto decoded = base64_decode(trimmed);
  if (!decoded) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(decoded->data()), decoded->size());
  wipe(decoded->data(), decoded->size());
  if (!detail::trim(out).starts_with(detail::k_untrusted_prefix)) {
    wipe(out.data(), out.size());
    return std::nullopt;
  }
  return out;
}

Result<LoadedSecretKey> load_secret_key(const SecretKeyInput& input, const Environment& environment) {
  if (input.key_file) return from_file(*input.key_file);
  if (input.key) return from_value(*input.key, "the -k/--private-key value");
  for (std::string_view name : k_key_variables) {
    std::optional<std::string> value = environment(name);
    if (!value || detail::trim(*value).empty()) continue;
    auto loaded = name.ends_with("_PATH") ? from_file(std::filesystem::path(detail::trim(*value)))
                                          : from_value(*value, std::string(name));
    wipe(value->data(), value->size());
    return loaded;
  }
  return fail(Error::usage("no secret key: pass -k KEY or -f KEYFILE, or set WEFT_SIGNING_PRIVATE_KEY")
                  .with_hint("TAURI_SIGNING_PRIVATE_KEY and TAURI_SIGNING_PRIVATE_KEY_PATH work too"));
}

std::optional<PasswordFromEnvironment> password_from_environment(const Environment& environment) {
  for (std::string_view name : k_password_variables) {
    std::optional<std::string> value = environment(name);
    if (!value) continue;
    PasswordFromEnvironment out{SecretString(std::move(*value)), std::string(name)};
    return out;
  }
  return std::nullopt;
}

Result<PublicKey> load_public_key(std::string_view spec) {
  auto parse_text = [](std::string_view text) -> std::optional<Result<PublicKey>> {
    std::string_view trimmed = detail::trim(text);
    if (trimmed.starts_with(detail::k_untrusted_prefix)) return PublicKey::from_box(trimmed);
    if (trimmed.find_first_of(" \n\r\t") != std::string_view::npos) return std::nullopt;
    auto decoded = base64_decode(trimmed);
    if (!decoded) return std::nullopt;
    if (decoded->size() == 42 && (*decoded)[0] == 'E' && (*decoded)[1] == 'd') return PublicKey::from_base64(trimmed);
    std::string_view inner(reinterpret_cast<const char*>(decoded->data()), decoded->size());
    if (detail::trim(inner).starts_with(detail::k_untrusted_prefix)) return PublicKey::from_box(inner);
    return std::nullopt;
  };
  if (auto parsed = parse_text(spec)) return std::move(*parsed);
  std::string_view trimmed = detail::trim(spec);
  if (could_be_path(trimmed) && is_existing_file(std::filesystem::path(trimmed))) {
    WEFT_TRY_ASSIGN(std::string content, read_key_file(std::filesystem::path(trimmed)));
    if (auto parsed = parse_text(content)) {
      if (!*parsed)
        return fail(std::move(parsed->error()).with_context(fmt::format("loading the public key from {}", trimmed)));
      return std::move(*parsed);
    }
    return fail(Error::input(fmt::format("{}: not a minisign public key", trimmed)));
  }
  std::string shown(trimmed.substr(0, 60));
  return fail(Error::input(fmt::format("public key `{}{}` is neither a minisign public key (`RW…`, its .pub text, "
                                       "or Tauri's base64 form) nor an existing file",
                                       detail::printable(shown), trimmed.size() > 60 ? "…" : "")));
}

} // namespace weft::signing

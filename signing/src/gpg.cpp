#include <weft/signing/gpg.hpp>

#include <weft/base/file.hpp>
#include <weft/base/process.hpp>

#include <fmt/format.h>

namespace weft::signing {

Result<std::string> gpg_detach_sign(const std::filesystem::path& file, const GpgKey& key, int64_t time) {
  const std::filesystem::path signature = file.string() + ".sig";
  Command gpg;
  gpg.argv = {"gpg",
              "--batch",
              "--no-tty",
              "--yes",
              "--pinentry-mode",
              "loopback",
              "--faked-system-time",
              fmt::format("{}!", time),
              "--ignore-time-conflict",
              "--digest-algo",
              "SHA256",
              "--local-user",
              key.id,
              "--detach-sign",
              "--output",
              signature.string()};
  if (key.passphrase) {
    gpg.argv.insert(gpg.argv.begin() + 1, {"--passphrase-fd", "0"});
    gpg.stdin_mode = StdinMode::data;
    gpg.stdin_data = *key.passphrase + "\n";
    gpg.redact.values.push_back(*key.passphrase);
  }
  gpg.argv.push_back(file.string());
  auto result = run_process(gpg);
  if (!result)
    return fail(std::move(result).error().with_context(fmt::format("signing with GPG key {}", key.id))
                    .with_hint("check the key with `gpg --list-secret-keys`, and its passphrase"));
  auto bytes = read_file(signature);
  std::error_code ec;
  std::filesystem::remove(signature, ec);
  return bytes;
}

} // namespace weft::signing

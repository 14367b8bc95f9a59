#include <weft/signing/gpg.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace weft::signing {

namespace {

std::vector<std::string> base_arguments(const GpgKey& key) {
  std::vector<std::string> argv = {key.program, "--batch", "--no-tty", "--quiet"};
  if (!key.home.empty()) {
    argv.push_back("--homedir");
    argv.push_back(key.home.string());
  }
  return argv;
}

Error missing_gpg(const GpgKey& key) {
  return Error::tool(key.program, "program not found; install the Debian package gnupg")
      .with_hint("apt-get install gnupg");
}

bool not_found(const Error& error, const GpgKey& key) {
  return error.message() == fmt::format("{}: program not found", key.program);
}

} // namespace

Result<std::string> gpg_detach_sign(ProcessRunner& runner, const GpgKey& key, std::string_view data,
                                    const std::filesystem::path& scratch_dir, const GpgSignOptions& options) {
  if (key.user.empty()) return fail(Error::input("no GPG key named to sign with"));
  std::string pattern = (scratch_dir / ".weft-gpg-data-XXXXXX").string();
  const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) return fail(Error::io(scratch_dir.string(), errno, "create a temporary file in"));
  struct Remove {
    std::string path;
    ~Remove() { ::unlink(path.c_str()); }
  } remove{pattern};
  const bool written = ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
  const int error = errno;
  ::close(fd);
  if (!written) return fail(Error::io(pattern, error, "write"));

  Command command;
  command.argv = base_arguments(key);
  if (options.armor) command.argv.push_back("--armor");
  if (options.time) {
    command.argv.push_back("--faked-system-time");
    command.argv.push_back(fmt::format("{}!", *options.time));
    command.argv.push_back("--ignore-time-conflict");
  }
  for (const char* argument : {"--digest-algo", "SHA256", "--detach-sign", "--output", "-", "--local-user"})
    command.argv.push_back(argument);
  command.argv.push_back(key.user);
  if (!key.passphrase.empty()) {
    for (const char* argument : {"--pinentry-mode", "loopback", "--passphrase-fd", "0"})
      command.argv.push_back(argument);
    command.stdin_mode = StdinMode::data;
    command.stdin_data = std::string(key.passphrase.view()) + "\n";
  }
  command.argv.push_back(pattern);
  command.stdout_mode = OutputMode::capture;
  auto result = runner.run(command);
  wipe(command.stdin_data.data(), command.stdin_data.size());
  if (!result) {
    if (not_found(result.error(), key)) return fail(missing_gpg(key));
    return fail(with_last_stderr_line(result.error()).with_context(fmt::format("signing with the GPG key {}", key.user)));
  }
  if (options.armor ? result->out.find("-----BEGIN PGP SIGNATURE-----") == std::string::npos : result->out.empty())
    return fail(Error::tool(key.program, "printed no signature"));
  return std::move(result->out);
}

Result<std::string> gpg_export_public_key(ProcessRunner& runner, const GpgKey& key) {
  Command command;
  command.argv = base_arguments(key);
  for (const char* argument : {"--armor", "--export"}) command.argv.push_back(argument);
  command.argv.push_back(key.user);
  command.stdout_mode = OutputMode::capture;
  auto result = runner.run(command);
  if (!result) {
    if (not_found(result.error(), key)) return fail(missing_gpg(key));
    return fail(with_last_stderr_line(result.error()).with_context(fmt::format("exporting the GPG key {}", key.user)));
  }
  if (result->out.find("-----BEGIN PGP PUBLIC KEY BLOCK-----") == std::string::npos)
    return fail(Error::input(fmt::format("GPG has no public key {}", key.user))
                    .with_hint("list the keys with gpg --list-keys (and --homedir when one is set)"));
  return std::move(result->out);
}

} // namespace weft::signing

// `weft signer generate|sign|verify`: minisign-compatible update signing,
// interchangeable with `tauri signer` and `minisign`.
#include "command.hpp"
#include "diagnostic_printer.hpp"

#include <weft/base/file.hpp>
#include <weft/signing/key_files.hpp>
#include <weft/signing/key_source.hpp>
#include <weft/signing/minisign_key.hpp>
#include <weft/signing/reproducible_time.hpp>
#include <weft/signing/sign_file.hpp>

#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <optional>
#include <termios.h>
#include <thread>
#include <unistd.h>

namespace weft::cli {

namespace {

using signing::SecretString;

// Where a password may come from on the command line. The value of -p is
// never echoed: it is read here and nowhere else.
struct PasswordOptions {
  std::optional<std::string> password; // -p: accepted for Tauri compatibility
  bool from_stdin = false;              // --password-stdin
};

void add_password_options(CLI::App& command, PasswordOptions& options) {
  auto* inline_password = command.add_option(
      "-p,--password", options.password,
      "The key's password. Visible to other users in the process list: prefer --password-stdin or "
      "WEFT_SIGNING_PRIVATE_KEY_PASSWORD");
  auto* from_stdin = command.add_flag("--password-stdin", options.from_stdin,
                                      "Read the password from the first line of standard input");
  inline_password->excludes(from_stdin);
}

void warn(const GlobalOptions& global, std::string message, std::string hint = {}) {
  Error warning = Error::input(std::move(message)).with_severity(Severity::warning);
  if (!hint.empty()) warning.with_hint(std::move(hint));
  print_warning(stderr, warning, global.color);
}

void warn_about_argv_password(const GlobalOptions& global) {
  warn(global, "-p puts the password in the process list, where other users of this machine can read it",
       "use --password-stdin or WEFT_SIGNING_PRIVATE_KEY_PASSWORD instead");
}

// Reads one line from standard input (without its line ending).
Result<SecretString> read_password_line(int fd) {
  std::string line;
  line.reserve(1024); // no reallocation: no stray copies of the password
  for (;;) {
    char c = 0;
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(Error::io("standard input", errno, "read"));
    if (n == 0 || c == '\n') break;
    if (line.size() == line.capacity() - 1) {
      signing::wipe(line.data(), line.size());
      return fail(Error::input("the password on standard input is longer than 1023 bytes"));
    }
    line += c;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return SecretString(std::move(line));
}

// The terminal's settings while echo is off, restored on Ctrl-C too.
int g_tty_fd = -1;
struct termios g_tty_saved {};

extern "C" void restore_tty_and_reraise(int signal_number) {
  if (g_tty_fd >= 0) ::tcsetattr(g_tty_fd, TCSAFLUSH, &g_tty_saved);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) != 0; }

// Asks on the controlling terminal with echo off.
Result<SecretString> prompt_password(const std::string& prompt) {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return fail(Error::io("/dev/tty", errno, "open"));
  struct termios saved {};
  bool have_termios = ::tcgetattr(fd, &saved) == 0;
  if (have_termios) {
    g_tty_fd = fd;
    g_tty_saved = saved;
    std::signal(SIGINT, restore_tty_and_reraise);
    std::signal(SIGTERM, restore_tty_and_reraise);
    struct termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  [[maybe_unused]] ssize_t ignored = ::write(fd, prompt.data(), prompt.size());
  auto password = read_password_line(fd);
  if (have_termios) {
    ::tcsetattr(fd, TCSAFLUSH, &saved);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    g_tty_fd = -1;
  }
  ignored = ::write(fd, "\n", 1);
  ::close(fd);
  return password;
}

bool ci_mode(bool flag) {
  if (flag) return true;
  const char* ci = std::getenv("CI");
  return ci && *ci && std::string_view(ci) != "false" && std::string_view(ci) != "0";
}

std::string key_id_of(const signing::PublicKey& key) { return key.id.to_hex(); }

// ---------------------------------------------------------------- generate

struct GenerateOptions {
  std::string write_keys;
  PasswordOptions password;
  bool force = false;
  bool ci = false;
};

Result<SecretString> generate_password(const GenerateOptions& options, const GlobalOptions& global) {
  if (options.password.password) {
    warn_about_argv_password(global);
    return SecretString(*options.password.password);
  }
  if (options.password.from_stdin) return read_password_line(STDIN_FILENO);
  if (!ci_mode(options.ci) && stdin_is_terminal()) {
    WEFT_TRY_ASSIGN(SecretString first, prompt_password("Password for the new key (empty for none): "));
    WEFT_TRY_ASSIGN(SecretString second, prompt_password("Repeat the password: "));
    if (first.view() != second.view()) return fail(Error::input("the two passwords differ"));
    return first;
  }
  if (!ci_mode(options.ci))
    return fail(Error::usage("no password given and no terminal to ask on")
                    .with_hint("pass --password-stdin, or --ci to encrypt the key with the empty password"));
  warn(global, "no password: the key is encrypted with the empty password (as `tauri signer generate --ci`)",
       "anyone who gets the key file can sign updates; prefer --password-stdin");
  return SecretString();
}

Result<int> run_generate(const GenerateOptions& options, const GlobalOptions& global) {
  std::filesystem::path key_path = options.write_keys;
  std::filesystem::path public_path = key_path;
  public_path += ".pub";
  if (!options.write_keys.empty() && !options.force) {
    for (const auto& path : {key_path, public_path}) {
      std::error_code ec;
      if (std::filesystem::exists(std::filesystem::symlink_status(path, ec)))
        return fail(Error::input(fmt::format("{} already exists", path.string()))
                        .with_hint("pass --force to overwrite it (the old key can then no longer sign updates)"));
    }
  }
  WEFT_TRY_ASSIGN(SecretString password, generate_password(options, global));
  WEFT_TRY_ASSIGN(signing::SecretKey key, signing::SecretKey::generate());
  WEFT_TRY_ASSIGN(signing::SecretKeyBox box, signing::SecretKeyBox::seal(key, password));
  signing::PublicKey public_key = key.public_key();

  std::string secret_text = box.to_tauri_form();
  if (!options.write_keys.empty()) {
    auto overwrite = options.force ? signing::KeyFileOverwrite::yes : signing::KeyFileOverwrite::no;
    WEFT_TRY(signing::write_key_files(key_path, secret_text, public_path, public_key.to_tauri_form(), overwrite));
  }

  if (global.json) {
    nlohmann::json out = {{"ok", true}, {"keyId", key_id_of(public_key)}, {"publicKey", public_key.to_tauri_form()}};
    if (options.write_keys.empty())
      out["privateKey"] = secret_text;
    else {
      out["privateKeyPath"] = key_path.string();
      out["publicKeyPath"] = public_path.string();
    }
    std::printf("%s\n", out.dump().c_str());
  } else {
    std::printf("Key pair generated, key id %s.\n\n", key_id_of(public_key).c_str());
    if (options.write_keys.empty()) {
      std::printf("Private key (keep it secret):\n%s\n\n", secret_text.c_str());
    } else {
      std::printf("Private key: %s (mode 0600; keep it secret)\nPublic key:  %s\n\n", key_path.string().c_str(),
                  public_path.string().c_str());
    }
    std::printf("Public key, for plugins.updater.pubkey in weft.conf.json:\n%s\n\n",
                public_key.to_tauri_form().c_str());
    std::printf("To sign, set:\n"
                "  WEFT_SIGNING_PRIVATE_KEY           the private key's text, or the path of its file\n"
                "  WEFT_SIGNING_PRIVATE_KEY_PASSWORD  its password\n"
                "(TAURI_SIGNING_PRIVATE_KEY and TAURI_SIGNING_PRIVATE_KEY_PASSWORD are read too.)\n"
                "If you lose the private key or its password, installed apps can no longer be updated.\n");
  }
  signing::wipe(secret_text.data(), secret_text.size());
  return 0;
}

// -------------------------------------------------------------------- sign

struct SignOptions {
  std::optional<std::string> key;
  std::optional<std::string> key_file;
  PasswordOptions password;
  std::optional<std::string> app_version;
  bool ci = false;
  std::vector<std::string> files;
};

struct PasswordChoice {
  SecretString password;
  std::string source; // for messages: where it came from, never what it is
};

Result<PasswordChoice> sign_password(const SignOptions& options, const signing::LoadedSecretKey& loaded,
                                     const signing::Environment& environment, const GlobalOptions& global) {
  if (options.password.password) {
    warn_about_argv_password(global);
    return PasswordChoice{SecretString(*options.password.password), "-p"};
  }
  if (options.password.from_stdin) {
    WEFT_TRY_ASSIGN(SecretString password, read_password_line(STDIN_FILENO));
    return PasswordChoice{std::move(password), "--password-stdin"};
  }
  if (auto from_env = signing::password_from_environment(environment))
    return PasswordChoice{std::move(from_env->password), from_env->variable};
  if (loaded.box.encryption() == signing::KeyEncryption::none) return PasswordChoice{SecretString(), "none needed"};
  if (!ci_mode(options.ci) && stdin_is_terminal()) {
    WEFT_TRY_ASSIGN(SecretString password, prompt_password(fmt::format("Password for {}: ", loaded.origin)));
    return PasswordChoice{std::move(password), "the terminal"};
  }
  // As the Tauri CLI does without a terminal: try the empty password.
  return PasswordChoice{SecretString(), "none given (empty password tried)"};
}

// Hashes every file on a second thread while the key is being decrypted
// (scrypt takes as long as hashing a few hundred MB).
class BackgroundHasher {
public:
  explicit BackgroundHasher(const std::vector<std::string>& files) : m_files(files) {
    m_results.resize(files.size());
    m_thread = std::thread([this] {
      for (size_t i = 0; i < m_files.size(); ++i) m_results[i] = signing::blake2b512_file(m_files[i], &m_cancel);
    });
  }
  ~BackgroundHasher() { cancel(); }
  BackgroundHasher(const BackgroundHasher&) = delete;
  BackgroundHasher& operator=(const BackgroundHasher&) = delete;

  void cancel() {
    m_cancel = true;
    if (m_thread.joinable()) m_thread.join();
  }
  std::vector<std::optional<Result<signing::Blake2b512Digest>>>& wait() {
    if (m_thread.joinable()) m_thread.join();
    return m_results;
  }

private:
  const std::vector<std::string>& m_files;
  std::atomic<bool> m_cancel{false};
  std::vector<std::optional<Result<signing::Blake2b512Digest>>> m_results;
  std::thread m_thread;
};

Result<int> run_sign(const SignOptions& options, const GlobalOptions& global) {
  for (const std::string& file : options.files) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
      return fail(Error::io(file, ec ? ec.value() : (std::filesystem::exists(file) ? EISDIR : ENOENT), "sign"));
  }
  signing::Environment environment = signing::process_environment();
  signing::SecretKeyInput input;
  input.key = options.key;
  if (options.key_file) input.key_file = *options.key_file;
  WEFT_TRY_ASSIGN(signing::LoadedSecretKey loaded, signing::load_secret_key(input, environment));
  if (options.key && loaded.origin == "the -k/--private-key value" &&
      loaded.box.encryption() == signing::KeyEncryption::none)
    warn(global, "an unencrypted key on the command line is visible to other users in the process list",
         "use -f KEYFILE or WEFT_SIGNING_PRIVATE_KEY");

  BackgroundHasher hasher(options.files);
  WEFT_TRY_ASSIGN(PasswordChoice password, sign_password(options, loaded, environment, global));
  auto key = loaded.box.open(password.password);
  if (!key) {
    hasher.cancel();
    Error error = std::move(key.error());
    if (loaded.box.encryption() == signing::KeyEncryption::scrypt && error.code() == ExitCode::input)
      error.with_hint(fmt::format("password from: {}; key from: {}", password.source, loaded.origin));
    return fail(std::move(error));
  }
  password.password.clear();

  WEFT_TRY_ASSIGN(int64_t timestamp, signing::timestamp_now());
  signing::SignOptions sign_options;
  sign_options.timestamp = timestamp;
  sign_options.version = options.app_version;
  auto& digests = hasher.wait();
  nlohmann::json results = nlohmann::json::array();
  for (size_t i = 0; i < options.files.size(); ++i) {
    std::filesystem::path file = options.files[i];
    if (!*digests[i]) return fail(std::move(digests[i]->error()));
    WEFT_TRY_ASSIGN(signing::Signature signature,
                    signing::sign_digest(**digests[i], file.filename().string(), *key, sign_options));
    std::filesystem::path sig_path = signing::signature_path_for(file);
    WEFT_TRY(signing::write_sig_file(sig_path, signature));
    std::string encoded = signing::encode_sig_file(signature);
    if (global.json) {
      results.push_back({{"file", file.string()},
                         {"signatureFile", sig_path.string()},
                         {"signature", encoded},
                         {"keyId", signature.key_id.to_hex()},
                         {"trustedComment", signature.trusted_comment}});
    } else {
      std::printf("Signed %s -> %s (key %s)\n%s\n", file.string().c_str(), sig_path.string().c_str(),
                  signature.key_id.to_hex().c_str(), encoded.c_str());
    }
  }
  if (global.json) std::printf("%s\n", nlohmann::json({{"ok", true}, {"signatures", results}}).dump().c_str());
  return 0;
}

// ------------------------------------------------------------------ verify

struct VerifyOptions {
  std::string pubkey;
  std::string file;
  std::optional<std::string> signature;
  std::optional<std::string> app_version;
};

Result<int> run_verify(const VerifyOptions& options, const GlobalOptions& global) {
  WEFT_TRY_ASSIGN(signing::PublicKey public_key, signing::load_public_key(options.pubkey));
  std::filesystem::path sig_path;
  if (options.signature) {
    sig_path = *options.signature;
  } else {
    sig_path = signing::signature_path_for(options.file);
    std::filesystem::path minisig = options.file + ".minisig";
    std::error_code ec;
    if (!std::filesystem::exists(sig_path, ec) && std::filesystem::exists(minisig, ec)) sig_path = minisig;
  }
  WEFT_TRY_ASSIGN(std::string sig_text, read_file(sig_path));
  auto signature = signing::decode_sig_file(sig_text);
  if (!signature) {
    Location where;
    where.file = sig_path.string();
    return fail(std::move(signature.error()).with_location(std::move(where)));
  }

  signing::VerifyOptions verify_options;
  verify_options.expected_version = options.app_version;
  WEFT_TRY_ASSIGN(signing::VerifiedSignature verified,
                  signing::verify_file(options.file, public_key, *signature, verify_options));
  if (global.json) {
    nlohmann::json out = {{"ok", true},
                          {"file", options.file},
                          {"signatureFile", sig_path.string()},
                          {"keyId", public_key.id.to_hex()},
                          {"trustedComment", verified.trusted_comment}};
    if (verified.comment.version) out["version"] = *verified.comment.version;
    std::printf("%s\n", out.dump().c_str());
  } else {
    std::printf("Signature valid: %s (key %s%s)\nTrusted comment: %s\n", options.file.c_str(),
                public_key.id.to_hex().c_str(),
                verified.algorithm == signing::SignatureAlgorithm::legacy ? ", legacy non-prehashed" : "",
                verified.trusted_comment.c_str());
  }
  return 0;
}

} // namespace

void setup_signer(CLI::App& root, CommandContext context) {
  CLI::App* signer = root.add_subcommand("signer", "Generate update signing keys, sign and verify files (minisign)");
  signer->require_subcommand(1);

  auto generate = std::make_shared<GenerateOptions>();
  CLI::App* g = signer->add_subcommand("generate", "Generate a key pair (secret key encrypted with scrypt)");
  g->add_option("-w,--write-keys", generate->write_keys, "Write the secret key to PATH (0600) and PATH.pub");
  add_password_options(*g, generate->password);
  g->add_flag("-f,--force", generate->force, "Overwrite existing key files");
  g->add_flag("--ci", generate->ci, "Never prompt; no password means the empty password (also when CI is set)");
  g->callback([generate, context] {
    context.action = [generate, &global = context.global] { return run_generate(*generate, global); };
  });

  auto sign = std::make_shared<SignOptions>();
  CLI::App* s = signer->add_subcommand("sign", "Sign files: writes FILE.sig, as `tauri signer sign` does");
  auto* key_text = s->add_option("-k,--private-key", sign->key,
                                 "The secret key: minisign text, Tauri's base64 form, or a path "
                                 "[env: WEFT_SIGNING_PRIVATE_KEY, TAURI_SIGNING_PRIVATE_KEY]");
  auto* key_file = s->add_option("-f,--private-key-path", sign->key_file, "The secret key's file");
  key_text->excludes(key_file);
  add_password_options(*s, sign->password);
  s->add_option("--app-version", sign->app_version,
                "Bind the signature to this app version (`version:` in the trusted comment)");
  s->add_flag("--ci", sign->ci, "Never prompt for a password (also when CI is set)");
  s->add_option("files", sign->files, "Files to sign")->required()->type_name("FILE");
  s->callback([sign, context] {
    context.action = [sign, &global = context.global] { return run_sign(*sign, global); };
  });

  auto verify = std::make_shared<VerifyOptions>();
  CLI::App* v = signer->add_subcommand("verify", "Verify a file's signature, its key id and signed version");
  v->add_option("-P,--pubkey", verify->pubkey,
                "The public key: `RW…`, a .pub file's text, Tauri's base64 form, or a path")
      ->required();
  v->add_option("-x,--signature", verify->signature, "The signature file (default: FILE.sig, else FILE.minisig)");
  v->add_option("--app-version", verify->app_version, "Require the signature to be bound to this version");
  v->add_option("file", verify->file, "The signed file")->required()->type_name("FILE");
  v->callback([verify, context] {
    context.action = [verify, &global = context.global] { return run_verify(*verify, global); };
  });
}

} // namespace weft::cli

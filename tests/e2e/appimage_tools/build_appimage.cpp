// Test driver for the AppImage writer until `weft bundle` drives it (issue
// 6): builds OUTPUT from APPDIR with the runtime weft ships.
// usage: weft_appimage_build APPDIR OUTPUT [--update-information TEXT] [--sign GPG_KEY]
// With --sign, gpg uses GNUPGHOME and the passphrase in WEFT_GPG_PASSPHRASE.
// Exit codes and the one-line error are weft's.
#include <weft/base/process.hpp>
#include <weft/bundlers/appimage_file.hpp>
#include <weft/bundlers/appimage_runtime.hpp>
#include <weft/signing/reproducible_time.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

int report(const weft::Error& error) {
  std::string line = "weft_appimage_build: " + error.headline();
  if (!error.hint().empty()) line += " (hint: " + error.hint() + ")";
  std::fprintf(stderr, "%s\n", line.c_str());
  return static_cast<int>(error.code());
}

int usage(const char* program) {
  std::fprintf(stderr, "usage: %s APPDIR OUTPUT [--update-information TEXT] [--sign GPG_KEY]\n", program);
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage(argv[0]);
  weft::bundlers::AppImageFileOptions options;
  for (int i = 3; i < argc; i += 2) {
    const std::string option = argv[i];
    if (i + 1 >= argc) return usage(argv[0]);
    if (option == "--update-information") {
      options.update_information = argv[i + 1];
    } else if (option == "--sign") {
      weft::signing::GpgKey key;
      key.user = argv[i + 1];
      if (const char* passphrase = std::getenv("WEFT_GPG_PASSPHRASE"))
        key.passphrase = weft::signing::SecretString(passphrase);
      options.signing = std::move(key);
    } else {
      return usage(argv[0]);
    }
  }
  auto epoch = weft::signing::source_date_epoch();
  if (!epoch) return report(epoch.error());
  options.timestamp = epoch->value_or(0);
  auto runtime = weft::bundlers::find_appimage_runtime();
  if (!runtime) return report(runtime.error());
  options.runtime = *runtime;
  weft::SystemProcessRunner runner;
  if (auto written = weft::bundlers::write_appimage(runner, argv[1], argv[2], options); !written)
    return report(written.error());
  return 0;
}

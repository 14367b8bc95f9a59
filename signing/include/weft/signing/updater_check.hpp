#pragma once

#include <weft/base/error.hpp>
#include <weft/signing/fetcher.hpp>
#include <weft/signing/minisign_key.hpp>
#include <weft/signing/minisign_signature.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace weft::signing {

struct UpdaterCheckOptions {
  std::string manifest;        // an http(s)/file URL, or a local path
  PublicKey public_key;
  std::string current_version; // the version the app runs now
  std::string target;          // `<os>-<arch>`; "" = host_platform_key()
  std::string bundle;          // tried first as `<target>-<bundle>`; "" = none
  bool require_signed_version = false;
};

// One completed step, reported as it completes.
struct CheckStep {
  std::string name;   // "manifest", "version", "platform", "download", "signature", "signed version"
  std::string detail;
  bool warning = false;
};
using StepReporter = std::function<void(const CheckStep&)>;

struct UpdaterCheckResult {
  std::string version;
  std::string platform_key; // "" for a dynamic server's answer
  std::string url;
  uint64_t bytes = 0;
  std::string trusted_comment;
};

// Does what the app's updater does before installing: fetch the manifest,
// pick this platform's entry, check that it is newer (SemVer), download the
// artifact, verify its signature with the app's public key, and check the
// signed version against the manifest's. The first failing step is the
// error. The artifact goes to a temporary directory removed afterwards.
Result<UpdaterCheckResult> run_updater_check(const UpdaterCheckOptions& options, Fetcher& fetcher,
                                             const StepReporter& report);

} // namespace weft::signing

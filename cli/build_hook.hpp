#pragma once

#include <weft/base/error.hpp>
#include <weft/base/process.hpp>
#include <weft/config-schema/manifest.hpp>

#include <string>
#include <utility>
#include <vector>

namespace weft::cli {

// The WEFT_ENV_* variables hooks see: PLATFORM, ARCH, TARGET_TRIPLE, DEBUG.
std::vector<std::pair<std::string, std::string>> hook_environment(std::string_view target_triple, bool debug);

// Runs build.<key> (beforeBuildCommand, beforeBundleCommand) with `sh -c` in
// the project folder (or the hook's cwd); nothing when the key is absent.
// Returns whether it ran. A failure is a tool error (exit code 3) located at
// the manifest's value, naming the hook's exit status, with its output's tail.
Result<bool> run_hook(const config::Manifest& manifest, std::string_view key,
                      const std::vector<std::pair<std::string, std::string>>& environment, bool forward_output,
                      ProcessRunner& runner);

} // namespace weft::cli

#include "build_hook.hpp"

#include "manifest_location.hpp"

#include <fmt/format.h>

namespace weft::cli {

std::vector<std::pair<std::string, std::string>> hook_environment(std::string_view target_triple, bool debug) {
  const std::string triple(target_triple);
  std::string arch = triple.substr(0, triple.find('-'));
  std::string platform = "linux";
  for (std::string_view os : {"windows", "darwin", "android", "ios"})
    if (triple.find(os) != std::string::npos) platform = os == "darwin" ? "macos" : std::string(os);
  return {{"WEFT_ENV_PLATFORM", platform},
          {"WEFT_ENV_ARCH", arch},
          {"WEFT_ENV_TARGET_TRIPLE", triple},
          {"WEFT_ENV_DEBUG", debug ? "true" : "false"}};
}

Result<bool> run_hook(const config::Manifest& manifest, std::string_view key,
                      const std::vector<std::pair<std::string, std::string>>& environment, bool forward_output,
                      ProcessRunner& runner) {
  const std::string pointer = fmt::format("/build/{}", key);
  const nlohmann::json::json_pointer json_pointer(pointer);
  if (!manifest.config.contains(json_pointer)) return false;
  const nlohmann::json& hook = manifest.config.at(json_pointer);
  const std::filesystem::path root = manifest.file.parent_path().empty() ? "." : manifest.file.parent_path();
  std::string script;
  std::filesystem::path cwd = root;
  if (hook.is_string()) {
    script = hook.get<std::string>();
  } else {
    script = hook.at("script").get<std::string>();
    if (hook.contains("cwd")) cwd = root / hook.at("cwd").get<std::string>();
  }

  Command command;
  command.argv = shell_command(script);
  command.cwd = cwd;
  command.env_set = environment;
  command.stdout_mode = forward_output ? OutputMode::forward : OutputMode::tail;
  command.stderr_mode = forward_output ? OutputMode::forward : OutputMode::tail;
  command.check = CheckExit::no;
  WEFT_TRY_ASSIGN(ProcessResult result, runner.run(command));
  if (result.status.success()) return true;
  std::string tail = result.stdout_tail;
  if (!result.stderr_tail.empty()) tail += (tail.empty() || tail.ends_with('\n') ? "" : "\n") + result.stderr_tail;
  if (tail.size() > k_output_tail_bytes) tail = tail.substr(tail.size() - k_output_tail_bytes);
  return fail(Error::tool(key, fmt::format("`{}` {}", script, result.status.describe()), std::move(tail))
                  .with_location(manifest_location(manifest, pointer))
                  .with_hint(fmt::format("the build stops when {} fails; its output is above", key)));
}

} // namespace weft::cli

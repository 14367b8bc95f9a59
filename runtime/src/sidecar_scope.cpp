#include "sidecar_scope.hpp"

#include <regex>
#include <unistd.h>

namespace weft::runtime {
namespace {

bool names(const nlohmann::json& entry, std::string_view name) {
  return entry.is_object() && entry.contains("name") && entry["name"].is_string() &&
         entry["name"].get_ref<const std::string&>() == name;
}

// Whether `args` fit the entry's "args"; `why` says why not.
bool args_fit(const nlohmann::json& entry, const std::vector<std::string>& args, std::string& why) {
  auto rule = entry.find("args");
  if (rule == entry.end() || (rule->is_boolean() && !rule->get<bool>())) {
    if (args.empty()) return true;
    why = "the scope allows no arguments";
    return false;
  }
  if (rule->is_boolean()) return true;
  if (!rule->is_array()) {
    why = "the scope's `args` is neither a boolean nor a list";
    return false;
  }
  if (rule->size() != args.size()) {
    why = "the scope expects " + std::to_string(rule->size()) + " arguments, got " + std::to_string(args.size());
    return false;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const nlohmann::json& want = (*rule)[i];
    if (want.is_string()) {
      if (want.get_ref<const std::string&>() == args[i]) continue;
      why = "argument " + std::to_string(i + 1) + " must be `" + want.get<std::string>() + "`";
      return false;
    }
    if (want.is_object() && want.contains("validator") && want["validator"].is_string()) {
      const std::string& pattern = want["validator"].get_ref<const std::string&>();
      try {
        if (std::regex_match(args[i], std::regex(pattern, std::regex::ECMAScript))) continue;
      } catch (const std::regex_error&) {
        why = "the scope's validator `" + pattern + "` is not a valid regular expression";
        return false;
      }
      why = "argument " + std::to_string(i + 1) + " does not match `" + pattern + "`";
      return false;
    }
    why = "the scope's argument rule " + std::to_string(i + 1) + " is neither a string nor {\"validator\": …}";
    return false;
  }
  return true;
}

} // namespace

Result<void> check_sidecar_scope(const Scopes& scopes, std::string_view name, const std::vector<std::string>& args) {
  for (const nlohmann::json& deny : scopes.deny)
    if (names(deny, name)) return fail(Error::input("the scope denies the sidecar `" + std::string(name) + "`"));
  // Of several entries for the name, the reason shown is the first one's,
  // unless it only counted arguments and a later entry got further.
  std::string reason;
  bool counted_only = false;
  bool named = false;
  for (const nlohmann::json& allow : scopes.allow) {
    if (!names(allow, name)) continue;
    named = true;
    std::string why;
    if (args_fit(allow, args, why)) return {};
    const bool counted = why.starts_with("the scope expects ");
    if (reason.empty() || (counted_only && !counted)) {
      reason = why;
      counted_only = counted;
    }
  }
  if (!named) return fail(Error::input("no scope entry allows the sidecar `" + std::string(name) + "`"));
  return fail(Error::input("the arguments are not allowed for the sidecar `" + std::string(name) + "`: " + reason));
}

std::string_view host_target_triple() {
#if defined(__x86_64__)
  return "x86_64-unknown-linux-gnu";
#elif defined(__aarch64__)
  return "aarch64-unknown-linux-gnu";
#elif defined(__arm__)
  return "armv7-unknown-linux-gnueabihf";
#elif defined(__i386__)
  return "i686-unknown-linux-gnu";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64gc-unknown-linux-gnu";
#else
  return "unknown-unknown-linux-gnu";
#endif
}

Result<std::filesystem::path> resolve_sidecar_path(std::string_view name, const std::filesystem::path& executable_dir) {
  const std::string base = std::filesystem::path(name).filename().string();
  if (base.empty() || base == "." || base == "..")
    return fail(Error::input("the sidecar name `" + std::string(name) + "` has no file name"));
  const std::filesystem::path installed = executable_dir / base;
  if (::access(installed.c_str(), X_OK) == 0) return installed;
  const std::filesystem::path suffixed = executable_dir / (base + "-" + std::string(host_target_triple()));
  if (::access(suffixed.c_str(), X_OK) == 0) return suffixed;
  return fail(Error::input("the sidecar `" + std::string(name) + "` is not installed: no executable " +
                           installed.string())
                  .with_hint("bundle.externalBin files are installed next to the app's executable by its bundle"));
}

} // namespace weft::runtime

// Benchmark (run by hand, see acl_resolve.sh): resolve 200 capabilities over
// 5,000 permissions. It writes a synthetic app to a temporary folder (10
// plugins x 500 permissions in TOML and JSON files, with sets and defaults;
// 200 capability files granting permissions, sets, defaults and scoped
// entries to 20 windows), then times, over several runs:
//   resolve   Registry + capabilities already parsed: acl::resolve() alone
//   registry  Registry::build (generated allow/deny, duplicates, cycles)
//   output    acl.json text
//   load      load_project_acl: every file read and parsed, registry, resolve
// Target (issue 3): resolve <= 100 ms.
#include <weft/config-schema/acl/acl_output.hpp>
#include <weft/config-schema/acl/project_acl.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <filesystem>
#include <fstream>
#include <vector>

namespace acl = weft::config::acl;
namespace fs = std::filesystem;

namespace {

constexpr int k_plugins = 10;
constexpr int k_permissions_per_plugin = 500;
constexpr int k_files_per_plugin = 5;
constexpr int k_sets_per_plugin = 20;
constexpr int k_capabilities = 200;
constexpr int k_grants_per_capability = 30;
constexpr int k_windows = 20;
constexpr int k_runs = 15;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

void make_app(const fs::path& dir) {
  std::string windows, plugins;
  for (int w = 0; w < k_windows; ++w) windows += fmt::format("{}{{\"label\": \"w{}\"}}", w ? ", " : "", w);
  for (int p = 0; p < k_plugins; ++p) plugins += fmt::format("{}\"p{}\": {{\"path\": \"plugins/p{}\"}}", p ? ", " : "", p, p);
  write(dir / "weft.conf.json",
        fmt::format(R"({{"identifier": "com.example.bench", "build": {{"commands": ["greet"]}},
 "app": {{"windows": [{}]}}, "plugins": {{{}}}}})",
                    windows, plugins));
  const int per_file = k_permissions_per_plugin / k_files_per_plugin;
  for (int p = 0; p < k_plugins; ++p) {
    for (int f = 0; f < k_files_per_plugin; ++f) {
      bool json = f % 2 == 1;
      std::string text = json ? "{\"permission\": [\n" : "";
      for (int i = f * per_file; i < (f + 1) * per_file; ++i) {
        if (json)
          text += fmt::format(R"({}  {{"identifier": "perm-{}", "description": "Permission {} of plugin {}.", "commands": {{"allow": ["cmd_{}", "cmd_{}_extra"]}}, "scope": {{"allow": [{{"path": "$APPDATA/p{}/{}/**"}}]}}}})",
                              i == f * per_file ? "" : ",\n", i, i, p, i, i, p, i);
        else
          text += fmt::format("[[permission]]\nidentifier = \"perm-{}\"\ndescription = \"Permission {} of plugin {}.\"\n"
                              "commands.allow = [\"cmd_{}\"]\n{}\n",
                              i, i, p, i, i % 10 == 0 ? "commands.deny = [\"cmd_danger\"]" : "");
      }
      if (json) text += "\n]}\n";
      if (f == 0) {
        for (int s = 0; s < k_sets_per_plugin; ++s) {
          std::string members;
          for (int m = 0; m < 10; ++m)
            members += fmt::format("{}\"perm-{}\"", m ? ", " : "", (s * 25 + m * 3) % k_permissions_per_plugin);
          if (s > 0) members += fmt::format(", \"set-{}\"", s - 1); // chains of sets
          text += fmt::format("[[set]]\nidentifier = \"set-{}\"\ndescription = \"Set {}.\"\npermissions = [{}]\n\n", s,
                              s, members);
        }
        text += "[default]\ndescription = \"Defaults.\"\npermissions = [\"set-3\", \"perm-1\"]\n";
      }
      write(dir / "plugins" / fmt::format("p{}", p) / "permissions" / fmt::format("f{}.{}", f, json ? "json" : "toml"),
            text);
    }
  }
  for (int c = 0; c < k_capabilities; ++c) {
    std::string grants = "\"core:default\"";
    for (int g = 0; g < k_grants_per_capability; ++g) {
      int p = (c + g) % k_plugins;
      int kind = (c * 7 + g) % 10;
      if (kind == 0)
        grants += fmt::format(", \"p{}:set-{}\"", p, (c + g) % k_sets_per_plugin);
      else if (kind == 1)
        grants += fmt::format(", \"p{}:default\"", p);
      else if (kind == 2)
        grants += fmt::format(", {{\"identifier\": \"p{}:perm-{}\", \"allow\": [{{\"path\": \"/cap{}/**\"}}], \"deny\": [{{\"path\": \"/cap{}/secret\"}}]}}",
                              p, (c * 31 + g * 17) % k_permissions_per_plugin, c, c);
      else if (kind == 3)
        grants += fmt::format(", \"p{}:deny-cmd-{}\"", p, (c * 13 + g) % k_permissions_per_plugin);
      else
        grants += fmt::format(", \"p{}:perm-{}\"", p, (c * 31 + g * 17) % k_permissions_per_plugin);
    }
    write(dir / "capabilities" / fmt::format("cap-{:03}.json", c),
          fmt::format(R"({{"identifier": "cap-{}", "windows": ["w{}", "w{}*"], "permissions": [{}]}})", c, c % k_windows,
                      (c + 1) % k_windows, grants));
  }
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// CPU time of this thread, in ms: on a shared machine it shows the work done
// even when the wall clock includes waiting for a core.
double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Stats {
  std::vector<double> samples;
  void add(double v) { samples.push_back(v); }
  double median() {
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
  }
  double min() { return *std::min_element(samples.begin(), samples.end()); }
};

} // namespace

int main() {
  fs::path dir = fs::temp_directory_path() / "weft-bench-acl";
  fs::remove_all(dir);
  make_app(dir);

  weft::config::LoadOptions options;
  options.project_dir = dir;
  auto manifest = weft::config::load_manifest(options);
  if (!manifest) {
    std::fprintf(stderr, "manifest: %s\n", manifest.error().headline().c_str());
    return 1;
  }
  Stats load, registry_time, resolve_time, output_time, resolve_cpu;
  size_t permissions = 0, entries = 0, commands = 0, bytes = 0, capabilities = 0;
  for (int run = 0; run < k_runs; ++run) {
    auto t0 = std::chrono::steady_clock::now();
    acl::ProjectAcl project = acl::load_project_acl(*manifest);
    load.add(ms_since(t0));
    if (project.diagnostics.has_errors()) {
      std::fprintf(stderr, "unexpected: %s\n", project.diagnostics.items().front().headline().c_str());
      return 1;
    }

    weft::Diagnostics d;
    std::vector<acl::PermissionSource> sources;
    for (const acl::PermissionSource& s : project.registry.sources()) sources.push_back(s);
    auto t1 = std::chrono::steady_clock::now();
    acl::Registry registry = acl::Registry::build(std::move(sources), d);
    registry_time.add(ms_since(t1));

    std::vector<const acl::Capability*> active;
    for (size_t i : project.enabled) active.push_back(&project.capabilities[i]);
    acl::ResolveOptions resolve_options{weft::config::Platform::linux, project.window_labels, {}};
    auto t2 = std::chrono::steady_clock::now();
    double c2 = cpu_ms();
    acl::ResolvedAcl resolved = acl::resolve(registry, project.capabilities, active, resolve_options, d);
    resolve_cpu.add(cpu_ms() - c2);
    resolve_time.add(ms_since(t2));

    auto t3 = std::chrono::steady_clock::now();
    std::string text = acl::acl_json_text(resolved);
    output_time.add(ms_since(t3));

    permissions = 0;
    for (const acl::RegistryEntry& e : registry.entries())
      if (e.kind == acl::EntryKind::permission && !e.permission->generated && !e.prefix.starts_with("core")) ++permissions;
    entries = registry.entries().size();
    commands = resolved.commands.size();
    bytes = text.size();
    capabilities = resolved.capabilities.size();
  }
  std::printf("input: %zu capabilities over %zu written permissions (%zu identifiers with sets, defaults, generated "
              "and core); output: %zu commands, acl.json %zu bytes\n",
              capabilities, permissions, entries, commands, bytes);
  std::printf("%-10s %10s %10s   (ms, %d runs)\n", "step", "median", "min", k_runs);
  std::printf("%-10s %10.2f %10.2f\n", "resolve", resolve_time.median(), resolve_time.min());
  std::printf("%-10s %10.2f %10.2f   (CPU time of the resolve step)\n", "resolve-cpu", resolve_cpu.median(),
              resolve_cpu.min());
  std::printf("%-10s %10.2f %10.2f\n", "registry", registry_time.median(), registry_time.min());
  std::printf("%-10s %10.2f %10.2f\n", "output", output_time.median(), output_time.min());
  std::printf("%-10s %10.2f %10.2f\n", "load", load.median(), load.min());
  // WEFT_BENCH_KEEP=1 keeps the app, so `weft check` can be timed on it.
  if (const char* keep = std::getenv("WEFT_BENCH_KEEP"); keep && std::string_view(keep) == "1")
    std::printf("app kept in %s\n", dir.c_str());
  else
    fs::remove_all(dir);
  return 0;
}

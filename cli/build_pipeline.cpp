// The build pipeline `weft build` and `weft dev` share. Each step records
// the digest of its inputs in target/<profile>/.weft-state.json and is
// skipped when they did not change.
#include "build_pipeline.hpp"

#include "backend_build.hpp"
#include "build_hook.hpp"
#include "build_state.hpp"
#include "context_generator.hpp"
#include "diagnostic_printer.hpp"
#include "frontend_files.hpp"
#include "manifest_location.hpp"
#include "tool_lookup.hpp"

#include <weft/base/file.hpp>
#include <weft/base/hex.hpp>
#include <weft/base/parallel.hpp>
#include <weft/bundlers/bundle_context.hpp>
#include <weft/config-schema/acl/acl_output.hpp>
#include <weft/config-schema/acl/project_acl.hpp>
#include <weft/signing/digest.hpp>

#include <weft_version.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace weft::cli {

namespace fs = std::filesystem;

namespace {

// Bumped when the generated context's format changes, so that old outputs
// are regenerated.
constexpr std::string_view k_context_format = "context-1";

// Folders weft itself makes beside the binary in target/<profile>/.
constexpr std::string_view k_gen_dir = "gen";
constexpr std::string_view k_backend_dir = "backend";
constexpr std::string_view k_bundle_dir = "bundle";

std::string digest_of(std::initializer_list<std::string_view> parts) {
  std::string joined;
  for (std::string_view p : parts) {
    joined += std::to_string(p.size());
    joined += ':';
    joined += p;
  }
  return hex_lower(signing::digest_bytes(signing::DigestAlgorithm::sha256, joined));
}

// Hashes the files whose size or mtime differ from the recorded ones (in
// parallel, largest first).
Result<void> hash_files(std::vector<FrontendFile>& files, const BuildState& previous, BuildState& next) {
  std::vector<std::string> keys(files.size());
  std::vector<size_t> todo;
  for (size_t i = 0; i < files.size(); ++i) {
    FrontendFile& file = files[i];
    keys[i] = fs::absolute(file.source).lexically_normal().string();
    auto it = previous.files.find(keys[i]);
    if (it != previous.files.end() && it->second.size == file.size && it->second.mtime_ns == file.mtime_ns)
      file.sha256 = it->second.sha256;
    else
      todo.push_back(i);
  }
  std::stable_sort(todo.begin(), todo.end(), [&](size_t a, size_t b) { return files[a].size > files[b].size; });
  WEFT_TRY(parallel_for(todo.size(), 0, [&](size_t k) -> Result<void> {
    FrontendFile& file = files[todo[k]];
    WEFT_TRY_ASSIGN(std::vector<uint8_t> digest, signing::digest_file(signing::DigestAlgorithm::sha256, file.source));
    file.sha256 = hex_lower(digest);
    return {};
  }));
  for (size_t i = 0; i < files.size(); ++i) next.files[keys[i]] = {files[i].size, files[i].mtime_ns, files[i].sha256};
  return {};
}

// What the resolved ACL depends on: the manifest, the capability and
// permission files (the app's and its plugins'), and weft itself (the core
// permissions are compiled in).
std::string acl_inputs_digest(const config::Manifest& manifest) {
  const fs::path root = manifest.file.parent_path().empty() ? fs::path(".") : manifest.file.parent_path();
  std::vector<fs::path> dirs = {root / config::acl::k_capabilities_dir, root / config::acl::k_permissions_dir};
  if (auto plugins = manifest.config.find("plugins"); plugins != manifest.config.end() && plugins->is_object())
    for (const auto& [name, plugin] : plugins->items())
      if (plugin.is_object() && plugin.contains("path") && plugin["path"].is_string())
        dirs.push_back(root / plugin["path"].get<std::string>() / config::acl::k_permissions_dir);
  std::string key = std::string(WEFT_VERSION) + '\n' + manifest.config.dump() + '\n';
  std::error_code ec;
  for (const fs::path& dir : dirs) {
    std::vector<fs::path> files;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file(ec)) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      auto text = read_file(file);
      key += file.string() + '\n' + (text ? *text : std::string("unreadable")) + '\n';
    }
  }
  return hex_lower(signing::digest_bytes(signing::DigestAlgorithm::sha256, key));
}

std::string json_pointer_string(const nlohmann::json& config, std::string_view pointer, std::string fallback) {
  const nlohmann::json::json_pointer p{std::string(pointer)};
  return config.contains(p) && config.at(p).is_string() ? config.at(p).get<std::string>() : fallback;
}

} // namespace

Result<config::Manifest> load_app_manifest(const fs::path& project_dir, const std::vector<std::string>& config,
                                           Steps& steps, const GlobalOptions& global) {
  config::LoadOptions load;
  load.project_dir = project_dir;
  load.overrides = config;
  WEFT_TRY_ASSIGN(config::Manifest manifest, steps.run("load manifest", [&] { return config::load_manifest(load); }));
  for (const Error& w : manifest.warnings) print_warning(stderr, w, global.color);
  return manifest;
}

Result<PipelineResult> build_app(const PipelineOptions& options, const config::Manifest& manifest, Steps& steps,
                                 const GlobalOptions& global, ProcessRunner& runner) {
  const fs::path& project_dir = options.project_dir;
  const bool debug = options.debug;
  const std::string triple = options.target_triple.empty() ? bundlers::host_triple() : options.target_triple;
  fs::path toolchain;
  if (!options.target_triple.empty() && options.target_triple != bundlers::host_triple()) {
    const std::string pointer = "/build/backend/toolchains/" + config::pointer_token(options.target_triple);
    const nlohmann::json::json_pointer p(pointer);
    if (!manifest.config.contains(p))
      return fail(Error::usage(fmt::format("no CMake toolchain file for --target {}", options.target_triple))
                      .with_hint(fmt::format("add build.backend.toolchains[\"{}\"] to weft.conf.json: the path of "
                                             "a CMake toolchain file for that target",
                                             options.target_triple)));
    toolchain = project_dir / manifest.config.at(p).get<std::string>();
    if (!fs::is_regular_file(toolchain))
      return fail(Error::at(manifest_location(manifest, pointer),
                            fmt::format("toolchain file `{}` does not exist", toolchain.string()))
                      .with_hint("the path is relative to weft.conf.json"));
  }

  const std::string profile = debug ? "debug" : "release";
  const fs::path profile_dir =
      options.target_triple.empty() ? project_dir / "target" / profile : project_dir / "target" / triple / profile;
  const fs::path gen_dir = profile_dir / k_gen_dir;
  for (std::string_view reserved : {k_gen_dir, k_backend_dir, k_bundle_dir})
    if (manifest.main_binary_name == reserved)
      return fail(Error::at(manifest_location(manifest, "/mainBinaryName"),
                            fmt::format("mainBinaryName `{}` is the name of a folder weft makes in target/{}/",
                                        reserved, profile))
                      .with_hint("choose another name for the binary"));

  const fs::path state_file = profile_dir / k_state_file;
  const BuildState previous = load_build_state(state_file);
  BuildState next;
  next.steps = previous.steps;

  // The security policy, resolved and written to gen/acl.json; skipped when
  // the manifest and the policy files are unchanged.
  const std::string acl_digest = acl_inputs_digest(manifest);
  std::string acl_json;
  auto resolve_acl = [&]() -> Result<void> {
    if (previous.step("acl") == acl_digest) {
      if (auto text = read_file(gen_dir / "acl.json")) {
        acl_json = std::move(*text);
        steps.skipped();
        return {};
      }
    }
    config::acl::ProjectAclOptions acl_options;
    WEFT_TRY_ASSIGN(config::acl::AclBuild acl, config::acl::build_acl(manifest, acl_options, gen_dir));
    for (const Error& w : acl.warnings) print_warning(stderr, w, global.color);
    acl_json = config::acl::acl_json_text(acl.acl.resolved);
    next.steps["acl"] = acl_digest;
    return {};
  };
  WEFT_TRY(steps.run("resolve ACL", resolve_acl));

  const auto environment = hook_environment(triple, debug);
  auto before_build = [&]() -> Result<bool> {
    if (!options.embed_frontend) {
      steps.skipped();
      return false;
    }
    auto ran = run_hook(manifest, "beforeBuildCommand", environment, options.forward_output, runner);
    if (ran && !*ran) steps.skipped();
    return ran;
  };
  WEFT_TRY(steps.run("beforeBuildCommand", before_build));

  auto collect = [&]() -> Result<std::vector<FrontendFile>> {
    if (!options.embed_frontend) {
      steps.skipped();
      return std::vector<FrontendFile>();
    }
    WEFT_TRY_ASSIGN(std::vector<FrontendFile> collected, collect_frontend_files(manifest));
    WEFT_TRY(hash_files(collected, previous, next));
    return collected;
  };
  WEFT_TRY_ASSIGN(std::vector<FrontendFile> files, steps.run("collect frontendDist", collect));

  ContextSource source;
  source.config_json = manifest.config.dump();
  source.acl_json = acl_json;
  source.profile = debug ? BuildProfile::debug : BuildProfile::release;
  source.csp = manifest.config.value(nlohmann::json::json_pointer("/app/security/csp"), nlohmann::json());
  source.csp_keep = manifest.config.value(
      nlohmann::json::json_pointer("/app/security/dangerousDisableAssetCspModification"), nlohmann::json(false));
  source.files = std::move(files);
  std::string files_key;
  for (const FrontendFile& f : source.files) files_key += f.path + '\n' + f.sha256 + '\n';
  const std::string context_digest =
      digest_of({k_context_format, std::to_string(asset_zstd_level(source.profile)), source.config_json,
                 source.acl_json, profile, files_key, gen_dir.string()});
  std::optional<GeneratedContext> generated;
  auto generate = [&]() -> Result<void> {
    if (previous.step("context") == context_digest && fs::exists(gen_dir / "context.cpp") &&
        fs::exists(gen_dir / "assets.S")) {
      steps.skipped();
      return {};
    }
    next.steps.erase("context");
    WEFT_TRY_ASSIGN(generated, generate_context(gen_dir, source));
    next.steps["context"] = context_digest;
    return {};
  };
  WEFT_TRY(steps.run("generate context", generate));

  BackendBuild backend;
  backend.source_dir = project_dir / json_pointer_string(manifest.config, "/build/backend/sourceDir", ".");
  backend.build_dir = profile_dir / k_backend_dir;
  backend.output_dir = profile_dir;
  backend.gen_dir = gen_dir;
  WEFT_TRY_ASSIGN(backend.package_dir, find_cmake_package());
  backend.binary_name = manifest.main_binary_name;
  backend.target = json_pointer_string(manifest.config, "/build/backend/target", manifest.main_binary_name);
  backend.profile = source.profile;
  backend.generator = json_pointer_string(manifest.config, "/build/backend/generator", "");
  backend.ninja = find_on_path("ninja");
  if (backend.generator.empty() && !backend.ninja.empty()) backend.generator = "Ninja";
  if (fs::path ccache = find_on_path("ccache"); !ccache.empty()) backend.launcher = ccache;
  backend.toolchain_file = toolchain;
  if (auto args = manifest.config.find("build"); args != manifest.config.end())
    if (auto b = args->find("backend"); b != args->end() && b->contains("cmakeArgs"))
      backend.extra_args = b->at("cmakeArgs").get<std::vector<std::string>>();
  backend.forward_output = options.forward_output;
  if (!fs::is_regular_file(backend.source_dir / "CMakeLists.txt"))
    return fail(Error::input(fmt::format("no CMakeLists.txt in {}", config::acl::display_path(backend.source_dir)))
                    .with_location(manifest_location(manifest, "/build/backend/sourceDir"))
                    .with_hint("the backend is a CMake project: find_package(weft) then weft_app(<target> SOURCES …)"));

  std::string configure_key;
  for (const std::string& arg : configure_command(backend)) configure_key += arg + '\n';
  const std::string configure_digest = digest_of({configure_key});
  auto configure = [&]() -> Result<void> {
    const bool cached = fs::exists(backend.build_dir / "CMakeCache.txt");
    if (cached && previous.step("configure") == configure_digest) {
      steps.skipped();
      return {};
    }
    next.steps.erase("configure");
    WEFT_TRY(save_build_state(state_file, next)); // a failed configure is retried next time
    WEFT_TRY(configure_backend(backend, cached, runner));
    next.steps["configure"] = configure_digest;
    return {};
  };
  WEFT_TRY(steps.run("configure backend", configure));

  WEFT_TRY(steps.run("build backend", [&] { return build_backend(backend, runner); }));
  const fs::path binary = profile_dir / manifest.main_binary_name;
  if (!fs::is_regular_file(binary))
    return fail(Error(ExitCode::tool, fmt::format("the backend build made no {}", config::acl::display_path(binary)))
                    .with_hint(fmt::format("the CMake target `{}` must be made with weft_app(); set "
                                           "build.backend.target when it is not mainBinaryName",
                                           backend.target)));
  WEFT_TRY(save_build_state(state_file, next));

  PipelineResult out;
  out.binary = binary;
  out.profile = profile;
  out.triple = triple;
  out.asset_files = source.files.size();
  for (const FrontendFile& f : source.files) out.asset_bytes += f.size;
  if (generated) out.stored_bytes = generated->stored_bytes;
  return out;
}

} // namespace weft::cli

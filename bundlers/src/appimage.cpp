#include <weft/bundlers/appimage.hpp>

#include "appdir_writer.hpp"
#include "appimage_portable.hpp"
#include "template_text.hpp"

#include <weft/base/process.hpp>
#include <weft/bundlers/appimage_file.hpp>
#include <weft/bundlers/appimage_runtime.hpp>
#include <weft/bundlers/elf_reader.hpp>

#include <fmt/format.h>

#include <cstdlib>

namespace weft::embedded {
std::string_view linux_apprun();
std::string_view linux_apprun_portable();
} // namespace weft::embedded

namespace weft::bundlers {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_settings = "/bundle/linux/appimage";

bool flag(const BundleContext& context, std::string_view key, bool fallback) {
  const nlohmann::json& v = context.value(std::string(k_settings) + "/" + std::string(key));
  return v.is_boolean() ? v.get<bool>() : fallback;
}

// Tauri's name: productName as it is (a path separator or control
// character aside), version, Debian architecture.
std::string appimage_file_name(const BundleContext& context) {
  std::string name = context.manifest->product_name;
  for (char& c : name)
    if (c == '/' || static_cast<unsigned char>(c) < 0x20) c = '_';
  return fmt::format("{}_{}_{}.AppImage", name, context.manifest->version, context.target.deb_arch);
}

Result<void> write_tree(const LinuxStaging& tree, AppDirWriter& appdir) {
  for (const StagedEntry& e : tree.entries) {
    switch (e.kind) {
    case EntryKind::directory:
      WEFT_TRY(appdir.directory(e.path));
      break;
    case EntryKind::symlink:
      WEFT_TRY(appdir.symlink(e.path, e.link_target));
      break;
    case EntryKind::file:
      if (e.source.empty())
        WEFT_TRY(appdir.write(e.path, e.content, e.mode));
      else
        WEFT_TRY(appdir.copy(e.source, e.path, e.mode));
      break;
    }
  }
  return {};
}

// The largest icon the staging installs, as <identifier>.png at the root
// (what the .desktop file's Icon= names) and .DirIcon linking to it.
Result<void> add_root_icon(const BundleContext& context, const LinuxStaging& tree, AppDirWriter& appdir) {
  const std::string suffix = "/apps/" + context.manifest->identifier + ".png";
  const StagedEntry* best = nullptr;
  int best_size = 0;
  for (const StagedEntry& e : tree.entries) {
    if (!e.path.starts_with("usr/share/icons/hicolor/") || !e.path.ends_with(suffix)) continue;
    const int size = std::atoi(e.path.c_str() + std::string_view("usr/share/icons/hicolor/").size());
    if (size > best_size) best = &e, best_size = size;
  }
  if (!best) return {};
  const std::string icon = context.manifest->identifier + ".png";
  WEFT_TRY(appdir.copy(best->source, icon, 0644));
  WEFT_TRY(appdir.symlink(".DirIcon", icon));
  return {};
}

} // namespace

Result<std::vector<Artifact>> bundle_appimage(const BundleContext& context, const LinuxStaging& staging) {
  const config::Manifest& manifest = *context.manifest;
  if (flag(context, "bundleMediaFramework", false))
    return fail(context
                    .error_at(std::string(k_settings) + "/bundleMediaFramework",
                              "bundleMediaFramework: weft cannot ship GStreamer's plugins in an AppImage yet")
                    .with_hint("remove the key (media then plays with the system's GStreamer plugins)"));
  const bool portable = flag(context, "portable", true);
  const bool sign = flag(context, "sign", false);
  if (sign && !context.options.appimage_signing_key)
    return fail(
        context.error_at(std::string(k_settings) + "/sign", "sign is true but no GPG key was given")
            .with_hint("set WEFT_APPIMAGE_SIGNING_KEY to the key's ID (and WEFT_APPIMAGE_SIGNING_KEY_PASSPHRASE)"));

  LinuxStaging tree = staging;
  WEFT_TRY(add_package_files(context, std::string(k_settings) + "/files", tree));
  WEFT_TRY(tree.finish());

  const fs::path root = context.work_dir / "appimage" / "AppDir";
  AppDirWriter appdir(root);
  WEFT_TRY(write_tree(tree, appdir));
  const std::string desktop = "usr/share/applications/" + manifest.identifier + ".desktop";
  for (const StagedEntry& e : tree.entries)
    if (e.path == desktop) WEFT_TRY(appdir.write(manifest.identifier + ".desktop", e.content, 0644));
  WEFT_TRY(add_root_icon(context, tree, appdir));
  const std::string_view apprun = portable ? embedded::linux_apprun_portable() : embedded::linux_apprun();
  WEFT_TRY(appdir.write(
      "AppRun", fill_template(apprun, {{"name", manifest.product_name}, {"binary", staging.binary_name}}), 0755));
  if (portable) {
    std::vector<fs::path> elf_files;
    for (const StagedEntry& e : tree.entries)
      if (e.kind == EntryKind::file && !e.source.empty() && is_elf_file(e.source)) elf_files.push_back(e.source);
    WEFT_TRY(add_portable_runtime(context, elf_files, appdir));
  }

  AppImageFileOptions options;
  WEFT_TRY_ASSIGN(options.runtime, find_appimage_runtime());
  options.timestamp = context.epoch;
  const nlohmann::json& update = context.value(std::string(k_settings) + "/updateInformation");
  if (update.is_string()) options.update_information = update.get<std::string>();
  if (sign) options.signing = context.options.appimage_signing_key;

  const fs::path dir = context.output_root / "appimage";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(Error::io(dir.string(), ec.value(), "create"));
  const fs::path out = dir / appimage_file_name(context);
  SystemProcessRunner runner;
  if (!options.update_information.empty()) {
    // Checked before any work, and located in the manifest.
    WEFT_TRY_ASSIGN(AppImageRuntime runtime, AppImageRuntime::load(options.runtime));
    if (Result<void> ok = runtime.set_update_information(options.update_information); !ok)
      return fail(context.error_at(std::string(k_settings) + "/updateInformation", ok.error().message())
                      .with_hint("e.g. zsync|https://example.com/app-latest-x86_64.AppImage.zsync or "
                                 "gh-releases-zsync|owner|repo|latest|app-*x86_64.AppImage.zsync"));
  }
  WEFT_TRY(write_appimage(runner, root, out, options));
  WEFT_TRY_ASSIGN(Artifact artifact, finished_artifact(out, BundleFormat::appimage));
  return std::vector<Artifact>{artifact};
}

} // namespace weft::bundlers

#include <weft/config-schema/acl/project_acl.hpp>

#include <weft/base/atomic_file.hpp>
#include <weft/base/file.hpp>
#include <weft/base/spellcheck.hpp>
#include <weft/config-schema/acl/acl_output.hpp>
#include <weft/config-schema/acl/capability_schema.hpp>
#include <weft/config-schema/acl/identifier.hpp>
#include <weft/config-schema/json_source.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace weft::config::acl {

namespace fs = std::filesystem;

namespace {

// Locates pointers of the merged manifest in the file that last set them.
class ManifestLocator final : public LocatedValue {
public:
  explicit ManifestLocator(const Manifest& manifest) {
    for (const std::string& source : manifest.sources) {
      std::error_code ec;
      if (!fs::is_regular_file(source, ec)) continue;
      auto text = read_file(source);
      if (!text) continue;
      auto doc = parse_json(std::move(*text), source, Comments::allowed);
      if (doc) m_documents.push_back(std::move(*doc));
    }
    m_fallback = manifest.sources.empty() ? manifest.file.string() : manifest.sources.front();
  }

  Location locate(std::string_view pointer, bool at_key) const override {
    nlohmann::json::json_pointer p;
    try {
      p = nlohmann::json::json_pointer(std::string(pointer));
    } catch (const nlohmann::json::exception&) {
      return fallback(pointer);
    }
    for (auto it = m_documents.rbegin(); it != m_documents.rend(); ++it)
      if (it->value().contains(p)) return it->locate(pointer, at_key);
    if (!m_documents.empty()) return m_documents.front().locate(pointer, at_key);
    return fallback(pointer);
  }

private:
  std::vector<JsonDocument> m_documents;
  std::string m_fallback;

  Location fallback(std::string_view pointer) const {
    Location where;
    where.file = m_fallback;
    where.pointer = std::string(pointer);
    return where;
  }
};

// Permission or capability files under `dir`, recursively, in path order.
// Hidden entries and `schemas` folders (generated) are skipped.
std::vector<fs::path> policy_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.starts_with(".") || (it->is_directory(ec) && name == "schemas")) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && format_of(it->path())) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<PermissionFile> read_permission_files(const fs::path& dir, Diagnostics& out) {
  std::vector<PermissionFile> files;
  for (const fs::path& path : policy_files(dir)) {
    auto text = read_file(path);
    if (!text) {
      out.add(std::move(text).error());
      continue;
    }
    files.push_back(parse_permission_file(std::move(*text), display_path(path), *format_of(path), out));
  }
  return files;
}

std::vector<std::string> window_labels_of(const nlohmann::json& config) {
  std::vector<std::string> labels;
  auto app = config.find("app");
  if (app == config.end() || !app->is_object()) return labels;
  auto windows = app->find("windows");
  if (windows == app->end() || !windows->is_array()) return labels;
  for (const nlohmann::json& w : *windows)
    if (w.is_object()) labels.push_back(w.value("label", "main"));
  return labels;
}

const nlohmann::json* find_path(const nlohmann::json& root, std::initializer_list<std::string_view> keys) {
  const nlohmann::json* at = &root;
  for (std::string_view key : keys) {
    if (!at->is_object()) return nullptr;
    auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

class ProjectLoader {
public:
  ProjectLoader(const Manifest& manifest, const ProjectAclOptions& options)
      : m_manifest(manifest), m_options(options), m_locator(manifest) {}

  ProjectAcl run() {
    Diagnostics permission_diagnostics;
    std::vector<PermissionSource> sources = core_permission_sources(permission_diagnostics);
    load_plugins(sources, permission_diagnostics);
    load_app_permissions(sources, permission_diagnostics);
    Registry registry = Registry::build(std::move(sources), permission_diagnostics);

    ProjectAcl acl{std::move(registry), {}, {}, {}, window_labels_of(m_manifest.config), {}, {}, true};
    acl.permissions_ok = !permission_diagnostics.has_errors();
    Diagnostics capability_diagnostics;
    load_capabilities(acl, capability_diagnostics);

    ResolveOptions resolve_options{m_options.target, acl.window_labels, m_options.unmatched_windows};
    std::vector<const Capability*> active;
    for (size_t i : acl.enabled) active.push_back(&acl.capabilities[i]);
    acl.resolved = resolve(acl.registry, acl.capabilities, active, resolve_options, capability_diagnostics);

    std::vector<Error> all = permission_diagnostics.items();
    all.insert(all.end(), capability_diagnostics.items().begin(), capability_diagnostics.items().end());
    // Top to bottom, file by file in the order they were read.
    std::stable_sort(all.begin(), all.end(), [&](const Error& a, const Error& b) {
      return std::tuple(rank(a.location().file), a.location().line, a.location().column) <
             std::tuple(rank(b.location().file), b.location().line, b.location().column);
    });
    for (Error& e : all) acl.diagnostics.add(std::move(e));
    return acl;
  }

private:
  const Manifest& m_manifest;
  const ProjectAclOptions& m_options;
  ManifestLocator m_locator;
  std::map<std::string, size_t> m_file_rank;

  size_t rank(const std::string& file) const {
    auto it = m_file_rank.find(file);
    return it == m_file_rank.end() ? m_file_rank.size() : it->second;
  }
  void ranked(const std::string& file) { m_file_rank.emplace(file, m_file_rank.size()); }
  void ranked(const std::vector<PermissionFile>& files) {
    for (const PermissionFile& f : files) ranked(f.path);
  }

  void load_plugins(std::vector<PermissionSource>& sources, Diagnostics& out) {
    for (const PermissionSource& core : sources) ranked(core.files);
    const nlohmann::json* plugins = find_path(m_manifest.config, {"plugins"});
    if (!plugins || !plugins->is_object()) return;
    for (const auto& [name, config] : plugins->items()) {
      if (!config.is_object() || !config.contains("path") || !config["path"].is_string()) continue;
      std::string pointer = fmt::format("/plugins/{}/path", pointer_token(name));
      Location where = m_locator.locate(pointer, false);
      std::string problem = check_plugin_name(name);
      if (!problem.empty()) {
        out.add(Error::at(m_locator.locate(fmt::format("/plugins/{}", pointer_token(name)), true),
                          "invalid plugin name: " + problem));
        continue;
      }
      fs::path dir = m_manifest.project_dir / config["path"].get<std::string>();
      fs::path permissions = dir / k_permissions_dir;
      std::error_code ec;
      if (!fs::is_directory(dir, ec)) {
        out.add(Error::at(where, fmt::format("plugin `{}`: the folder {} does not exist", name, display_path(dir)))
                    .with_hint("plugins.<name>.path is relative to weft.conf.json"));
        continue;
      }
      if (!fs::is_directory(permissions, ec)) {
        out.add(Error::at(where, fmt::format("plugin `{}`: {} has no permissions/ folder", name, display_path(dir)))
                    .with_hint("a plugin keeps its permission files in <path>/permissions/"));
        continue;
      }
      PermissionSource source;
      source.prefix = name;
      source.origin = fmt::format("plugin `{}`", name);
      source.files = read_permission_files(permissions, out);
      ranked(source.files);
      sources.push_back(std::move(source));
    }
  }

  void load_app_permissions(std::vector<PermissionSource>& sources, Diagnostics& out) {
    PermissionSource app;
    app.origin = "the app";
    app.files = read_permission_files(m_manifest.project_dir / k_permissions_dir, out);
    ranked(app.files);
    for (const std::string& source : m_manifest.sources) ranked(source);
    if (const nlohmann::json* commands = find_path(m_manifest.config, {"build", "commands"});
        commands && commands->is_array()) {
      for (size_t i = 0; i < commands->size(); ++i) {
        const nlohmann::json& c = (*commands)[i];
        if (!c.is_string()) continue;
        Location where = m_locator.locate(fmt::format("/build/commands/{}", i), false);
        std::string problem = check_command_name(c.get<std::string>());
        if (!problem.empty()) {
          out.add(Error::at(where, problem));
          continue;
        }
        app.declared_commands.push_back({c.get<std::string>(), where});
      }
    }
    sources.push_back(std::move(app));
  }

  void add_capability(ProjectAcl& acl, Capability cap, std::map<std::string, size_t>& by_id, Diagnostics& out) {
    auto it = by_id.find(cap.identifier);
    if (it != by_id.end()) {
      const Location& first = acl.capabilities[it->second].location;
      out.add(Error::at(cap.location, fmt::format("duplicate capability identifier `{}`", cap.identifier))
                  .with_hint(fmt::format("`{}` is already defined at {}:{}:{}", cap.identifier, first.file, first.line,
                                         first.column)));
      return;
    }
    by_id.emplace(cap.identifier, acl.capabilities.size());
    acl.capabilities.push_back(std::move(cap));
  }

  void load_capabilities(ProjectAcl& acl, Diagnostics& out) {
    std::map<std::string, size_t> by_id;
    for (const fs::path& path : policy_files(m_manifest.project_dir / k_capabilities_dir)) {
      std::string shown = display_path(path);
      ranked(shown);
      auto text = read_file(path);
      if (!text) {
        out.add(std::move(text).error());
        continue;
      }
      CapabilityFile file = parse_capability_file(std::move(*text), shown, *format_of(path), out);
      for (const Capability& cap : file.capabilities) add_capability(acl, cap, by_id, out);
      acl.capability_files.push_back(std::move(file));
    }
    size_t file_capabilities = acl.capabilities.size();

    const nlohmann::json* list = find_path(m_manifest.config, {"app", "security", "capabilities"});
    if (!list || !list->is_array() || list->empty()) {
      for (size_t i = 0; i < file_capabilities; ++i) acl.enabled.push_back(i);
      return;
    }
    std::vector<std::string> known;
    for (const auto& [id, _] : by_id) known.push_back(id);
    std::map<std::string, std::string> listed;
    for (size_t i = 0; i < list->size(); ++i) {
      std::string pointer = fmt::format("/app/security/capabilities/{}", i);
      const nlohmann::json& entry = (*list)[i];
      if (entry.is_object()) {
        auto cap = parse_inline_capability(entry, pointer, m_locator, out);
        if (!cap) continue;
        size_t before = acl.capabilities.size();
        add_capability(acl, std::move(*cap), by_id, out);
        if (acl.capabilities.size() > before) acl.enabled.push_back(before);
        continue;
      }
      if (!entry.is_string()) continue; // the manifest schema reported it
      std::string id = entry.get<std::string>();
      Location where = m_locator.locate(pointer, false);
      auto found = by_id.find(id);
      if (found == by_id.end() || found->second >= file_capabilities) {
        std::string suggestion = closest_match(id, known);
        out.add(Error::at(where, fmt::format("no capability `{}` in capabilities/", id))
                    .with_hint(suggestion.empty() ? "capability files live in capabilities/*.json or *.toml"
                                                  : fmt::format("did you mean `{}`?", suggestion)));
        continue;
      }
      if (!listed.emplace(id, pointer).second) {
        out.add(Error::at(where, fmt::format("capability `{}` is listed twice", id)).with_severity(Severity::warning));
        continue;
      }
      acl.enabled.push_back(found->second);
    }
    std::sort(acl.enabled.begin(), acl.enabled.end());
  }
};

Result<bool> write_generated(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return fail(Error::io(path.parent_path().string(), ec.value(), "create the folder"));
  return write_file_if_changed(path, text);
}

} // namespace

std::string display_path(const fs::path& path) {
  std::error_code ec;
  fs::path relative = fs::relative(path, fs::current_path(ec), ec);
  if (ec || relative.empty() || relative.native().starts_with("..")) return path.lexically_normal().string();
  return relative.string();
}

ProjectAcl load_project_acl(const Manifest& manifest, const ProjectAclOptions& options) {
  return ProjectLoader(manifest, options).run();
}

Result<AclBuild> build_acl(const Manifest& manifest, const ProjectAclOptions& options, const fs::path& gen_dir) {
  AclBuild build{load_project_acl(manifest, options), {}, {}};
  const Diagnostics& diagnostics = build.acl.diagnostics;
  build.warnings = diagnostics.warnings();
  if (!gen_dir.empty()) {
    build.outputs.acl_file = gen_dir / "acl.json";
    build.outputs.schema_file = gen_dir / "schemas" / "capability.schema.json";
    if (build.acl.permissions_ok) {
      WEFT_TRY_ASSIGN(build.outputs.schema_written,
                      write_generated(build.outputs.schema_file, capability_schema_text(build.acl.registry)));
    }
    if (!diagnostics.has_errors()) {
      WEFT_TRY_ASSIGN(build.outputs.acl_written,
                      write_generated(build.outputs.acl_file, acl_json_text(build.acl.resolved)));
    }
  }
  auto errors = diagnostics.to_result();
  if (!errors) {
    Error combined = std::move(errors).error();
    for (const Error& w : build.warnings) combined.with_related(w);
    return fail(std::move(combined));
  }
  return build;
}

} // namespace weft::config::acl

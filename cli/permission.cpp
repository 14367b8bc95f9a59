// `weft permission ls|new|add|rm`: list the known permissions, define one for
// the app, grant one to a capability or take it back (editing the capability
// file in place).
#include "command.hpp"
#include "diagnostic_printer.hpp"
#include "project.hpp"

#include <weft/base/atomic_file.hpp>
#include <weft/base/file.hpp>
#include <weft/base/spellcheck.hpp>
#include <weft/config-schema/acl/capability_edit.hpp>
#include <weft/config-schema/acl/identifier.hpp>
#include <weft/config-schema/acl/permission_file.hpp>
#include <weft/config-schema/acl/project_acl.hpp>
#include <weft/config-schema/manifest.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <memory>

namespace weft::cli {

namespace {

namespace fs = std::filesystem;
namespace acl = config::acl;

struct LsOptions {
  ProjectOptions project;
  std::string plugin;
  bool app = false;
};

struct NewOptions {
  ProjectOptions project;
  std::string identifier;
  std::string description;
  std::vector<std::string> allow;
  std::vector<std::string> deny;
  std::string format = "toml";
};

struct EditOptions {
  ProjectOptions project;
  std::string permission;
  std::string capability;
  bool all = false;
};

void print_json(const nlohmann::json& out) {
  std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

std::string_view kind_name(acl::EntryKind kind) {
  switch (kind) {
    case acl::EntryKind::permission: return "permission";
    case acl::EntryKind::set: return "set";
    case acl::EntryKind::default_set: return "default";
  }
  return "permission";
}

// --- ls ---------------------------------------------------------------------

Result<int> run_ls(const LsOptions& options, const GlobalOptions& global) {
  WEFT_TRY_ASSIGN(LoadedProject project, load_project(options.project));
  const acl::Registry& registry = project.acl.registry;
  if (!options.plugin.empty()) {
    bool known = false;
    for (const std::string& prefix : registry.prefixes())
      known = known || prefix == options.plugin || prefix.starts_with(options.plugin + ":");
    if (!known) {
      std::vector<std::string> names;
      for (const std::string& prefix : registry.prefixes())
        if (!prefix.empty()) names.push_back(prefix.substr(0, prefix.find(':')));
      std::string suggestion = closest_match(options.plugin, names);
      return fail(Error::usage(fmt::format("no plugin `{}` has permissions", options.plugin))
                      .with_hint(suggestion.empty() ? "plugins come from plugins.<name>.path in weft.conf.json"
                                                    : fmt::format("did you mean `{}`?", suggestion)));
    }
  }
  auto selected = [&](const acl::RegistryEntry& e) {
    if (options.app) return e.prefix.empty();
    if (options.plugin.empty()) return true;
    return e.prefix == options.plugin || e.prefix.starts_with(options.plugin + ":");
  };
  if (global.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const acl::RegistryEntry& e : registry.entries()) {
      if (!selected(e)) continue;
      nlohmann::json item = {{"identifier", e.identifier},
                             {"description", e.description()},
                             {"kind", kind_name(e.kind)},
                             {"file", e.location().file}};
      if (e.location().line > 0) item["line"] = e.location().line;
      if (e.permission) {
        item["commands"] = {{"allow", e.permission->commands_allow}, {"deny", e.permission->commands_deny}};
        item["generated"] = e.permission->generated;
        if (e.permission->platforms) {
          nlohmann::json platforms = nlohmann::json::array();
          for (config::Platform p : *e.permission->platforms) platforms.push_back(acl::acl_platform_name(p));
          item["platforms"] = std::move(platforms);
        }
      } else {
        nlohmann::json members = nlohmann::json::array();
        for (const acl::SetMember& m : e.set->members) members.push_back(m.identifier);
        item["permissions"] = std::move(members);
      }
      list.push_back(std::move(item));
    }
    print_json({{"ok", true}, {"permissions", std::move(list)}});
    return 0;
  }
  size_t width = 10;
  for (const acl::RegistryEntry& e : registry.entries())
    if (selected(e)) width = std::max(width, e.identifier.size());
  for (const acl::RegistryEntry& e : registry.entries()) {
    if (!selected(e)) continue;
    std::string description = e.description();
    if (e.kind != acl::EntryKind::permission) description = "(set) " + description;
    std::printf("%-*s  %s\n", static_cast<int>(width), e.identifier.c_str(), description.c_str());
  }
  return 0;
}

// --- new --------------------------------------------------------------------

std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

std::string list_text(const std::vector<std::string>& items) {
  std::vector<std::string> q;
  for (const std::string& i : items) q.push_back(quoted(i));
  return fmt::format("[{}]", fmt::join(q, ", "));
}

std::string permission_text(const NewOptions& o, const std::string& description) {
  if (o.format == "json") {
    nlohmann::ordered_json p;
    p["identifier"] = o.identifier;
    p["description"] = description;
    nlohmann::ordered_json commands;
    if (!o.allow.empty()) commands["allow"] = o.allow;
    if (!o.deny.empty()) commands["deny"] = o.deny;
    p["commands"] = std::move(commands);
    nlohmann::ordered_json doc;
    doc["permission"] = nlohmann::ordered_json::array({std::move(p)});
    return doc.dump(2) + "\n";
  }
  std::string out = fmt::format("[[permission]]\nidentifier = {}\ndescription = {}\n", quoted(o.identifier),
                                quoted(description));
  if (!o.allow.empty()) out += fmt::format("commands.allow = {}\n", list_text(o.allow));
  if (!o.deny.empty()) out += fmt::format("commands.deny = {}\n", list_text(o.deny));
  return out;
}

Result<int> run_new(const NewOptions& options, const GlobalOptions& global) {
  if (std::string problem = acl::check_permission_name(options.identifier); !problem.empty())
    return fail(Error::usage(fmt::format("malformed permission identifier: {}", problem))
                    .with_hint("the app's permissions take no prefix, e.g. allow-save"));
  if (options.allow.empty() && options.deny.empty())
    return fail(Error::usage("give the permission commands: --commands a,b (and/or --deny-commands c)"));
  for (const std::vector<std::string>* list : {&options.allow, &options.deny})
    for (const std::string& c : *list)
      if (std::string problem = acl::check_command_name(c); !problem.empty()) return fail(Error::usage(problem));
  WEFT_TRY_ASSIGN(LoadedProject project, load_project(options.project));
  if (const acl::RegistryEntry* existing = project.acl.registry.find(options.identifier))
    return fail(Error::input(fmt::format("the permission `{}` already exists", options.identifier))
                    .with_location(existing->location())
                    .with_hint(existing->permission && existing->permission->generated
                                   ? "weft generates allow-<command> and deny-<command> for every command; "
                                     "pick another name"
                                   : "pick another name"));
  std::string description = options.description;
  if (description.empty())
    description = options.allow.empty() ? fmt::format("Denies {}.", fmt::join(options.deny, ", "))
                                        : fmt::format("Allows {}.", fmt::join(options.allow, ", "));

  fs::path dir = project.project_dir / acl::k_permissions_dir;
  fs::path file = dir / fmt::format("{}.{}", options.identifier, options.format);
  std::error_code ec;
  if (fs::exists(file, ec))
    return fail(Error::input(fmt::format("{} already exists", acl::display_path(file))).with_hint("pick another name"));
  std::string text = permission_text(options, description);
  Diagnostics check;
  acl::PermissionFile parsed = acl::parse_permission_file(text, acl::display_path(file), *acl::format_of(file), check);
  if (check.has_errors() || parsed.permissions.size() != 1) {
    Error e = Error::input("the permission weft would write does not read back; nothing was written");
    if (auto problems = check.to_result(); !problems) e.with_related(std::move(problems).error());
    return fail(std::move(e));
  }
  fs::create_directories(dir, ec);
  if (ec) return fail(Error::io(dir.string(), ec.value(), "create the folder"));
  WEFT_TRY(write_file_atomic(file, text));
  if (global.json)
    print_json({{"ok", true}, {"file", acl::display_path(file)}, {"identifier", options.identifier}});
  else
    std::printf("created %s: permission `%s`\n", acl::display_path(file).c_str(), options.identifier.c_str());
  return 0;
}

// --- add / rm -----------------------------------------------------------------

// A capability from a file in capabilities/, not one inline in the manifest.
bool is_file_backed(const acl::ProjectAcl& policy, const acl::Capability& cap) {
  for (const acl::CapabilityFile& f : policy.capability_files)
    if (f.path == cap.file) return true;
  return false;
}

Error unknown_capability(const acl::ProjectAcl& policy, const std::string& identifier) {
  std::vector<std::string> known;
  for (const acl::Capability& c : policy.capabilities) known.push_back(c.identifier);
  std::string suggestion = closest_match(identifier, known);
  return Error::input(fmt::format("no capability `{}`", identifier))
      .with_hint(suggestion.empty() ? "`weft capability ls` lists them" : fmt::format("did you mean `{}`?", suggestion));
}

Result<const acl::Capability*> find_capability(const acl::ProjectAcl& policy, const std::string& identifier) {
  for (const acl::Capability& c : policy.capabilities)
    if (c.identifier == identifier) {
      if (!is_file_backed(policy, c))
        return fail(Error::input(fmt::format("capability `{}` is written inline in the manifest", identifier))
                        .with_location(c.location)
                        .with_hint("edit app.security.capabilities in weft.conf.json by hand"));
      return &c;
    }
  return fail(unknown_capability(policy, identifier));
}

bool grants(const acl::Capability& cap, const std::string& identifier) {
  return std::any_of(cap.permissions.begin(), cap.permissions.end(),
                     [&](const acl::GrantedPermission& g) { return g.identifier == identifier; });
}

std::string names_of(const std::vector<const acl::Capability*>& caps) {
  std::vector<std::string> names;
  for (const acl::Capability* c : caps) names.push_back(fmt::format("`{}`", c->identifier));
  return fmt::format("{}", fmt::join(names, ", "));
}

// Applies `edit` to every capability in `targets`, grouped by file, as one
// all-or-nothing change.
template <typename Edit>
Result<void> edit_capabilities(const std::vector<const acl::Capability*>& targets, Edit edit) {
  std::map<std::string, std::vector<const acl::Capability*>> by_file;
  for (const acl::Capability* c : targets) by_file[c->file].push_back(c);
  std::vector<acl::FileEdit> edits;
  for (const auto& [file, caps] : by_file) {
    WEFT_TRY_ASSIGN(std::string original, read_file(file));
    auto format = acl::format_of(file);
    std::string text = original;
    for (const acl::Capability* c : caps) {
      WEFT_TRY_ASSIGN(text, edit(text, file, *format, c->pointer));
    }
    edits.push_back({file, std::move(original), std::move(text)});
  }
  return acl::apply_edits(edits);
}

Result<int> run_add(const EditOptions& options, const GlobalOptions& global) {
  if (std::string problem = acl::check_identifier(options.permission); !problem.empty())
    return fail(Error::usage(fmt::format("malformed permission identifier: {}", problem)));
  WEFT_TRY_ASSIGN(LoadedProject project, load_project(options.project));
  const acl::ProjectAcl& policy = project.acl;
  if (!policy.registry.find(options.permission)) {
    auto [detail, hint] = policy.registry.explain_unknown(options.permission);
    Error e = Error::input(fmt::format("unknown permission `{}`{}", options.permission, detail));
    if (!hint.empty()) e.with_hint(hint);
    return fail(std::move(e));
  }
  const acl::Capability* target = nullptr;
  if (!options.capability.empty()) {
    WEFT_TRY_ASSIGN(target, find_capability(policy, options.capability));
  } else {
    std::vector<const acl::Capability*> candidates;
    for (const acl::Capability& c : policy.capabilities)
      if (is_file_backed(policy, c)) candidates.push_back(&c);
    if (candidates.empty())
      return fail(Error::input("there is no capability file to add the permission to")
                      .with_hint("create one: weft capability new --identifier default"));
    if (candidates.size() > 1)
      return fail(Error::usage(fmt::format("several capabilities could take it ({}); name one", names_of(candidates)))
                      .with_hint(fmt::format("weft permission add {} --capability {}", options.permission,
                                             candidates.front()->identifier)));
    target = candidates.front();
  }
  if (grants(*target, options.permission)) {
    std::fprintf(stderr, "`%s` is already in capability `%s`; nothing to do\n", options.permission.c_str(),
                 target->identifier.c_str());
    if (global.json) print_json({{"ok", true}, {"changed", false}});
    return 0;
  }
  WEFT_TRY(edit_capabilities({target}, [&](const std::string& text, const std::string& file, acl::FileFormat format,
                                           const std::string& pointer) {
    return acl::add_permission_text(text, file, format, pointer, options.permission);
  }));
  if (global.json)
    print_json({{"ok", true}, {"changed", true}, {"capability", target->identifier}, {"file", target->file}});
  else
    std::printf("added `%s` to capability `%s` (%s)\n", options.permission.c_str(), target->identifier.c_str(),
                target->file.c_str());
  return 0;
}

Result<int> run_rm(const EditOptions& options, const GlobalOptions& global) {
  WEFT_TRY_ASSIGN(LoadedProject project, load_project(options.project));
  const acl::ProjectAcl& policy = project.acl;
  std::vector<const acl::Capability*> targets;
  if (!options.capability.empty()) {
    WEFT_TRY_ASSIGN(const acl::Capability* cap, find_capability(policy, options.capability));
    if (!grants(*cap, options.permission))
      return fail(Error::input(fmt::format("capability `{}` does not list `{}`", cap->identifier, options.permission))
                      .with_location(cap->location));
    targets.push_back(cap);
  } else {
    for (const acl::Capability& c : policy.capabilities)
      if (grants(c, options.permission)) targets.push_back(&c);
    if (targets.empty())
      return fail(Error::input(fmt::format("no capability lists `{}`", options.permission))
                  .with_hint("a permission a set includes is taken back by removing the set, or by adding deny-…"));
    for (const acl::Capability* c : targets)
      if (!is_file_backed(policy, *c))
        return fail(Error::input(fmt::format("capability `{}` is written inline in the manifest", c->identifier))
                        .with_location(c->location)
                        .with_hint("edit app.security.capabilities in weft.conf.json by hand"));
    if (targets.size() > 1 && !options.all)
      return fail(Error::usage(fmt::format("`{}` is in several capabilities ({}); name one, or pass --all",
                                           options.permission, names_of(targets)))
                      .with_hint(fmt::format("weft permission rm {} --capability {}", options.permission,
                                             targets.front()->identifier)));
  }
  WEFT_TRY(edit_capabilities(targets, [&](const std::string& text, const std::string& file, acl::FileFormat format,
                                          const std::string& pointer) {
    return acl::remove_permission_text(text, file, format, pointer, options.permission);
  }));
  if (global.json) {
    nlohmann::json changed = nlohmann::json::array();
    for (const acl::Capability* c : targets) changed.push_back({{"capability", c->identifier}, {"file", c->file}});
    print_json({{"ok", true}, {"changed", std::move(changed)}});
  } else {
    for (const acl::Capability* c : targets)
      std::printf("removed `%s` from capability `%s` (%s)\n", options.permission.c_str(), c->identifier.c_str(),
                  c->file.c_str());
  }
  return 0;
}

} // namespace

void setup_permission(CLI::App& root, CommandContext context) {
  CLI::App* permission = root.add_subcommand("permission", "List, define, grant and revoke permissions");
  permission->require_subcommand(1);

  auto ls = std::make_shared<LsOptions>();
  CLI::App* l = permission->add_subcommand("ls", "List every known permission and set with its description");
  l->add_option("--plugin", ls->plugin, "Only this plugin's (or `core`) permissions");
  auto* app_flag = l->add_flag("--app", ls->app, "Only the app's own permissions");
  app_flag->excludes(l->get_option("--plugin"));
  add_project_options(*l, ls->project);
  l->callback([ls, context] { context.action = [ls, &global = context.global] { return run_ls(*ls, global); }; });

  auto create = std::make_shared<NewOptions>();
  CLI::App* n = permission->add_subcommand("new", "Define a permission for the app's commands in permissions/");
  n->add_option("identifier", create->identifier, "The permission's name (no prefix), e.g. allow-save")->required();
  n->add_option("--commands", create->allow, "Commands it allows")->delimiter(',');
  n->add_option("--deny-commands", create->deny, "Commands it denies")->delimiter(',');
  n->add_option("-d,--description", create->description, "What it grants");
  n->add_option("--format", create->format, "toml (default) or json")->check(CLI::IsMember({"toml", "json"}));
  add_project_options(*n, create->project);
  n->callback([create, context] {
    context.action = [create, &global = context.global] { return run_new(*create, global); };
  });

  auto add = std::make_shared<EditOptions>();
  CLI::App* a = permission->add_subcommand("add", "Grant a permission: add it to a capability file, in place");
  a->add_option("permission", add->permission, "The permission or set, e.g. core:window:allow-set-title")->required();
  a->add_option("-C,--capability", add->capability, "The capability (needed when there are several)");
  add_project_options(*a, add->project);
  a->callback([add, context] { context.action = [add, &global = context.global] { return run_add(*add, global); }; });

  auto rm = std::make_shared<EditOptions>();
  CLI::App* r = permission->add_subcommand("rm", "Revoke a permission: remove it from capability files, in place");
  r->add_option("permission", rm->permission, "The permission or set as the capability lists it")->required();
  r->add_option("-C,--capability", rm->capability, "The capability (needed when several list it)");
  r->add_flag("--all", rm->all, "Remove it from every capability that lists it");
  add_project_options(*r, rm->project);
  r->callback([rm, context] { context.action = [rm, &global = context.global] { return run_rm(*rm, global); }; });
}

} // namespace weft::cli

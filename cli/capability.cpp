// `weft capability new|ls`: write a new capability file, list capabilities.
#include "command.hpp"
#include "diagnostic_printer.hpp"
#include "project.hpp"

#include <weft/base/atomic_file.hpp>
#include <weft/base/spellcheck.hpp>
#include <weft/config-schema/acl/capability_file.hpp>
#include <weft/config-schema/acl/identifier.hpp>
#include <weft/config-schema/acl/project_acl.hpp>
#include <weft/config-schema/manifest.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>

namespace weft::cli {

namespace {

namespace fs = std::filesystem;
namespace acl = config::acl;

struct NewOptions {
  ProjectOptions project;
  std::string identifier;
  std::string description;
  std::vector<std::string> windows;
  std::vector<std::string> permissions;
  std::string format = "json";
};

std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

std::string toml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + quoted(items[i]);
  return out + "]";
}

std::string capability_text(const NewOptions& o, const std::vector<std::string>& windows,
                            const std::vector<std::string>& permissions) {
  if (o.format == "toml") {
    std::string out = fmt::format("identifier = {}\n", quoted(o.identifier));
    if (!o.description.empty()) out += fmt::format("description = {}\n", quoted(o.description));
    out += fmt::format("windows = {}\npermissions = [\n", toml_list(windows));
    for (const std::string& p : permissions) out += fmt::format("  {},\n", quoted(p));
    return out + "]\n";
  }
  nlohmann::ordered_json doc;
  doc["$schema"] = "../target/release/gen/schemas/capability.schema.json";
  doc["identifier"] = o.identifier;
  if (!o.description.empty()) doc["description"] = o.description;
  doc["windows"] = windows;
  doc["permissions"] = permissions;
  return doc.dump(2) + "\n";
}

Result<int> run_new(const NewOptions& options, const GlobalOptions& global) {
  if (options.identifier.empty())
    return fail(Error::usage("--identifier is required").with_hint("e.g. weft capability new --identifier settings"));
  if (std::string problem = acl::check_capability_identifier(options.identifier); !problem.empty())
    return fail(Error::usage(problem));
  WEFT_TRY_ASSIGN(LoadedProject project, load_project(options.project));
  const acl::ProjectAcl& policy = project.acl;

  for (const acl::Capability& cap : policy.capabilities)
    if (cap.identifier == options.identifier)
      return fail(Error::input(fmt::format("capability `{}` already exists", cap.identifier))
                      .with_location(cap.location)
                      .with_hint("pick another --identifier, or edit it with `weft permission add`"));

  std::vector<std::string> windows = options.windows;
  if (windows.empty()) windows.push_back(policy.window_labels.empty() ? "main" : policy.window_labels.front());
  for (const std::string& w : windows) {
    bool matched = std::any_of(policy.window_labels.begin(), policy.window_labels.end(),
                               [&](const std::string& label) { return acl::glob_match(w, label); });
    if (!matched && !w.empty())
      print_warning(stderr,
                    Error::input(fmt::format("the window pattern `{}` matches no window weft.conf.json declares", w))
                        .with_severity(Severity::warning),
                    global.color);
  }

  std::vector<std::string> permissions = options.permissions;
  if (permissions.empty()) permissions.push_back("core:default");
  Diagnostics problems;
  for (const std::string& p : permissions) {
    if (std::string problem = acl::check_identifier(p); !problem.empty()) {
      problems.add(Error::usage(fmt::format("malformed permission identifier: {}", problem)));
      continue;
    }
    if (policy.registry.find(p)) continue;
    auto [detail, hint] = policy.registry.explain_unknown(p);
    Error e = Error::input(fmt::format("unknown permission `{}`{}", p, detail));
    if (!hint.empty()) e.with_hint(hint);
    problems.add(std::move(e));
  }
  WEFT_TRY(problems.to_result());

  fs::path dir = project.project_dir / acl::k_capabilities_dir;
  fs::path file = dir / fmt::format("{}.{}", options.identifier, options.format);
  std::error_code ec;
  if (fs::exists(file, ec))
    return fail(Error::input(fmt::format("{} already exists", acl::display_path(file)))
                    .with_hint("pick another --identifier"));
  std::string text = capability_text(options, windows, permissions);
  // What is written must read back as what was asked for.
  Diagnostics check;
  acl::CapabilityFile parsed =
      acl::parse_capability_file(text, acl::display_path(file), *acl::format_of(file), check);
  if (check.has_errors() || parsed.capabilities.size() != 1) {
    Error e = Error::input("the capability weft would write does not read back; nothing was written");
    if (auto problems_read = check.to_result(); !problems_read) e.with_related(std::move(problems_read).error());
    return fail(std::move(e));
  }
  fs::create_directories(dir, ec);
  if (ec) return fail(Error::io(dir.string(), ec.value(), "create the folder"));
  WEFT_TRY(write_file_atomic(file, text));

  if (global.json) {
    nlohmann::json out = {{"ok", true}, {"file", acl::display_path(file)}, {"identifier", options.identifier}};
    std::printf("%s\n", out.dump().c_str());
  } else {
    std::printf("created %s: capability `%s` for %s\n", acl::display_path(file).c_str(), options.identifier.c_str(),
                fmt::format("{}", fmt::join(windows, ", ")).c_str());
  }
  return 0;
}

std::string state_of(const acl::ProjectAcl& policy, size_t index) {
  bool enabled = std::find(policy.enabled.begin(), policy.enabled.end(), index) != policy.enabled.end();
  if (!enabled) return "disabled";
  return policy.capabilities[index].applies_to(config::host_platform()) ? "enabled" : "other-platform";
}

Result<int> run_ls(const ProjectOptions& options, const GlobalOptions& global) {
  WEFT_TRY_ASSIGN(LoadedProject project, load_project(options));
  const acl::ProjectAcl& policy = project.acl;
  if (global.json) {
    nlohmann::json list = nlohmann::json::array();
    for (size_t i = 0; i < policy.capabilities.size(); ++i) {
      const acl::Capability& cap = policy.capabilities[i];
      nlohmann::json permissions = nlohmann::json::array();
      for (const acl::GrantedPermission& g : cap.permissions) permissions.push_back(g.identifier);
      nlohmann::json platforms = nullptr;
      if (cap.platforms) {
        platforms = nlohmann::json::array();
        for (config::Platform p : *cap.platforms) platforms.push_back(acl::acl_platform_name(p));
      }
      nlohmann::json remote = nlohmann::json::array();
      for (const acl::UrlPattern& r : cap.remote) remote.push_back(r.pattern);
      list.push_back({{"identifier", cap.identifier},
                      {"description", cap.description},
                      {"state", state_of(policy, i)},
                      {"file", cap.location.file},
                      {"line", cap.location.line},
                      {"windows", cap.windows},
                      {"webviews", cap.webviews},
                      {"permissions", std::move(permissions)},
                      {"platforms", std::move(platforms)},
                      {"local", cap.local},
                      {"remote", std::move(remote)}});
    }
    nlohmann::json out = {{"ok", true}, {"capabilities", std::move(list)},
                          {"errors", policy.diagnostics.has_errors()}};
    std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else if (policy.capabilities.empty()) {
    std::printf("no capabilities (add one with `weft capability new --identifier NAME`)\n");
  } else {
    size_t id_width = 10, windows_width = 7;
    std::vector<std::string> windows;
    for (const acl::Capability& cap : policy.capabilities) {
      windows.push_back(cap.windows.empty() ? "-" : fmt::format("{}", fmt::join(cap.windows, ",")));
      id_width = std::max(id_width, cap.identifier.size());
      windows_width = std::max(windows_width, windows.back().size());
    }
    std::printf("%-*s  %-14s  %-*s  %11s  %s\n", static_cast<int>(id_width), "IDENTIFIER", "STATE",
                static_cast<int>(windows_width), "WINDOWS", "PERMISSIONS", "WHERE");
    for (size_t i = 0; i < policy.capabilities.size(); ++i) {
      const acl::Capability& cap = policy.capabilities[i];
      std::string where = cap.location.line > 0 ? fmt::format("{}:{}", cap.location.file, cap.location.line)
                                                : cap.location.file;
      std::printf("%-*s  %-14s  %-*s  %11zu  %s\n", static_cast<int>(id_width), cap.identifier.c_str(),
                  state_of(policy, i).c_str(), static_cast<int>(windows_width), windows[i].c_str(),
                  cap.permissions.size(), where.c_str());
    }
  }
  std::fflush(stdout);
  if (policy.diagnostics.has_errors())
    print_warning(stderr,
                  Error::input("the security policy has errors; capabilities with errors may be missing above")
                      .with_severity(Severity::note)
                      .with_hint("`weft check` shows every error"),
                  global.color);
  return 0;
}

} // namespace

void setup_capability(CLI::App& root, CommandContext context) {
  CLI::App* capability =
      root.add_subcommand("capability", "Create and list capabilities: which windows may call which commands");
  capability->require_subcommand(1);

  auto create = std::make_shared<NewOptions>();
  CLI::App* n = capability->add_subcommand("new", "Write a new capability file into capabilities/");
  n->add_option("-i,--identifier", create->identifier, "The capability's name (also its file name)");
  n->add_option("-d,--description", create->description, "What the capability is for");
  n->add_option("-w,--windows", create->windows, "Window label patterns (default: the first declared window)")
      ->delimiter(',');
  n->add_option("-P,--permissions", create->permissions, "Permissions to grant (default: core:default)")
      ->delimiter(',');
  n->add_option("--format", create->format, "json (default) or toml")->check(CLI::IsMember({"json", "toml"}));
  add_project_options(*n, create->project);
  n->callback([create, context] {
    context.action = [create, &global = context.global] { return run_new(*create, global); };
  });

  auto list = std::make_shared<ProjectOptions>();
  CLI::App* l = capability->add_subcommand("ls", "List the capabilities, whether each is enabled, and where it is");
  add_project_options(*l, *list);
  l->callback([list, context] {
    context.action = [list, &global = context.global] { return run_ls(*list, global); };
  });
}

} // namespace weft::cli

// `weft init`: a new app from a template (templates/), buildable with
// `weft build` at once. Asks on a terminal; takes flags and defaults with
// --ci, a non-terminal stdin or CI=true.
#include "command.hpp"
#include "commands.hpp"
#include "diagnostic_printer.hpp"
#include "init_template.hpp"

#include <weft/base/atomic_file.hpp>
#include <weft/bundlers/icon_generator.hpp>
#include <weft/config-schema/manifest.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>

namespace weft::cli {

namespace {

namespace fs = std::filesystem;

// The icons the templates' bundle.icon lists, from the built-in SVG.
constexpr int k_icon_sizes[] = {32, 128, 256, 512};
struct IconName {
  int size;
  const char* file;
};
constexpr IconName k_icon_names[] = {
    {32, "32x32.png"}, {128, "128x128.png"}, {256, "128x128@2x.png"}, {512, "icon.png"}};

struct InitOptions {
  std::string name;
  std::string identifier;
  std::string window_title;
  std::string publisher;
  std::string template_name;
  std::string dir;
  std::string dev_url;
  std::string before_dev_command;
  std::string before_build_command;
  bool force = false;
  bool ci = false;
};

bool interactive(const InitOptions& options) {
  if (options.ci) return false;
  if (const char* ci = std::getenv("CI"); ci && (std::string_view(ci) == "true" || std::string_view(ci) == "1"))
    return false;
  return ::isatty(STDIN_FILENO) == 1;
}

// The binary/CMake target name: lowercase letters, digits and `-`.
std::string slug(std::string_view name) {
  std::string out;
  for (char c : name) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80)
      out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// Asks for one value until `check` accepts it ("" = fine).
std::string ask(std::string_view question, std::string fallback, std::string (*check)(std::string_view)) {
  for (;;) {
    std::fprintf(stderr, "%.*s (%s): ", static_cast<int>(question.size()), question.data(), fallback.c_str());
    std::fflush(stderr);
    std::string line;
    if (!std::getline(std::cin, line)) return fallback;
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    std::string value = line.empty() ? fallback : line;
    const std::string problem = check ? check(value) : std::string();
    if (problem.empty()) return value;
    std::fprintf(stderr, "  %s\n", problem.c_str());
  }
}

std::string check_app_name(std::string_view name) {
  if (std::string problem = config::check_product_name(name); !problem.empty()) return problem;
  if (slug(name).empty()) return fmt::format("`{}` has no ASCII letter or digit to name the binary with", name);
  return {};
}

// `Name <binary@domain>`, the domain read from the identifier
// (com.example.app → example.com): a placeholder Linux packages accept.
std::string default_publisher(std::string_view name, std::string_view binary, std::string_view identifier) {
  const size_t first = identifier.find('.');
  if (first == std::string_view::npos) return fmt::format("{} <{}@example.com>", name, binary);
  const size_t second = identifier.find('.', first + 1);
  const std::string_view tld = identifier.substr(0, first);
  const std::string_view domain = identifier.substr(first + 1, second - first - 1);
  return fmt::format("{} <{}@{}.{}>", name, binary, domain, tld);
}

std::string check_template(std::string_view name) {
  for (const std::string& t : template_names())
    if (t == name) return {};
  std::string known;
  for (const std::string& t : template_names()) known += (known.empty() ? "" : ", ") + t;
  return fmt::format("there is no template `{}`; choose one of {}", name, known);
}

std::string check_url(std::string_view url) {
  if (url.empty() || url.starts_with("http://") || url.starts_with("https://")) return {};
  return fmt::format("`{}` is not an http(s) URL", url);
}

Result<void> check_value(std::string_view option, const std::string& problem) {
  if (problem.empty()) return {};
  return fail(Error::input(fmt::format("{}: {}", option, problem))
                  .with_hint("run `weft init --help` for the options; nothing was written"));
}

Result<std::vector<RenderedFile>> render_icons() {
  // The icon generator reads files: the built-in SVG goes through a
  // temporary one.
  std::string temp = (fs::temp_directory_path() / "weft-init-icon-XXXXXX.svg").string();
  const int fd = ::mkstemps(temp.data(), 4);
  if (fd < 0) return fail(Error::io(temp, errno, "create"));
  const std::string_view svg = template_icon_svg();
  const bool written = ::write(fd, svg.data(), svg.size()) == static_cast<ssize_t>(svg.size());
  ::close(fd);
  struct Remove {
    std::string path;
    ~Remove() { ::unlink(path.c_str()); }
  } remove{temp};
  if (!written) return fail(Error::io(temp, errno, "write"));

  bundlers::IconRequest request;
  request.input = temp;
  request.png_sizes.assign(std::begin(k_icon_sizes), std::end(k_icon_sizes));
  WEFT_TRY_ASSIGN(bundlers::GeneratedIcons icons, bundlers::generate_icons(request));
  std::vector<RenderedFile> files;
  for (const IconName& name : k_icon_names) {
    for (const bundlers::GeneratedFile& file : icons.files)
      if (file.sizes.size() == 1 && file.sizes[0] == name.size) {
        files.push_back({std::string("icons/") + name.file, file.bytes});
        break;
      }
  }
  if (files.size() != std::size(k_icon_names))
    return fail(Error(ExitCode::tool, "the icon generator did not make every icon size weft init needs"));
  return files;
}

// Applies the hook/dev-server flags to the rendered weft.conf.json.
Result<void> apply_flags(std::vector<RenderedFile>& files, const InitOptions& options) {
  if (options.dev_url.empty() && options.before_dev_command.empty() && options.before_build_command.empty()) return {};
  for (RenderedFile& file : files) {
    if (file.path != config::k_manifest_file) continue;
    nlohmann::ordered_json manifest = nlohmann::ordered_json::parse(file.content);
    auto& build = manifest["build"];
    if (!options.dev_url.empty()) build["devUrl"] = options.dev_url;
    if (!options.before_dev_command.empty()) build["beforeDevCommand"] = options.before_dev_command;
    if (!options.before_build_command.empty()) build["beforeBuildCommand"] = options.before_build_command;
    file.content = manifest.dump(2) + "\n";
  }
  return {};
}

Result<int> run_init(InitOptions options, const GlobalOptions& global) {
  const bool ask_user = interactive(options);
  if (ask_user) {
    if (options.name.empty()) options.name = ask("App name", "weft-app", check_app_name);
    if (options.identifier.empty())
      options.identifier = ask("Identifier", "com.example." + slug(options.name), config::check_identifier);
    if (options.window_title.empty()) options.window_title = ask("Window title", options.name, nullptr);
    if (options.template_name.empty()) {
      std::string known;
      for (const std::string& t : template_names()) known += (known.empty() ? "" : "/") + t;
      options.template_name = ask(fmt::format("Template [{}]", known), "vanilla", check_template);
    }
  }
  if (options.name.empty()) options.name = "weft-app";
  if (options.template_name.empty()) options.template_name = "vanilla";
  WEFT_TRY(check_value("--name", check_app_name(options.name)));
  const std::string binary = slug(options.name);
  if (options.identifier.empty()) options.identifier = "com.example." + binary;
  if (options.window_title.empty()) options.window_title = options.name;
  if (options.dir.empty()) options.dir = binary;
  WEFT_TRY(check_value("--identifier", config::check_identifier(options.identifier)));
  if (options.publisher.empty()) options.publisher = default_publisher(options.name, binary, options.identifier);
  WEFT_TRY(check_value("--template", check_template(options.template_name)));
  WEFT_TRY(check_value("--dev-url", check_url(options.dev_url)));
  for (char c : options.window_title)
    if (static_cast<unsigned char>(c) < 0x20)
      return fail(Error::input("--window-title: the title contains a control character"));

  const std::map<std::string, std::string> variables = {{"productName", options.name},
                                                        {"binaryName", binary},
                                                        {"identifier", options.identifier},
                                                        {"windowTitle", options.window_title},
                                                        {"publisher", options.publisher}};
  std::vector<RenderedFile> files = render_template(options.template_name, variables);
  WEFT_TRY(apply_flags(files, options));
  WEFT_TRY_ASSIGN(std::vector<RenderedFile> icons, render_icons());
  files.insert(files.end(), icons.begin(), icons.end());

  // The manifest must load before anything is written.
  const fs::path dir = options.dir;
  for (const RenderedFile& file : files) {
    if (file.path != config::k_manifest_file) continue;
    config::LoadOptions load;
    load.project_dir = dir;
    load.base_text = file.content;
    auto manifest = config::load_manifest(load);
    if (!manifest)
      return fail(std::move(manifest).error().with_context("checking the weft.conf.json weft init would write"));
  }

  std::error_code ec;
  if (!options.force) {
    std::vector<std::string> existing;
    for (const RenderedFile& file : files)
      if (fs::exists(dir / file.path, ec)) existing.push_back((dir / file.path).string());
    if (!existing.empty())
      return fail(Error::input(fmt::format("{} already exists{}", existing.front(),
                                           existing.size() > 1 ? fmt::format(" (and {} more of the files weft init "
                                                                             "writes)",
                                                                             existing.size() - 1)
                                                               : std::string()))
                      .with_hint("choose another --dir, or pass --force to overwrite; nothing was written"));
  }
  std::vector<fs::path> written;
  for (const RenderedFile& file : files) {
    const fs::path path = dir / file.path;
    fs::create_directories(path.parent_path(), ec);
    auto result = write_file_atomic(path, file.content, k_mode_file, options.force ? Replace::yes : Replace::no,
                                    Durability::unsynced);
    if (!result) {
      for (const fs::path& p : written) fs::remove(p, ec);
      return fail(std::move(result).error());
    }
    written.push_back(path);
  }

  if (global.json) {
    nlohmann::json out = {{"ok", true},
                          {"dir", dir.string()},
                          {"template", options.template_name},
                          {"productName", options.name},
                          {"mainBinaryName", binary},
                          {"identifier", options.identifier},
                          {"files", nlohmann::json::array()}};
    for (const RenderedFile& file : files) out["files"].push_back(file.path);
    std::printf("%s\n", out.dump().c_str());
    return 0;
  }
  std::printf("created %s (%s template, %zu files) in %s\n", options.name.c_str(), options.template_name.c_str(),
              files.size(), dir.c_str());
  std::printf("next:\n  cd %s\n", dir.c_str());
  if (options.template_name != "vanilla") std::printf("  (cd ui && npm install)\n");
  std::printf("  weft build\n");
  return 0;
}

} // namespace

void setup_init(CLI::App& root, CommandContext context) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* command = root.add_subcommand("init", "Create a new app from a template");
  command->add_option("-n,--name", options->name, "The app's name (productName; the binary is its lowercase slug)");
  command->add_option("-i,--identifier", options->identifier, "Reverse-DNS identifier, e.g. com.example.app");
  command->add_option("-w,--window-title", options->window_title, "The main window's title (default: the name)");
  command->add_option("--publisher", options->publisher,
                      "bundle.publisher, `Name <email>` (Linux packages need the address; default: the app's name "
                      "and an address in the identifier's domain)");
  command->add_option("-t,--template", options->template_name, "vanilla (plain HTML/JS) or svelte (Vite + Svelte 5)");
  command->add_option("-d,--dir", options->dir, "Folder to create the app in (default: ./<binary name>)");
  command->add_option("--dev-url", options->dev_url, "build.devUrl: the frontend dev server's URL");
  command->add_option("--before-dev-command", options->before_dev_command, "build.beforeDevCommand");
  command->add_option("--before-build-command", options->before_build_command, "build.beforeBuildCommand");
  command->add_flag("-f,--force", options->force, "Overwrite files that already exist");
  command->add_flag("--ci", options->ci, "Ask nothing: flags and defaults (also with CI=true or no terminal)");
  command->callback([options, context] {
    context.action = [options, &global = context.global] { return run_init(*options, global); };
  });
}

} // namespace weft::cli

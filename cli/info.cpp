// `weft info`: the host's toolchain, the libraries apps link, each bundler's
// external tool, and the project's key settings.
#include "command.hpp"
#include "commands.hpp"
#include "project.hpp"
#include "tool_lookup.hpp"

#include <weft/base/file.hpp>
#include <weft/base/process.hpp>
#include <weft/config-schema/manifest.hpp>

#include <weft_version.hpp>

#include <fmt/format.h>

#include <sys/utsname.h>

#include <memory>
#include <regex>

namespace weft::cli {

namespace {

struct Probe {
  const char* section;
  const char* name;                 // what it is
  std::vector<std::string> argv;    // prints the version
  const char* package;              // the Debian package that provides it
  const char* pkg_config = nullptr; // a library: asked through pkg-config instead
};

// Bundler tools are listed by the formats that need them (DESIGN.md).
const std::vector<Probe>& probes() {
  static const std::vector<Probe> list = {
      {"toolchain", "C++ compiler", {"c++", "--version"}, "g++"},
      {"toolchain", "CMake", {"cmake", "--version"}, "cmake"},
      {"toolchain", "Ninja", {"ninja", "--version"}, "ninja-build"},
      {"toolchain", "ccache", {"ccache", "--version"}, "ccache"},
      {"toolchain", "pkg-config", {"pkg-config", "--version"}, "pkg-config"},
      {"libraries", "WebKitGTK", {}, "libwebkit2gtk-4.1-dev", "webkit2gtk-4.1"},
      {"libraries", "GTK", {}, "libgtk-3-dev", "gtk+-3.0"},
      {"frontend", "Node.js", {"node", "--version"}, "nodejs"},
      {"frontend", "npm", {"npm", "--version"}, "npm"},
      {"bundlers", "deb: dpkg-deb", {"dpkg-deb", "--version"}, "dpkg"},
      {"bundlers", "deb: lintian", {"lintian", "--version"}, "lintian"},
      {"bundlers", "rpm: rpm", {"rpm", "--version"}, "rpm"},
      {"bundlers", "rpm: rpmlint", {"rpmlint", "--version"}, "rpmlint"},
      {"bundlers", "AppImage: mksquashfs", {"mksquashfs", "-version"}, "squashfs-tools"},
      {"bundlers", "MSI: wixl", {"wixl", "--version"}, "wixl"},
      {"bundlers", "NSIS: makensis", {"makensis", "-VERSION"}, "nsis"},
      {"bundlers", "Authenticode: osslsigncode", {"osslsigncode", "--version"}, "osslsigncode"},
      {"bundlers", "updater: minisign", {"minisign", "-v"}, "minisign"},
      {"bundlers", "desktop-file-validate", {"desktop-file-validate", "--help"}, "desktop-file-utils"},
      {"bundlers", "appstreamcli", {"appstreamcli", "--version"}, "appstream"},
  };
  return list;
}

struct Found {
  bool present = false;
  std::string version; // may be empty when the tool prints none
};

std::string version_in(std::string_view text) {
  static const std::regex k_version(R"((\d+\.\d+(?:\.\d+)*(?:[-+~][0-9A-Za-z.+~-]*)?))");
  std::string s(text);
  std::smatch match;
  return std::regex_search(s, match, k_version) ? match[1].str() : std::string();
}

Found probe(const Probe& p) {
  Command command;
  command.argv = p.pkg_config ? std::vector<std::string>{"pkg-config", "--modversion", p.pkg_config} : p.argv;
  if (find_on_path(command.argv[0]).empty()) return {};
  command.stdout_mode = OutputMode::capture;
  command.stderr_mode = OutputMode::capture;
  command.check = CheckExit::no;
  command.timeout = std::chrono::milliseconds(10000);
  command.env_set = {{"LC_ALL", "C"}};
  auto result = run_process(command);
  if (!result) return {};
  if (p.pkg_config && !result->status.success()) return {};
  const std::string first = result->out.substr(0, result->out.find('\n'));
  std::string version = version_in(first);
  if (version.empty()) version = version_in(result->out + result->err);
  return {true, version};
}

std::string os_name() {
  std::string name = "Linux";
  if (auto text = read_file("/etc/os-release")) {
    static const std::regex k_pretty(R"(PRETTY_NAME="?([^"\n]*))");
    std::smatch match;
    if (std::regex_search(*text, match, k_pretty)) name = match[1].str();
  }
  struct ::utsname u {};
  if (::uname(&u) == 0) name += fmt::format(" ({} {}, {})", u.sysname, u.release, u.machine);
  return name;
}

struct InfoOptions {
  std::string project_dir;
};

Result<int> run_info(const InfoOptions& options, const GlobalOptions& global) {
  nlohmann::json out = {{"weft", WEFT_VERSION}, {"os", os_name()}, {"tools", nlohmann::json::array()}};
  for (const Probe& p : probes()) {
    const Found found = probe(p);
    nlohmann::json item = {{"section", p.section}, {"name", p.name}, {"found", found.present}, {"package", p.package}};
    if (found.present) item["version"] = found.version;
    out["tools"].push_back(item);
  }

  // The project, when there is one here or above.
  std::error_code ec;
  auto dir = find_project_dir(options.project_dir);
  if (dir) {
    config::LoadOptions load;
    load.project_dir = *dir;
    auto manifest = config::load_manifest(load);
    if (manifest) {
      const nlohmann::json& c = manifest->config;
      auto get = [&](const char* pointer) {
        nlohmann::json::json_pointer p(pointer);
        return c.contains(p) ? c.at(p) : nlohmann::json();
      };
      out["project"] = {{"dir", dir->string()},
                        {"productName", manifest->product_name},
                        {"version", manifest->version},
                        {"identifier", manifest->identifier},
                        {"mainBinaryName", manifest->main_binary_name},
                        {"frontendDist", get("/build/frontendDist")},
                        {"devUrl", get("/build/devUrl")},
                        {"beforeBuildCommand", get("/build/beforeBuildCommand")},
                        {"bundleTargets", get("/bundle/targets")},
                        {"windows", get("/app/windows").is_array() ? get("/app/windows").size() : 0}};
    } else {
      out["project"] = {{"dir", dir->string()}, {"error", manifest.error().headline()}};
    }
  }

  if (global.json) {
    std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  }
  std::printf("weft %s\nOS: %s\n", WEFT_VERSION, out["os"].get<std::string>().c_str());
  std::string section;
  for (const auto& item : out["tools"]) {
    if (item["section"] != section) {
      section = item["section"];
      std::printf("\n%s:\n", section.c_str());
    }
    const std::string name = item["name"];
    if (item["found"])
      std::printf("  %-28s %s\n", name.c_str(),
                  item["version"].get<std::string>().empty() ? "installed"
                                                             : item["version"].get<std::string>().c_str());
    else
      std::printf("  %-28s missing — install %s\n", name.c_str(), item["package"].get<std::string>().c_str());
  }
  if (out.contains("project")) {
    const auto& p = out["project"];
    std::printf("\nproject (%s):\n", p["dir"].get<std::string>().c_str());
    if (p.contains("error")) {
      std::printf("  %s\n", p["error"].get<std::string>().c_str());
    } else {
      for (const char* key : {"productName", "version", "identifier", "mainBinaryName", "frontendDist", "devUrl",
                              "beforeBuildCommand", "bundleTargets", "windows"}) {
        if (p[key].is_null()) continue;
        std::printf("  %-28s %s\n", key,
                    p[key].is_string() ? p[key].get<std::string>().c_str() : p[key].dump().c_str());
      }
    }
  }
  return 0;
}

} // namespace

void setup_info(CLI::App& root, CommandContext context) {
  auto options = std::make_shared<InfoOptions>();
  CLI::App* command =
      root.add_subcommand("info", "Show the toolchain, libraries, bundler tools and the project's settings");
  command->add_option("-p,--project", options->project_dir, "The app's folder (default: nearest with weft.conf.json)");
  command->callback([options, context] {
    context.action = [options, &global = context.global] { return run_info(*options, global); };
  });
}

} // namespace weft::cli

#include "backend_build.hpp"

#include <weft/base/file.hpp>
#include <weft/config-schema/acl/project_acl.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <regex>
#include <sstream>

namespace weft::cli {

namespace fs = std::filesystem;

namespace {

std::string absolute_string(const fs::path& path) { return fs::absolute(path).lexically_normal().string(); }

Command cmake_command(std::vector<std::string> argv, const BackendBuild& build) {
  Command command;
  command.argv = std::move(argv);
  command.stdout_mode = build.forward_output ? OutputMode::forward : OutputMode::capture;
  command.stderr_mode = build.forward_output ? OutputMode::forward : OutputMode::capture;
  // A colourless, untranslated log, so that compiler errors can be read back.
  command.env_set = {{"LC_ALL", "C"}, {"CLICOLOR_FORCE", "0"}};
  command.check = CheckExit::no;
  return command;
}

std::string tail_of(const ProcessResult& result) {
  std::string all =
      result.out.empty() && result.err.empty() ? result.stdout_tail + result.stderr_tail : result.out + result.err;
  if (all.size() > k_output_tail_bytes) all = all.substr(all.size() - k_output_tail_bytes);
  return all;
}

} // namespace

std::vector<std::string> configure_command(const BackendBuild& build) {
  std::vector<std::string> argv = {"cmake", "-S", absolute_string(build.source_dir), "-B",
                                   absolute_string(build.build_dir)};
  if (!build.generator.empty()) argv.insert(argv.end(), {"-G", build.generator});
  argv.push_back(fmt::format("-DCMAKE_BUILD_TYPE={}", build.profile == BuildProfile::debug ? "Debug" : "Release"));
  argv.push_back("-Dweft_DIR=" + absolute_string(build.package_dir));
  argv.push_back("-DWEFT_GEN_DIR=" + absolute_string(build.gen_dir));
  argv.push_back("-DWEFT_OUTPUT_DIR=" + absolute_string(build.output_dir));
  argv.push_back("-DWEFT_APP_TARGET=" + build.target);
  argv.push_back("-DWEFT_BINARY_NAME=" + build.binary_name);
  if (!build.launcher.empty()) argv.push_back("-DCMAKE_CXX_COMPILER_LAUNCHER=" + build.launcher.string());
  if (!build.toolchain_file.empty()) argv.push_back("-DCMAKE_TOOLCHAIN_FILE=" + absolute_string(build.toolchain_file));
  argv.insert(argv.end(), build.extra_args.begin(), build.extra_args.end());
  return argv;
}

Result<void> configure_backend(const BackendBuild& build, bool fresh, ProcessRunner& runner) {
  std::vector<std::string> argv = configure_command(build);
  if (fresh) argv.insert(argv.begin() + 1, "--fresh");
  Command command = cmake_command(argv, build);
  WEFT_TRY_ASSIGN(ProcessResult result, runner.run(command));
  if (result.status.success()) return {};
  std::string tail = tail_of(result);
  // CMake's own errors read "CMake Error at CMakeLists.txt:7 (add_executable):".
  static const std::regex k_cmake_error(R"(CMake Error at ([^:\n]+):(\d+) \(([^)]*)\):\n\s*(.*))");
  std::smatch match;
  std::string all = result.out + result.err;
  Error error = Error::tool("cmake", "configuring the backend failed (" + result.status.describe() + ")", tail);
  if (std::regex_search(all, match, k_cmake_error)) {
    Location where;
    fs::path file = match[1].str();
    if (file.is_relative()) file = build.source_dir / file;
    where.file = config::acl::display_path(file);
    where.line = std::stoi(match[2].str());
    error = Error::tool("cmake", fmt::format("{}: {}", match[3].str(), match[4].str()), tail);
    error.with_location(where);
  }
  return fail(std::move(error)
                  .with_hint("fix the backend's CMakeLists.txt (it must call find_package(weft) and weft_app())")
                  .with_context(fmt::format("running `{}`", render_command_line(command))));
}

std::optional<Error> compiler_error(std::string_view output) {
  static const std::regex k_diagnostic(R"(^([^\s:][^:\n]*):(\d+):(\d+): (?:fatal )?error: (.*)$)");
  std::istringstream lines{std::string(output)};
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (!std::regex_match(line, match, k_diagnostic)) continue;
    Location where;
    where.file = config::acl::display_path(match[1].str());
    where.line = std::stoi(match[2].str());
    where.column = std::stoi(match[3].str());
    std::string tail(output.size() > k_output_tail_bytes ? output.substr(output.size() - k_output_tail_bytes) : output);
    Error error = Error::tool("c++", match[4].str(), std::move(tail));
    error.with_location(std::move(where));
    return error;
  }
  return std::nullopt;
}

Result<void> build_backend(const BackendBuild& build, ProcessRunner& runner) {
  // With Ninja, ninja itself: what `cmake --build` runs, without the cost
  // of one more process (build.ninja re-runs CMake when its inputs change).
  Command command =
      build.generator == "Ninja" && !build.ninja.empty()
          ? cmake_command({build.ninja.string(), "-C", absolute_string(build.build_dir), build.target}, build)
          : cmake_command(
                {"cmake", "--build", absolute_string(build.build_dir), "--target", build.target, "--parallel"}, build);
  WEFT_TRY_ASSIGN(ProcessResult result, runner.run(command));
  if (result.status.success()) return {};
  const std::string all = result.out + result.err;
  if (auto located = compiler_error(all)) {
    Location where = located->location();
    if (auto text = read_file(where.file)) {
      std::istringstream lines(*text);
      std::string line;
      for (int i = 0; i < where.line && std::getline(lines, line); ++i) {
      }
      where.source_line = line;
      located->with_location(std::move(where));
    }
    return fail(std::move(*located)
                    .with_hint("the backend does not compile; fix the error above")
                    .with_context(fmt::format("running `{}`", render_command_line(command))));
  }
  return fail(Error::tool("cmake", "building the backend failed (" + result.status.describe() + ")", tail_of(result))
                  .with_hint("read the build output above")
                  .with_context(fmt::format("running `{}`", render_command_line(command))));
}

Result<fs::path> find_cmake_package() {
  if (const char* dir = std::getenv("WEFT_CMAKE_DIR"); dir && *dir) {
    if (!fs::exists(fs::path(dir) / "weftConfig.cmake"))
      return fail(Error::input(fmt::format("WEFT_CMAKE_DIR={} holds no weftConfig.cmake", dir))
                      .with_hint("point WEFT_CMAKE_DIR at <prefix>/lib/cmake/weft, or unset it"));
    return fs::path(dir);
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / WEFT_INSTALL_LIBDIR / "cmake" / "weft";
    if (fs::exists(installed / "weftConfig.cmake", ec)) return installed;
  }
  const fs::path build_tree = WEFT_BUILD_PACKAGE_DIR;
  if (fs::exists(build_tree / "weftConfig.cmake", ec)) return build_tree;
  return fail(Error(ExitCode::tool, "weft's CMake package (weftConfig.cmake) is missing")
                  .with_hint("install weft with its runtime (cmake --install), or set WEFT_CMAKE_DIR; a weft built "
                             "without WebKitGTK has no runtime to link apps with"));
}

} // namespace weft::cli

#pragma once

#include "context_generator.hpp"

#include <weft/base/error.hpp>
#include <weft/base/process.hpp>
#include <weft/base/status.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::cli {

// How the app's CMake project is configured and built.
struct BackendBuild {
  std::filesystem::path source_dir;  // build.backend.sourceDir (holds CMakeLists.txt)
  std::filesystem::path build_dir;   // target/<profile>/backend
  std::filesystem::path output_dir;  // target/<profile>: where the binary goes
  std::filesystem::path gen_dir;     // target/<profile>/gen
  std::filesystem::path package_dir; // weft's CMake package (weftConfig.cmake)
  std::string target;                // the CMake target made with weft_app()
  std::string binary_name;           // mainBinaryName
  BuildProfile profile = BuildProfile::release;
  std::string generator;          // empty: CMake's default
  std::filesystem::path ninja;    // the ninja program, when installed
  std::filesystem::path launcher; // CMAKE_CXX_COMPILER_LAUNCHER, e.g. ccache; empty: none
  std::filesystem::path toolchain_file;
  std::vector<std::string> extra_args; // build.backend.cmakeArgs
  bool forward_output = false;         // -v: show the tools' output as it comes
};

// The `cmake` configure command line (absolute paths, so that it can be
// recorded and compared between runs).
std::vector<std::string> configure_command(const BackendBuild& build);

// Configures the build folder: from scratch (--fresh) when `fresh`.
Result<void> configure_backend(const BackendBuild& build, bool fresh, ProcessRunner& runner);

// Builds the app's target. A compiler error becomes an Error located at the
// first `file:line:col: error:` the compiler printed (exit code 3).
Result<void> build_backend(const BackendBuild& build, ProcessRunner& runner);

// The first compiler diagnostic of the form `file:line:col: [fatal ]error: …`
// in `output`, as a located tool error carrying `output`'s tail.
std::optional<Error> compiler_error(std::string_view output);

// WEFT_CMAKE_DIR when set; else <prefix>/lib/cmake/weft next to an installed
// weft; else the package in the build tree weft was built in.
Result<std::filesystem::path> find_cmake_package();

} // namespace weft::cli

#pragma once

#include "command.hpp"

#include <weft/base/error.hpp>
#include <weft/base/process.hpp>
#include <weft/base/status.hpp>
#include <weft/config-schema/manifest.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::cli {

// Runs one named step through the status printer and records it for --json.
class Steps {
public:
  explicit Steps(Status& status) : m_status(status) {}

  template <typename F> auto run(std::string_view label, F&& body) -> decltype(body()) {
    m_status.step_started(label);
    const auto start = std::chrono::steady_clock::now();
    auto result = body();
    StepResult step;
    step.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    step.outcome = !result ? StepOutcome::failed : m_skipped ? StepOutcome::skipped : StepOutcome::ok;
    m_status.step_finished(label, step);
    m_json.push_back({{"step", label},
                      {"outcome", step.outcome == StepOutcome::ok        ? "ok"
                                  : step.outcome == StepOutcome::skipped ? "skipped"
                                                                         : "failed"},
                      {"elapsedMs", step.elapsed.count()}});
    m_skipped = false;
    return result;
  }
  // Marks the running step as skipped (up to date).
  void skipped() { m_skipped = true; }
  const nlohmann::json& json() const { return m_json; }

private:
  Status& m_status;
  bool m_skipped = false;
  nlohmann::json m_json = nlohmann::json::array();
};


// What `weft build` and `weft dev` build.
struct PipelineOptions {
  std::filesystem::path project_dir;
  std::string target_triple; // empty: this host
  bool debug = false;
  // false for `weft dev`: the windows load the dev URL, so frontendDist is
  // not embedded and beforeBuildCommand does not run.
  bool embed_frontend = true;
  bool forward_output = false; // -v: the tools' output as it comes
};

struct PipelineResult {
  std::filesystem::path binary;
  std::string profile; // "release" or "debug"
  std::string triple;
  std::size_t asset_files = 0;
  std::uint64_t asset_bytes = 0;
  std::optional<std::uint64_t> stored_bytes; // only when this run generated the context
};

// The manifest of the app in `project_dir`, overlays and `config` merged, as
// the "load manifest" step; warnings printed.
Result<config::Manifest> load_app_manifest(const std::filesystem::path& project_dir,
                                           const std::vector<std::string>& config, Steps& steps,
                                           const GlobalOptions& global);

// ACL → beforeBuildCommand → frontend → context → CMake configure + build,
// each step skipped when its inputs are unchanged (target/<profile>/.weft-state.json).
Result<PipelineResult> build_app(const PipelineOptions& options, const config::Manifest& manifest, Steps& steps,
                                 const GlobalOptions& global, ProcessRunner& runner);

} // namespace weft::cli

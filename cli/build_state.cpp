#include "build_state.hpp"

#include <weft/base/atomic_file.hpp>
#include <weft/base/file.hpp>

#include <nlohmann/json.hpp>

namespace weft::cli {

namespace {

constexpr int k_state_version = 1;

} // namespace

std::string BuildState::step(const std::string& name) const {
  auto it = steps.find(name);
  return it == steps.end() ? std::string() : it->second;
}

BuildState load_build_state(const std::filesystem::path& file) {
  BuildState state;
  auto text = read_file(file);
  if (!text) return state;
  nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
  if (!json.is_object() || json.value("version", 0) != k_state_version) return state;
  try {
    for (const auto& [path, stamp] : json.at("files").items())
      state.files[path] = {stamp.at("size").get<std::uint64_t>(), stamp.at("mtimeNs").get<std::int64_t>(),
                           stamp.at("sha256").get<std::string>()};
    for (const auto& [name, digest] : json.at("steps").items()) state.steps[name] = digest.get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return BuildState{};
  }
  return state;
}

Result<void> save_build_state(const std::filesystem::path& file, const BuildState& state) {
  nlohmann::json json = {{"version", k_state_version}, {"files", nlohmann::json::object()}, {"steps", state.steps}};
  for (const auto& [path, stamp] : state.files)
    json["files"][path] = {{"size", stamp.size}, {"mtimeNs", stamp.mtime_ns}, {"sha256", stamp.sha256}};
  WEFT_TRY(write_file_if_changed(file, json.dump(1) + "\n"));
  return {};
}

} // namespace weft::cli

#pragma once

#include <weft/base/error.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace weft::cli {

// What the previous `weft build` of a profile saw (target/<profile>/.weft-state.json):
// each frontend file's size, mtime and content hash, so that unchanged files
// are not read again, and each step's input digest, so that a step whose
// inputs did not change is skipped.
struct BuildState {
  struct FileStamp {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::string sha256;
  };
  std::map<std::string, FileStamp> files;   // by source path
  std::map<std::string, std::string> steps; // step name -> digest of its inputs

  // The digest recorded for `step`, or "".
  std::string step(const std::string& name) const;
};

inline constexpr std::string_view k_state_file = ".weft-state.json";

// A missing, unreadable or outdated state is an empty one: everything reruns.
BuildState load_build_state(const std::filesystem::path& file);
Result<void> save_build_state(const std::filesystem::path& file, const BuildState& state);

} // namespace weft::cli

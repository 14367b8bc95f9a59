#pragma once

#include "frontend_files.hpp"

#include <weft/base/error.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace weft::cli {

enum class BuildProfile { debug, release };

// What the generated context is made of.
struct ContextSource {
  std::string config_json; // the effective manifest
  std::string acl_json;    // gen/acl.json
  nlohmann::json csp;      // app.security.csp; null: none
  nlohmann::json csp_keep; // app.security.dangerousDisableAssetCspModification
  BuildProfile profile = BuildProfile::release;
  std::vector<FrontendFile> files; // sorted by path, sha256 filled in
};

struct GeneratedContext {
  std::filesystem::path source;   // gen/context.cpp: weft::context() over constant data
  std::filesystem::path assembly; // gen/assets.S: the stored bytes, by .incbin
  std::optional<std::string> csp; // the policy with inline hashes
  std::uint64_t original_bytes = 0;
  std::uint64_t stored_bytes = 0;
  std::size_t compressed_now = 0; // files compressed by this run (others were in the store)
};

// The zstd levels assets are compressed with, by profile (bench/RESULTS.md,
// "asset compression": on Debian's web files level 6 is within 2 % of level 9's
// size at 60 % of its time; brotli, which the runtime does not decode, would
// save 9 % more at 15 times the time). A file that does not shrink by 5 % is
// stored as it is.
inline constexpr int k_asset_zstd_level_release = 6;
inline constexpr int k_asset_zstd_level_debug = 3;
int asset_zstd_level(BuildProfile profile);

// Writes gen_dir/context.cpp and gen_dir/assets.S (each only when its content
// changed) and the content-addressed store gen_dir/assets/<sha256>.{zst,raw}
// they refer to, compressing only files not already stored (in parallel),
// and removes stored files nothing refers to any more.
Result<GeneratedContext> generate_context(const std::filesystem::path& gen_dir, const ContextSource& source);

// `text` as a C++ string literal ("..."; octal escapes for anything but
// printable ASCII, split in chunks that concatenate).
std::string cpp_string_literal(std::string_view text);

} // namespace weft::cli

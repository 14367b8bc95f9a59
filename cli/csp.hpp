#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::cli {

// CSP hash sources ('sha256-…') of the frontend's inline scripts and styles,
// each listed once, in the order first met.
struct CspHashes {
  std::vector<std::string> scripts;
  std::vector<std::string> styles;
};

// 'sha256-<base64 of the SHA-256 of text>' as CSP writes it.
std::string csp_hash_source(std::string_view text);

// Adds the hash of every inline <script> and <style> of an HTML document.
void add_inline_hashes(std::string_view html, CspHashes& hashes);

// The policy the runtime sends: app.security.csp (a string, an object of
// directives, or null/absent for none) with the hashes added to script-src
// and style-src (and their -elem variants when present). A directive that
// is absent inherits default-src's sources first; without either, nothing
// restricts inline code and nothing is added. Directives holding
// 'unsafe-inline' or 'none' are left alone (a hash would switch
// 'unsafe-inline' off), as are those `disable_modification` names
// (app.security.dangerousDisableAssetCspModification: true or a list).
std::optional<std::string> effective_csp(const nlohmann::json& csp, const CspHashes& hashes,
                                         const nlohmann::json& disable_modification);

// `policy` with `source` allowed by `directive` (e.g. connect-src 'self'):
// added to it, or to a copy of default-src when it is absent (replacing a
// lone 'none'); unchanged when neither restricts it or it already allows
// the source or '*'.
std::string with_source(std::string_view policy, std::string_view directive, std::string_view source);

} // namespace weft::cli

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace weft {

// The generated context: everything `weft build` compiles into an app besides
// its own code. `weft build` writes target/<profile>/gen/context.cpp, which
// defines `weft::context()` with aggregate initialisers over constant data,
// and gen/assets.S, which embeds the asset bytes with `.incbin`
// (cli/context_generator.cpp); tests build a Context by hand
// (tests/support/context_builder.hpp). The runtime
// only reads a Context; every view in it must outlive the weft::App made
// from it (the generated one is static data, so it lives as long as the
// program).

// How an asset's bytes are stored.
enum class Compression : std::uint8_t {
  none, // `bytes` is the file itself
  zstd, // `bytes` is one zstd frame holding the file (its content size in the header)
};

// The build profile; decides defaults such as the web inspector.
enum class Profile : std::uint8_t { debug, release };

// One file of the frontend (`build.frontendDist`).
struct Asset {
  // The URL path the file is served at: '/' separators, no leading '/', no
  // `.` or `..` component, not percent-encoded, UTF-8 ("index.html",
  // "assets/app-3f2a.js"). The table is sorted by `path` (bytewise) with no
  // duplicates, so that the runtime can binary-search it.
  std::string_view path;
  // The Content-Type to serve it with, e.g. "text/html", "text/javascript",
  // "image/svg+xml". Empty: the runtime guesses from the extension.
  std::string_view mime;
  // Lowercase hex SHA-256 of the uncompressed file (64 characters); served as
  // the ETag. May be empty.
  std::string_view sha256;
  Compression compression = Compression::none;
  // The stored bytes (compressed when `compression` says so), typically a
  // span over a `.incbin` symbol. Empty for an empty file.
  std::span<const unsigned char> bytes;
  // Length of the uncompressed file in bytes.
  std::uint64_t size = 0;
};

struct Context {
  // The effective manifest as JSON text: weft.conf.json with its platform
  // overlay and every --config merged in (RFC 7396), already validated
  // against config-schema/weft.conf.schema.json. The runtime reads
  // productName, version, identifier, app.windows, app.withGlobalWeft,
  // app.security.freezePrototype, build.devUrl and bundle.externalBin.
  std::string_view config_json;
  // The frontend, sorted by path (see Asset). Empty when the frontend is a
  // remote URL or only served by a dev server.
  std::span<const Asset> assets;
  // The resolved ACL exactly as `weft check`/`weft build` write
  // target/<profile>/gen/acl.json (format documented in
  // config-schema/include/weft/config-schema/acl/acl_output.hpp, version 1).
  // The runtime refuses other versions at start-up; an empty text denies
  // every command.
  std::string_view acl_json;
  // The Content-Security-Policy header sent with every embedded asset: the
  // manifest's app.security.csp (or devCsp for `weft dev`) with the hashes
  // of inline scripts and styles added. nullopt: no CSP header.
  std::optional<std::string_view> csp;
  Profile profile = Profile::release;
};

// Defined by the code `weft build` generates (target/<profile>/gen/); an app
// passes it to weft::App. Declared here so that main.cpp can name it.
const Context& context();

} // namespace weft

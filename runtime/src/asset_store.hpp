#pragma once

#include <weft/runtime/context.hpp>

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace weft::runtime {

// The scheme and host the embedded frontend is served on.
inline constexpr std::string_view k_asset_scheme = "weft";
inline constexpr std::string_view k_asset_base = "weft://localhost/";

// One answer of the asset protocol, independent of WebKit.
struct AssetResponse {
  int status = 200;
  std::string reason = "OK";
  std::string mime;
  std::vector<std::pair<std::string, std::string>> headers; // besides Content-Type
  // The body: a view into the context's data or into `owner` (a cached
  // decompressed file, or generated text), which keeps it alive.
  std::span<const unsigned char> body;
  std::shared_ptr<const std::string> owner;
};

// The asset path a request URI names ("index.html", "assets/app.js"), or
// nullopt when it names none the protocol may serve: another host, a bad
// percent escape, a `.` or `..` component (also percent-encoded), an empty
// component (`//`, which also catches encoded absolute paths), a backslash or
// a NUL. The root and any path ending in '/' name that folder's index.html.
std::optional<std::string> asset_path_of(std::string_view uri);

// Serves the context's assets: lookup by path (binary search), MIME type,
// CSP and ETag headers, zstd decompression cached per asset so that only the
// first request of a file pays for it. Thread-safe.
class AssetStore {
public:
  AssetStore(std::span<const Asset> assets, std::optional<std::string> csp);

  AssetResponse serve(std::string_view uri) const;

  // The asset at exactly `path`, or nullptr.
  const Asset* find(std::string_view path) const;

  // How many times a file was decompressed (tests check the cache with it).
  std::size_t decompressions() const;

private:
  AssetResponse not_found(std::string_view uri) const;
  AssetResponse server_error(std::string message) const;
  void add_common_headers(AssetResponse& response) const;
  std::shared_ptr<const std::string> decompressed(std::size_t index, std::string& error) const;

  std::span<const Asset> m_assets;
  std::optional<std::string> m_csp;
  mutable std::mutex m_mutex;
  mutable std::vector<std::shared_ptr<const std::string>> m_cache; // by asset index
  mutable std::size_t m_decompressions = 0;
};

} // namespace weft::runtime

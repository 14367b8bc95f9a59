#include "asset_store.hpp"

#include <weft/base/hex.hpp>
#include <weft/base/mime.hpp>

#include <zstd.h>

#include <algorithm>

namespace weft::runtime {
namespace {

std::span<const unsigned char> bytes_of(const std::string& text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

} // namespace

std::optional<std::string> asset_path_of(std::string_view uri) {
  const std::string_view base = k_asset_base.substr(0, k_asset_base.size() - 1); // without the root '/'
  if (uri.size() < base.size() || uri.substr(0, base.size()) != base) return std::nullopt;
  std::string_view rest = uri.substr(base.size());
  if (!rest.empty() && rest.front() != '/' && rest.front() != '?' && rest.front() != '#') return std::nullopt; // other host
  rest = rest.substr(0, rest.find_first_of("?#"));
  std::optional<std::string> decoded = percent_decode(rest);
  if (!decoded) return std::nullopt;
  std::string path = decoded->empty() ? std::string() : decoded->substr(1); // without the leading '/'
  if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) return std::nullopt;
  if (path.empty() || path.back() == '/') path += "index.html";
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const std::string_view part = std::string_view(path).substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return std::nullopt;
    start = end + 1;
  }
  return path;
}

AssetStore::AssetStore(std::span<const Asset> assets, std::optional<std::string> csp)
    : m_assets(assets), m_csp(std::move(csp)), m_cache(assets.size()) {}

const Asset* AssetStore::find(std::string_view path) const {
  auto it = std::lower_bound(m_assets.begin(), m_assets.end(), path,
                             [](const Asset& asset, std::string_view key) { return asset.path < key; });
  if (it == m_assets.end() || it->path != path) return nullptr;
  return &*it;
}

std::size_t AssetStore::decompressions() const {
  std::lock_guard lock(m_mutex);
  return m_decompressions;
}

void AssetStore::add_common_headers(AssetResponse& response) const {
  if (m_csp) response.headers.emplace_back("Content-Security-Policy", *m_csp);
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Cache-Control", "no-cache");
}

AssetResponse AssetStore::not_found(std::string_view uri) const {
  AssetResponse response;
  response.status = 404;
  response.reason = "Not Found";
  response.mime = "text/plain";
  auto text = std::make_shared<std::string>("404 Not Found: " + std::string(uri.substr(0, 2048)) + "\n");
  response.body = bytes_of(*text);
  response.owner = std::move(text);
  add_common_headers(response);
  return response;
}

AssetResponse AssetStore::server_error(std::string message) const {
  AssetResponse response;
  response.status = 500;
  response.reason = "Internal Server Error";
  response.mime = "text/plain";
  auto text = std::make_shared<std::string>("500 " + message + "\n");
  response.body = bytes_of(*text);
  response.owner = std::move(text);
  add_common_headers(response);
  return response;
}

std::shared_ptr<const std::string> AssetStore::decompressed(std::size_t index, std::string& error) const {
  std::lock_guard lock(m_mutex);
  if (m_cache[index]) return m_cache[index];
  const Asset& asset = m_assets[index];
  const unsigned long long declared = ZSTD_getFrameContentSize(asset.bytes.data(), asset.bytes.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR || declared == ZSTD_CONTENTSIZE_UNKNOWN || declared != asset.size) {
    error = "the embedded asset " + std::string(asset.path) + " is not a zstd frame of its declared size";
    return nullptr;
  }
  auto text = std::make_shared<std::string>(static_cast<size_t>(declared), '\0');
  const size_t got = ZSTD_decompress(text->data(), text->size(), asset.bytes.data(), asset.bytes.size());
  if (ZSTD_isError(got) || got != declared) {
    error = "the embedded asset " + std::string(asset.path) + " does not decompress";
    return nullptr;
  }
  ++m_decompressions;
  m_cache[index] = text;
  return text;
}

AssetResponse AssetStore::serve(std::string_view uri) const {
  std::optional<std::string> path = asset_path_of(uri);
  if (!path) return not_found(uri);
  const Asset* asset = find(*path);
  const size_t slash = path->rfind('/');
  if (!asset && path->find('.', slash == std::string::npos ? 0 : slash) == std::string::npos)
    asset = find(*path + "/index.html"); // a folder named without its trailing '/'
  if (!asset) return not_found(uri);

  AssetResponse response;
  response.mime = asset->mime.empty() ? std::string(mime_type_for_path(asset->path)) : std::string(asset->mime);
  if (asset->compression == Compression::zstd) {
    std::string error;
    response.owner = decompressed(static_cast<std::size_t>(asset - m_assets.data()), error);
    if (!response.owner) return server_error(error);
    response.body = bytes_of(*response.owner);
  } else {
    response.body = asset->bytes;
  }
  add_common_headers(response);
  if (!asset->sha256.empty()) response.headers.emplace_back("ETag", "\"" + std::string(asset->sha256) + "\"");
  return response;
}

} // namespace weft::runtime

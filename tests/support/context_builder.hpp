#pragma once

// Builds a weft::Context by hand, as the build pipeline's generated code will
// (runtime/include/weft/runtime/context.hpp): for the runtime's unit tests
// and the end-to-end fixture app. Header-only; link OpenSSL::Crypto and zstd.
#include <weft/base/hex.hpp>
#include <weft/base/mime.hpp>
#include <weft/runtime/context.hpp>

#include <openssl/evp.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <deque>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace weft::test {

class ContextBuilder {
public:
  ContextBuilder& config(std::string json) {
    m_config = std::move(json);
    return *this;
  }
  ContextBuilder& acl(std::string json) {
    m_acl = std::move(json);
    return *this;
  }
  ContextBuilder& csp(std::optional<std::string> csp) {
    m_csp = std::move(csp);
    return *this;
  }
  ContextBuilder& profile(Profile profile) {
    m_profile = profile;
    return *this;
  }
  // One file; `mime` empty: from the extension, as the pipeline does.
  ContextBuilder& asset(std::string path, const std::string& content, Compression compression = Compression::none,
                        std::string mime = {}) {
    Stored stored;
    stored.mime = mime.empty() ? std::string(mime_type_for_path(path)) : std::move(mime);
    stored.path = std::move(path);
    stored.sha256 = sha256_hex(content);
    stored.size = content.size();
    stored.compression = compression;
    stored.bytes = compression == Compression::zstd ? zstd(content) : content;
    m_stored.push_back(std::move(stored));
    return *this;
  }
  // Every regular file under `dir`, by its relative path.
  ContextBuilder& assets_from(const std::filesystem::path& dir, Compression compression) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      asset(entry.path().lexically_relative(dir).generic_string(), read(entry.path()), compression);
    }
    return *this;
  }

  // The Context; valid while this builder lives and is not changed.
  const Context& build() {
    std::sort(m_stored.begin(), m_stored.end(), [](const Stored& a, const Stored& b) { return a.path < b.path; });
    m_assets.clear();
    for (const Stored& stored : m_stored) {
      Asset asset;
      asset.path = stored.path;
      asset.mime = stored.mime;
      asset.sha256 = stored.sha256;
      asset.compression = stored.compression;
      asset.bytes = {reinterpret_cast<const unsigned char*>(stored.bytes.data()), stored.bytes.size()};
      asset.size = stored.size;
      m_assets.push_back(asset);
    }
    m_context.config_json = m_config;
    m_context.assets = m_assets;
    m_context.acl_json = m_acl;
    m_context.csp = m_csp ? std::optional<std::string_view>(*m_csp) : std::nullopt;
    m_context.profile = m_profile;
    return m_context;
  }

  static std::string read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

private:
  struct Stored {
    std::string path, mime, sha256, bytes;
    Compression compression = Compression::none;
    std::uint64_t size = 0;
  };

  static std::string zstd(const std::string& content) {
    std::string out(ZSTD_compressBound(content.size()), '\0');
    const size_t size = ZSTD_compress(out.data(), out.size(), content.data(), content.size(), 3);
    if (ZSTD_isError(size)) throw std::runtime_error("zstd failed");
    out.resize(size);
    return out;
  }

  static std::string sha256_hex(const std::string& content) {
    std::array<unsigned char, 32> digest{};
    unsigned int length = 0;
    EVP_Digest(content.data(), content.size(), digest.data(), &length, EVP_sha256(), nullptr);
    return hex_lower(digest);
  }

  std::string m_config = "{}";
  std::string m_acl;
  std::optional<std::string> m_csp;
  Profile m_profile = Profile::debug;
  std::deque<Stored> m_stored;
  std::vector<Asset> m_assets;
  Context m_context;
};

} // namespace weft::test

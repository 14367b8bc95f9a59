#pragma once

#include <weft/base/error.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace weft::signing {

struct FetchedDocument {
  long status = 0; // HTTP status; 0 for file://
  std::string body;
};

// Network and file:// access for `weft updater check`, as an interface so
// tests can pass a fake.
class Fetcher {
public:
  virtual ~Fetcher() = default;
  // GETs a small document (at most `max_bytes`), following redirects. Any
  // HTTP status other than 200 and 204 is an error.
  virtual Result<FetchedDocument> get(const std::string& url, size_t max_bytes) = 0;
  // Downloads `url` into `destination`; returns the number of bytes.
  virtual Result<uint64_t> download(const std::string& url, const std::filesystem::path& destination) = 0;
};

// libcurl (http, https, file; redirects only to http and https), loaded with
// dlopen("libcurl.so.4") on first use, so that weft does not pay for loading
// it and its ~25 dependencies at every start.
std::unique_ptr<Fetcher> make_curl_fetcher();

// True for "http://…", "https://…", "file://…" (case-insensitive scheme).
bool is_fetchable_url(std::string_view text);

} // namespace weft::signing

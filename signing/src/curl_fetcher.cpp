#include <weft/signing/fetcher.hpp>

#include <weft/base/shared_library.hpp>

#include <curl/curl.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>

namespace weft::signing {

namespace {

// The few libcurl entry points weft uses, resolved at run time. The header
// is used for types and constants only; nothing links against libcurl.
struct CurlApi {
  CURLcode (*global_init)(long flags) = nullptr;
  CURL* (*easy_init)() = nullptr;
  CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...) = nullptr;
  CURLcode (*easy_perform)(CURL* handle) = nullptr;
  CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...) = nullptr;
  void (*easy_cleanup)(CURL* handle) = nullptr;
  const char* (*easy_strerror)(CURLcode code) = nullptr;
  curl_slist* (*slist_append)(curl_slist* list, const char* text) = nullptr;
  void (*slist_free_all)(curl_slist* list) = nullptr;
};

// Loaded once per process, never unloaded.
Result<const CurlApi*> load_curl() {
  static std::once_flag once;
  static CurlApi api;
  static Result<void> loaded;
  std::call_once(once, [] {
    Result<SharedLibrary> library =
        SharedLibrary::open({"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"}, "libcurl", "libcurl4");
    if (!library) {
      loaded = fail(std::move(library.error()));
      return;
    }
    const bool ok = library->resolve("curl_global_init", api.global_init) &&
                    library->resolve("curl_easy_init", api.easy_init) &&
                    library->resolve("curl_easy_setopt", api.easy_setopt) &&
                    library->resolve("curl_easy_perform", api.easy_perform) &&
                    library->resolve("curl_easy_getinfo", api.easy_getinfo) &&
                    library->resolve("curl_easy_cleanup", api.easy_cleanup) &&
                    library->resolve("curl_easy_strerror", api.easy_strerror) &&
                    library->resolve("curl_slist_append", api.slist_append) &&
                    library->resolve("curl_slist_free_all", api.slist_free_all);
    if (!ok)
      loaded = fail(Error::tool("libcurl", "libcurl.so.4 lacks a needed function (too old?)")
                        .with_hint("install libcurl (Debian: apt-get install libcurl4)"));
    else if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      loaded = fail(Error::tool("libcurl", "curl_global_init failed"));
  });
  if (!loaded) return fail(loaded.error());
  return &api;
}

struct Sink {
  std::string* body = nullptr;
  size_t max_bytes = 0;
  std::FILE* file = nullptr;
  uint64_t bytes = 0;
  bool too_large = false;
  int write_errno = 0;
};

size_t write_callback(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t n = size * count;
  if (sink->body) {
    if (sink->body->size() + n > sink->max_bytes) {
      sink->too_large = true;
      return 0;
    }
    sink->body->append(data, n);
  } else if (std::fwrite(data, 1, n, sink->file) != n) {
    sink->write_errno = errno;
    return 0;
  }
  sink->bytes += n;
  return n;
}

class CurlFetcher final : public Fetcher {
public:
  Result<FetchedDocument> get(const std::string& url, size_t max_bytes) override {
    FetchedDocument out;
    Sink sink;
    sink.body = &out.body;
    sink.max_bytes = max_bytes;
    WEFT_TRY_ASSIGN(out.status, perform(url, sink, "Accept: application/json"));
    if (sink.too_large) return fail(Error::input(fmt::format("{}: larger than {} bytes", url, max_bytes)));
    return out;
  }

  Result<uint64_t> download(const std::string& url, const std::filesystem::path& destination) override {
    std::FILE* file = std::fopen(destination.c_str(), "wbe");
    if (!file) return fail(Error::io(destination.string(), errno, "write"));
    Sink sink;
    sink.file = file;
    auto status = perform(url, sink, nullptr);
    int closed = std::fclose(file);
    if (sink.write_errno) return fail(Error::io(destination.string(), sink.write_errno, "write"));
    if (!status) return fail(status.error());
    if (*status == 204) return fail(Error::input(fmt::format("{}: HTTP 204, no content", url)));
    if (closed != 0) return fail(Error::io(destination.string(), errno, "write"));
    return sink.bytes;
  }

private:
  Result<long> perform(const std::string& url, Sink& sink, const char* header) {
    if (!is_fetchable_url(url))
      return fail(Error::input(fmt::format("`{}`: only http, https and file URLs are supported", url)));
    WEFT_TRY_ASSIGN(const CurlApi* curl, load_curl());
    CURL* handle = curl->easy_init();
    if (!handle) return fail(Error::tool("libcurl", "curl_easy_init failed"));
    curl_slist* headers = header ? curl->slist_append(nullptr, header) : nullptr;
    char error_text[CURL_ERROR_SIZE] = "";
    auto set = [&](CURLoption option, auto value) { return curl->easy_setopt(handle, option, value) == CURLE_OK; };
    bool configured = set(CURLOPT_URL, url.c_str()) && set(CURLOPT_PROTOCOLS_STR, "http,https,file") &&
                      set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https") && set(CURLOPT_FOLLOWLOCATION, 1L) &&
                      set(CURLOPT_MAXREDIRS, 10L) && set(CURLOPT_NOSIGNAL, 1L) &&
                      set(CURLOPT_CONNECTTIMEOUT, 30L) && set(CURLOPT_LOW_SPEED_LIMIT, 1L) &&
                      set(CURLOPT_LOW_SPEED_TIME, 60L) && set(CURLOPT_USERAGENT, "weft-updater-check") &&
                      set(CURLOPT_ERRORBUFFER, error_text) &&
                      set(CURLOPT_WRITEFUNCTION, &write_callback) && set(CURLOPT_WRITEDATA, &sink) &&
                      (!headers || set(CURLOPT_HTTPHEADER, headers));
    CURLcode code = configured ? curl->easy_perform(handle) : CURLE_FAILED_INIT;
    long status = 0;
    curl->easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    curl->easy_cleanup(handle);
    if (headers) curl->slist_free_all(headers);

    if (!configured)
      return fail(Error::tool("libcurl", "cannot configure the transfer (libcurl older than 7.85?)"));
    if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && (sink.too_large || sink.write_errno))) {
      std::string reason = *error_text ? error_text : curl->easy_strerror(code);
      return fail(Error::input(fmt::format("cannot fetch {}: {}", url, reason)));
    }
    bool http = url.size() > 4 && (url[0] == 'h' || url[0] == 'H');
    if (http && status != 200 && status != 204)
      return fail(Error::input(fmt::format("cannot fetch {}: HTTP {}", url, status)));
    return status;
  }
};

} // namespace

std::unique_ptr<Fetcher> make_curl_fetcher() { return std::make_unique<CurlFetcher>(); }

} // namespace weft::signing

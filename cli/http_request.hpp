#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace weft::cli {

// The head of one HTTP/1.x request, as the built-in dev server reads it.
struct HttpRequest {
  std::string method; // as sent: "GET", "HEAD", …
  std::string path;   // the target's path, percent-decoded, without query or fragment
  int minor_version = 1;
  bool keep_alive = true; // HTTP/1.1 unless `Connection: close`; 1.0 only with `Connection: keep-alive`
  bool has_body = false;  // Content-Length > 0 or Transfer-Encoding: the server answers and closes
};

enum class HttpParse { complete, incomplete, bad };

struct HttpParseResult {
  HttpParse state = HttpParse::incomplete;
  HttpRequest request;      // when complete
  std::size_t consumed = 0; // bytes of the head, CRLFCRLF included, when complete
  std::string error;        // when bad: why
};

// Parses the request head at the start of `buffer` (pipelined requests may
// follow it). Incomplete until the empty line arrives; bad for a malformed
// request line or header, an origin-form target that does not start with
// '/', a percent escape that is not two hex digits or decodes to NUL.
HttpParseResult parse_http_request(std::string_view buffer);

} // namespace weft::cli

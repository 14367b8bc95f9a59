#include "http_request.hpp"

#include <weft/base/hex.hpp>

#include <algorithm>
#include <cctype>

namespace weft::cli {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    if (iequals(trim(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

HttpParseResult bad(std::string why) {
  HttpParseResult result;
  result.state = HttpParse::bad;
  result.error = std::move(why);
  return result;
}

} // namespace

HttpParseResult parse_http_request(std::string_view buffer) {
  // Browsers may send an empty line between keep-alive requests.
  size_t start = 0;
  while (buffer.substr(start).starts_with("\r\n")) start += 2;
  const size_t end = buffer.find("\r\n\r\n", start);
  if (end == std::string_view::npos) return {};
  std::string_view head = buffer.substr(start, end + 2 - start);

  HttpParseResult result;
  result.consumed = end + 4;
  const size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  head.remove_prefix(line_end + 2);

  const size_t first_space = line.find(' ');
  const size_t last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space) return bad("malformed request line");
  HttpRequest& request = result.request;
  request.method = std::string(line.substr(0, first_space));
  if (request.method.empty() ||
      !std::all_of(request.method.begin(), request.method.end(), [](unsigned char c) { return std::isupper(c); }))
    return bad("malformed method");
  const std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
  const std::string_view version = line.substr(last_space + 1);
  if (version == "HTTP/1.1")
    request.minor_version = 1;
  else if (version == "HTTP/1.0")
    request.minor_version = 0;
  else
    return bad("unsupported version");
  if (!target.starts_with('/')) return bad("the target is not a path");
  const std::string_view raw_path = target.substr(0, target.find_first_of("?#"));
  std::optional<std::string> decoded = percent_decode(raw_path);
  if (!decoded) return bad("malformed percent escape");
  request.path = std::move(*decoded);

  request.keep_alive = request.minor_version == 1;
  while (!head.empty()) {
    const size_t eol = head.find("\r\n");
    const std::string_view header = head.substr(0, eol);
    head.remove_prefix(eol + 2);
    const size_t colon = header.find(':');
    if (colon == std::string_view::npos || colon == 0 || header.front() == ' ' || header.front() == '\t')
      return bad("malformed header");
    const std::string_view name = header.substr(0, colon);
    const std::string_view value = trim(header.substr(colon + 1));
    if (iequals(name, "Connection")) {
      if (has_token(value, "close")) request.keep_alive = false;
      if (has_token(value, "keep-alive")) request.keep_alive = true;
    } else if (iequals(name, "Content-Length")) {
      if (value.empty() || !std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); }))
        return bad("malformed Content-Length");
      if (value.find_first_not_of('0') != std::string_view::npos) request.has_body = true;
    } else if (iequals(name, "Transfer-Encoding")) {
      request.has_body = true;
    }
  }
  result.state = HttpParse::complete;
  return result;
}

} // namespace weft::cli

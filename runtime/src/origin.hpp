#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace weft::runtime {

// The parts of a page URL the ACL looks at. The URL comes from the WebView
// (its current URI), never from a message.
struct PageUrl {
  std::string scheme; // lowercase
  std::string host;   // lowercase; IPv6 in brackets
  std::string port;   // as written; empty for the scheme's default
  std::string path;   // from the first '/', without query or fragment; "/" when empty
};

// Parses `scheme://[user@]host[:port][/path][?query][#fragment]`; nullopt for
// anything else (about:blank, data:, a malformed URL).
std::optional<PageUrl> parse_page_url(std::string_view url);

// "443" for https, "80" for http, "" when unknown.
std::string_view default_port(std::string_view scheme);

// Where a page comes from, as far as the ACL is concerned.
enum class OriginKind {
  local,  // the app's own pages: the asset scheme, or the dev server in `weft dev`
  remote, // any other http(s) page
  none,   // no page, or one with no usable origin (about:blank, data:)
};

struct Origin {
  OriginKind kind = OriginKind::none;
  std::string url;              // the whole URI, for messages
  std::optional<PageUrl> parsed; // set for local and remote
};

// Classifies a page URI: local when it is under `local_base` (the asset
// scheme's root, "weft://localhost/") or has the same scheme, host and port
// as `dev_url` (non-empty in dev mode).
Origin classify_origin(std::string_view uri, std::string_view local_base, std::string_view dev_url);

} // namespace weft::runtime

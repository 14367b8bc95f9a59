#include "origin.hpp"

#include <algorithm>
#include <cctype>

namespace weft::runtime {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool same_site(const PageUrl& a, const PageUrl& b) {
  auto port = [](const PageUrl& url) { return url.port.empty() ? std::string(default_port(url.scheme)) : url.port; };
  return a.scheme == b.scheme && a.host == b.host && port(a) == port(b);
}

} // namespace

std::string_view default_port(std::string_view scheme) {
  if (scheme == "https" || scheme == "wss") return "443";
  if (scheme == "http" || scheme == "ws") return "80";
  return "";
}

std::optional<PageUrl> parse_page_url(std::string_view url) {
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  const std::string_view scheme = url.substr(0, sep);
  if (!std::isalpha(static_cast<unsigned char>(scheme.front()))) return std::nullopt;
  for (char c : scheme)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return std::nullopt;
  std::string_view rest = url.substr(sep + 3);
  const size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view tail = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  std::string_view host = authority;
  std::string_view port;
  if (host.starts_with('[')) {
    const size_t close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    if (close + 1 < host.size()) {
      if (host[close + 1] != ':') return std::nullopt;
      port = host.substr(close + 2);
    }
    host = host.substr(0, close + 1);
  } else if (const size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (host.empty()) return std::nullopt;
  for (char c : port)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  PageUrl out;
  out.scheme = lower(scheme);
  out.host = lower(host);
  out.port = std::string(port);
  if (out.port == default_port(out.scheme)) out.port.clear();
  const std::string_view path = tail.substr(0, tail.find_first_of("?#"));
  out.path = path.empty() ? "/" : std::string(path);
  return out;
}

Origin classify_origin(std::string_view uri, std::string_view local_base, std::string_view dev_url) {
  Origin origin;
  origin.url = std::string(uri);
  origin.parsed = parse_page_url(uri);
  if (!origin.parsed) return origin;
  std::optional<PageUrl> local = parse_page_url(local_base);
  if (local && same_site(*local, *origin.parsed)) {
    origin.kind = OriginKind::local;
    return origin;
  }
  if (!dev_url.empty()) {
    std::optional<PageUrl> dev = parse_page_url(dev_url);
    if (dev && same_site(*dev, *origin.parsed)) {
      origin.kind = OriginKind::local;
      return origin;
    }
  }
  origin.kind = OriginKind::remote;
  return origin;
}

} // namespace weft::runtime

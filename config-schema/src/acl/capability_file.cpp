#include <weft/config-schema/acl/capability_file.hpp>

#include "reader.hpp"
#include "source_document.hpp"

#include <weft/config-schema/acl/identifier.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

namespace weft::config::acl {

bool Capability::applies_to(Platform target) const {
  return !platforms || std::find(platforms->begin(), platforms->end(), target) != platforms->end();
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

class CapabilityReader {
public:
  CapabilityReader(Reader::Locate locate, std::string file, Diagnostics& out)
      : m_reader(std::move(locate), out), m_file(std::move(file)) {}

  std::optional<Capability> read(const nlohmann::json& value, const std::string& pointer, bool top_level) {
    std::initializer_list<std::string_view> keys_top = {"$schema",     "identifier", "description", "windows",
                                                       "webviews",    "permissions", "platforms",  "remote",
                                                       "local"};
    std::initializer_list<std::string_view> keys = {"identifier",  "description", "windows", "webviews",
                                                   "permissions", "platforms",   "remote",  "local"};
    if (!m_reader.object(value, pointer, "a capability", top_level ? keys_top : keys)) return std::nullopt;
    Capability cap;
    cap.file = m_file;
    cap.pointer = pointer;
    auto identifier = m_reader.string(value, pointer, "identifier", true);
    if (identifier) {
      std::string problem = check_capability_identifier(*identifier);
      if (!problem.empty()) {
        m_reader.error(member(pointer, "identifier"), "malformed capability identifier: " + problem);
        identifier.reset();
      }
    }
    cap.location = m_reader.locate(identifier ? member(pointer, "identifier") : pointer);
    cap.description = m_reader.string(value, pointer, "description", false).value_or("");
    read_globs(value, pointer, "windows", cap.windows, &cap.window_locations);
    read_globs(value, pointer, "webviews", cap.webviews, nullptr);
    read_permissions(value, pointer, cap);
    cap.platforms = m_reader.platforms(value, pointer);
    cap.local = m_reader.boolean(value, pointer, "local").value_or(true);
    read_remote(value, pointer, cap);
    if (!identifier) return std::nullopt;
    cap.identifier = std::move(*identifier);
    return cap;
  }

private:
  Reader m_reader;
  std::string m_file;

  void read_globs(const nlohmann::json& value, const std::string& pointer, std::string_view key,
                  std::vector<std::string>& out, std::vector<Location>* locations) {
    auto items = m_reader.strings(value, pointer, key, false);
    if (!items) return;
    for (Reader::Item& item : *items) {
      if (item.value.empty()) {
        m_reader.error(item.pointer, fmt::format("empty pattern in `{}`", key), "e.g. \"main\" or \"settings-*\"");
        continue;
      }
      if (locations) locations->push_back(m_reader.locate(item.pointer));
      out.push_back(std::move(item.value));
    }
  }

  void read_permissions(const nlohmann::json& value, const std::string& pointer, Capability& cap) {
    const nlohmann::json* list = m_reader.array(value, pointer, "permissions", true);
    if (!list) return;
    std::string base = member(pointer, "permissions");
    if (list->empty())
      m_reader.error(base, "empty permissions: the capability grants nothing",
                     "list what it grants, e.g. [\"core:default\"]");
    std::set<std::string> seen;
    for (size_t i = 0; i < list->size(); ++i) {
      std::string item_pointer = fmt::format("{}/{}", base, i);
      const nlohmann::json& item = (*list)[i];
      GrantedPermission grant;
      std::string id_pointer = item_pointer;
      if (item.is_string()) {
        grant.identifier = item.get<std::string>();
      } else if (item.is_object()) {
        if (!m_reader.object(item, item_pointer, "a permission with scope", {"identifier", "allow", "deny"})) continue;
        auto id = m_reader.string(item, item_pointer, "identifier", true);
        grant.scope = m_reader.scope(item, item_pointer);
        grant.has_object_form = true;
        if (!id) continue;
        grant.identifier = std::move(*id);
        id_pointer = member(item_pointer, "identifier");
      } else {
        m_reader.error(item_pointer, fmt::format("expected a permission identifier or an object {{ identifier, allow, "
                                                 "deny }}, found {}",
                                                 json_type_name(item)));
        continue;
      }
      std::string problem = check_identifier(grant.identifier);
      if (!problem.empty()) {
        m_reader.error(id_pointer, "malformed permission identifier: " + problem);
        continue;
      }
      if (!grant.has_object_form && !seen.insert(grant.identifier).second)
        m_reader.warning(item_pointer, fmt::format("`{}` is listed twice", grant.identifier), "remove one of them");
      grant.location = m_reader.locate(id_pointer);
      cap.permissions.push_back(std::move(grant));
    }
  }

  void read_remote(const nlohmann::json& value, const std::string& pointer, Capability& cap) {
    auto it = value.find("remote");
    if (it == value.end()) return;
    std::string rp = member(pointer, "remote");
    if (!m_reader.object(*it, rp, "`remote`", {"urls"})) return;
    auto urls = m_reader.strings(*it, rp, "urls", true);
    if (!urls) return;
    if (urls->empty() && it->at("urls").empty())
      m_reader.error(member(rp, "urls"), "`remote.urls` is empty", "list URL patterns, or remove `remote`");
    for (Reader::Item& url : *urls) {
      auto pattern = parse_url_pattern(url.value);
      if (!pattern) {
        m_reader.error(url.pointer, fmt::format("remote URL pattern `{}` does not parse: {}", url.value,
                                                pattern.error().message()),
                       pattern.error().hint().empty() ? "e.g. https://*.example.com or https://example.com:8443/app/*"
                                                      : pattern.error().hint());
        continue;
      }
      pattern->location = m_reader.locate(url.pointer);
      cap.remote.push_back(std::move(*pattern));
    }
  }
};

} // namespace

CapabilityFile parse_capability_file(std::string text, std::string path, FileFormat format, Diagnostics& out) {
  CapabilityFile file;
  file.path = path;
  file.format = format;
  auto doc = SourceDocument::parse(std::move(text), std::move(path), format);
  if (!doc) {
    out.add(std::move(doc).error());
    return file;
  }
  const SourceDocument& d = *doc;
  CapabilityReader reader([&d](std::string_view p, bool k) { return d.locate(p, k); }, file.path, out);
  Reader plain([&d](std::string_view p, bool k) { return d.locate(p, k); }, out);
  const nlohmann::json& root = d.value();
  auto read_list = [&](const nlohmann::json& list, const std::string& base) {
    if (list.empty()) plain.error(base, "the file lists no capability");
    for (size_t i = 0; i < list.size(); ++i)
      if (auto cap = reader.read(list[i], fmt::format("{}/{}", base, i), false))
        file.capabilities.push_back(std::move(*cap));
  };
  if (root.is_array()) {
    read_list(root, "");
  } else if (root.is_object() && root.contains("capabilities") && !root.contains("identifier")) {
    if (plain.object(root, "", "a list of capabilities", {"$schema", "capabilities"})) {
      if (const nlohmann::json* list = plain.array(root, "", "capabilities", true)) read_list(*list, "/capabilities");
    }
  } else if (auto cap = reader.read(root, "", true)) {
    file.capabilities.push_back(std::move(*cap));
  }
  return file;
}

std::optional<Capability> parse_inline_capability(const nlohmann::json& value, std::string pointer,
                                                  const LocatedValue& where, Diagnostics& out) {
  std::string file = where.locate(pointer, false).file;
  CapabilityReader reader([&where](std::string_view p, bool k) { return where.locate(p, k); }, file, out);
  return reader.read(value, pointer, false);
}

Result<UrlPattern> parse_url_pattern(std::string_view text) {
  UrlPattern out;
  size_t sep = text.find("://");
  if (sep == std::string_view::npos)
    return fail(Error::input("no `://` after a scheme").with_hint("write the whole origin, e.g. https://example.com"));
  std::string_view scheme = text.substr(0, sep);
  if (scheme.empty()) return fail(Error::input("the scheme before `://` is empty"));
  if (scheme != "*") {
    if (!is_alnum(scheme.front()) || (scheme.front() >= '0' && scheme.front() <= '9'))
      return fail(Error::input(fmt::format("the scheme `{}` must start with a letter", scheme)));
    for (char c : scheme)
      if (!is_alnum(c) && c != '+' && c != '-' && c != '.')
        return fail(Error::input(fmt::format("`{}` is not allowed in the scheme `{}`", c, scheme)));
  }
  out.scheme = lower(scheme);
  std::string_view rest = text.substr(sep + 3);
  size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view tail = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos)
    return fail(Error::input("user names and passwords (`user@host`) are not part of an origin"));
  std::string_view host = authority;
  std::string_view port;
  if (host.starts_with('[')) {
    size_t close = host.find(']');
    if (close == std::string_view::npos) return fail(Error::input("the IPv6 address has no closing `]`"));
    for (char c : host.substr(1, close - 1))
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.')
        return fail(Error::input(fmt::format("`{}` is not allowed in an IPv6 address", c)));
    if (close == 1) return fail(Error::input("the IPv6 address is empty"));
    std::string_view after = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail(Error::input("expected `:` and a port after the IPv6 address"));
      port = after.substr(1);
      if (port.empty()) return fail(Error::input("the port after `:` is empty"));
    }
  } else {
    size_t colon = host.rfind(':');
    if (colon != std::string_view::npos) {
      port = host.substr(colon + 1);
      host = host.substr(0, colon);
      if (port.empty()) return fail(Error::input("the port after `:` is empty"));
    }
    if (host.empty()) return fail(Error::input("the host is empty"));
    for (char c : host)
      if (!is_alnum(c) && c != '-' && c != '.' && c != '*' && c != '_')
        return fail(Error::input(fmt::format("`{}` is not allowed in the host `{}`", c, host))
                        .with_hint("a host is letters, digits, `-` and `.`, with `*` as a wildcard"));
    if (host.front() == '.' || host.back() == '.' || host.find("..") != std::string_view::npos)
      return fail(Error::input(fmt::format("the host `{}` has an empty label", host)));
  }
  if (!port.empty() && port != "*") {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
      return fail(Error::input(fmt::format("the port `{}` is not a number from 1 to 65535 (or `*`)", port)));
  }
  out.host = lower(host);
  out.port = std::string(port);
  if (!tail.empty() && tail.front() != '/')
    return fail(Error::input("queries (`?`) and fragments (`#`) are not part of a URL pattern")
                    .with_hint("match on scheme, host, port and path, e.g. https://example.com/app/*"));
  for (char c : tail) {
    if (c == '?' || c == '#')
      return fail(Error::input("queries (`?`) and fragments (`#`) are not part of a URL pattern")
                      .with_hint("match on scheme, host, port and path, e.g. https://example.com/app/*"));
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F)
      return fail(Error::input("the path holds a space or a control character").with_hint("percent-encode it"));
  }
  out.path = tail.empty() ? "/*" : std::string(tail);
  out.pattern = out.scheme + "://" + out.host + (out.port.empty() ? "" : ":" + out.port) + out.path;
  return out;
}

} // namespace weft::config::acl

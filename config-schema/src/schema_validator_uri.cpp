// URI reference resolution (RFC 3986) and JSON pointer lookup (RFC 6901)
// for `$ref` and `$id`.
#include "schema_validator_internal.hpp"

namespace weft::config::detail {

namespace {

struct UriParts {
  std::string scheme;
  bool has_authority = false;
  std::string authority;
  std::string path;
  bool has_query = false;
  std::string query;
  bool has_fragment = false;
  std::string fragment;
};

// Splits like RFC 3986 appendix B; never fails.
UriParts split_uri(std::string_view s) {
  UriParts u;
  size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0 && s.find_first_of("/?#") > colon) {
    u.scheme = std::string(s.substr(0, colon));
    s.remove_prefix(colon + 1);
  }
  if (s.starts_with("//")) {
    size_t end = s.find_first_of("/?#", 2);
    u.has_authority = true;
    u.authority = std::string(s.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2));
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
  }
  size_t end = s.find_first_of("?#");
  u.path = std::string(s.substr(0, end));
  s.remove_prefix(end == std::string_view::npos ? s.size() : end);
  if (s.starts_with('?')) {
    end = s.find('#');
    u.has_query = true;
    u.query = std::string(s.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1));
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
  }
  if (s.starts_with('#')) {
    u.has_fragment = true;
    u.fragment = std::string(s.substr(1));
  }
  return u;
}

std::string join_uri(const UriParts& u) {
  std::string out;
  if (!u.scheme.empty()) out += u.scheme + ":";
  if (u.has_authority) out += "//" + u.authority;
  out += u.path;
  if (u.has_query) out += "?" + u.query;
  if (u.has_fragment) out += "#" + u.fragment;
  return out;
}

std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      size_t slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      size_t next = in.find('/', in.starts_with('/') ? 1 : 0);
      out += in.substr(0, next);
      in.remove_prefix(next == std::string_view::npos ? in.size() : next);
    }
  }
  return out;
}

} // namespace

std::string resolve_uri(std::string_view base_text, std::string_view ref_text) {
  UriParts base = split_uri(base_text);
  UriParts ref = split_uri(ref_text);
  UriParts t;
  if (!ref.scheme.empty()) {
    t = ref;
    t.path = remove_dot_segments(ref.path);
  } else {
    t.scheme = base.scheme;
    if (ref.has_authority) {
      t.has_authority = true;
      t.authority = ref.authority;
      t.path = remove_dot_segments(ref.path);
      t.has_query = ref.has_query;
      t.query = ref.query;
    } else {
      t.has_authority = base.has_authority;
      t.authority = base.authority;
      if (ref.path.empty()) {
        t.path = base.path;
        t.has_query = ref.has_query || base.has_query;
        t.query = ref.has_query ? ref.query : base.query;
      } else {
        if (ref.path.starts_with('/')) {
          t.path = remove_dot_segments(ref.path);
        } else {
          std::string merged;
          if (base.has_authority && base.path.empty())
            merged = "/" + ref.path;
          else if (size_t slash = base.path.rfind('/'); slash != std::string::npos)
            merged = base.path.substr(0, slash + 1) + ref.path;
          else
            merged = ref.path;
          t.path = remove_dot_segments(merged);
        }
        t.has_query = ref.has_query;
        t.query = ref.query;
      }
    }
  }
  t.has_fragment = ref.has_fragment;
  t.fragment = ref.fragment;
  return join_uri(t);
}

// (uri without fragment, fragment)

std::pair<std::string, std::string> split_fragment(std::string_view uri) {
  size_t hash = uri.find('#');
  if (hash == std::string_view::npos) return {std::string(uri), {}};
  return {std::string(uri.substr(0, hash)), std::string(uri.substr(hash + 1))};
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    auto hex = [](char c) {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

const json* find_pointer(const json& root, std::string_view pointer) {
  const json* at = &root;
  while (!pointer.empty()) {
    if (pointer.front() != '/') return nullptr;
    pointer.remove_prefix(1);
    size_t end = pointer.find('/');
    std::string_view raw = pointer.substr(0, end);
    pointer.remove_prefix(end == std::string_view::npos ? pointer.size() : end);
    std::string token;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '~') {
        token += raw[i];
      } else if (i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
        token += raw[i + 1] == '0' ? '~' : '/';
        ++i;
      } else {
        return nullptr;
      }
    }
    if (at->is_object()) {
      auto it = at->find(token);
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (at->is_array()) {
      if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) return nullptr;
      size_t index = 0;
      for (char c : token) {
        if (c < '0' || c > '9') return nullptr;
        index = index * 10 + static_cast<size_t>(c - '0');
      }
      if (index >= at->size()) return nullptr;
      at = &(*at)[index];
    } else {
      return nullptr;
    }
  }
  return at;
}


bool has_scheme(std::string_view uri) { return !split_uri(uri).scheme.empty(); }

} // namespace weft::config::detail

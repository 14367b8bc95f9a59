#pragma once

#include <weft/base/error.hpp>
#include <weft/base/glob.hpp>
#include <weft/config-schema/acl/common.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::config::acl {

// One entry of a capability's `permissions`: an identifier, or an object
// `{ identifier, allow, deny }` whose scope values are merged into those of
// every permission the identifier resolves to.
struct GrantedPermission {
  std::string identifier;
  ScopeValues scope;
  bool has_object_form = false;
  Location location; // of the identifier
};

// A remote origin pattern from `remote.urls`, e.g. `https://*.example.com`.
// `*` in the host matches any run of characters except `/`, `:` and `@`; in
// the path it matches anything. An empty port means the scheme's default.
struct UrlPattern {
  std::string pattern; // normalised: scheme and host lowercased, path "/*" when absent
  std::string scheme;
  std::string host;
  std::string port;
  std::string path;
  Location location;
};

struct Capability {
  std::string identifier;
  std::string description;
  std::vector<std::string> windows;   // glob patterns on window labels (`*`, `?`)
  std::vector<Location> window_locations;
  std::vector<std::string> webviews;  // glob patterns on webview labels
  std::vector<GrantedPermission> permissions;
  std::optional<std::vector<Platform>> platforms; // absent: every platform
  std::vector<UrlPattern> remote;
  bool local = true;

  std::string file;    // the file it came from (display path)
  std::string pointer; // the capability object's JSON pointer in that file
  Location location;   // of its identifier (else of the object)

  bool applies_to(Platform target) const;
};

struct CapabilityFile {
  std::string path;
  FileFormat format = FileFormat::json;
  std::vector<Capability> capabilities;
};

// Parses a capability file: one capability, an array of them, or
// `{ "capabilities": [...] }` (in TOML: top-level keys, or `[[capabilities]]`).
// Every problem goes to `out`, located; what could be read is returned.
CapabilityFile parse_capability_file(std::string text, std::string path, FileFormat format, Diagnostics& out);

// A capability written inline in the manifest (app.security.capabilities),
// located through `locate`.
class LocatedValue {
public:
  virtual ~LocatedValue() = default;
  virtual Location locate(std::string_view pointer, bool at_key) const = 0;
};
std::optional<Capability> parse_inline_capability(const nlohmann::json& value, std::string pointer,
                                                  const LocatedValue& where, Diagnostics& out);

// Parses `scheme://host[:port][/path]`; the error says what does not parse.
Result<UrlPattern> parse_url_pattern(std::string_view text);

// Window and webview patterns match with the one glob the runtime uses too.
using weft::glob_match;

} // namespace weft::config::acl

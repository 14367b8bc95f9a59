#pragma once

#include <weft/config-schema/acl/resolver.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace weft::config::acl {

// Version of the acl.json format below; the runtime refuses other versions.
inline constexpr int k_acl_format_version = 1;

// acl.json, the resolved ACL the build embeds and the runtime enforces:
//
// {
//   "version": 1,
//   "platform": "linux",
//   "capabilities": {                                 the active ones, by identifier
//     "default": {
//       "windows": ["main"], "webviews": [],          globs: `*` any run, `?` one character
//       "local": true,                                the app's own pages
//       "remote": [{"pattern": "https://*.example.com/*", "scheme": "https",
//                   "host": "*.example.com", "port": "", "path": "/*"}]
//     }
//   },
//   "commands": {
//     "greet": {                                      an app command
//       "allow": [Grant, ...],
//       "deny": [Grant, ...]
//     },
//     "core:window|set_title": {...}                  <prefix>|<command> otherwise
//   },
//   "scopes": { "fs": [Grant, ...] }                  scope-only permissions, by prefix
// }
// Grant = {
//   "capability": "default",                          whose context above applies
//   "permissions": ["allow-greet"],                   what granted (or denied) it
//   "scope": {"allow": [...], "deny": [...]}          absent in "deny" grants
// }
//
// A call is allowed when some allow grant's capability context matches the
// caller and no deny grant's does. Each capability's context is written
// once rather than in every grant. Every object's keys and every array are
// sorted, so the same input gives the same bytes. The text puts each
// capability, command and scope prefix on one line.
nlohmann::json acl_to_json(const ResolvedAcl& acl);
std::string acl_json_text(const ResolvedAcl& acl);

} // namespace weft::config::acl

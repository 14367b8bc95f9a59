#pragma once

#include <weft/base/error.hpp>
#include <weft/config-schema/acl/common.hpp>

#include <optional>
#include <string>
#include <vector>

namespace weft::config::acl {

// `[[permission]]`: commands it allows or denies, and scope values handed to
// those commands. Names carry no prefix; the prefix comes from where the file
// is (the app's permissions/, a plugin's, or the runtime's core files).
struct Permission {
  std::string name;
  std::string description;
  std::vector<std::string> commands_allow;
  std::vector<std::string> commands_deny;
  ScopeValues scope;
  std::optional<std::vector<Platform>> platforms; // absent: every platform
  Location location;                               // of the identifier
  bool generated = false;                          // allow-<cmd>/deny-<cmd> made by weft

  bool applies_to(Platform target) const;
};

// A member of a set: a permission or set, with or without a prefix (none:
// the set's own prefix).
struct SetMember {
  std::string identifier;
  Location location;
};

// `[[set]]`, and `[default]` (whose name is "default").
struct PermissionSet {
  std::string name;
  std::string description;
  std::vector<SetMember> members;
  Location location;
};

struct PermissionFile {
  std::string path;
  std::vector<Permission> permissions;
  std::vector<PermissionSet> sets;
  std::optional<PermissionSet> default_set;
};

// Parses a permission file (TOML `[[permission]]`/`[[set]]`/`[default]`, or
// the same keys in JSON). Every problem goes to `out`, located; what could be
// read is returned, so that one run reports every error. A syntax error
// leaves the file empty.
PermissionFile parse_permission_file(std::string text, std::string path, FileFormat format, Diagnostics& out);

} // namespace weft::config::acl

#pragma once

#include <weft/base/error.hpp>
#include <weft/config-schema/acl/permission_file.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace weft::config::acl {

// Where a group of permissions comes from: the app (prefix ""), a plugin
// ("fs") or the runtime ("core:window", and "core" for core:default).
struct PermissionSource {
  struct Command {
    std::string name;
    Location location;
  };

  std::string prefix;
  std::string origin; // for messages: "the app", "plugin `fs`", "weft's core permissions"
  std::vector<PermissionFile> files;
  std::vector<Command> declared_commands; // the app's build.commands
};

enum class EntryKind { permission, set, default_set };

struct RegistryEntry {
  std::string identifier; // with its prefix
  std::string prefix;
  EntryKind kind = EntryKind::permission;
  const Permission* permission = nullptr; // kind == permission
  const PermissionSet* set = nullptr;     // otherwise
  std::string origin;

  const std::string& description() const { return permission ? permission->description : set->description; }
  const Location& location() const { return permission ? permission->location : set->location; }
};

// Every permission and set weft knows for one app, by identifier. Building
// it adds allow-<cmd>/deny-<cmd> for every command a source declares or
// names (unless the source defines that name itself; they go into an extra
// file of the source), and reports duplicate
// identifiers, unknown set members and set cycles.
class Registry {
public:
  static Registry build(std::vector<PermissionSource> sources, Diagnostics& out);

  Registry(Registry&&) noexcept;
  Registry& operator=(Registry&&) noexcept;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;
  ~Registry();

  const RegistryEntry* find(std::string_view identifier) const;
  // Sorted by identifier.
  const std::vector<RegistryEntry>& entries() const { return m_entries; }
  bool has_prefix(std::string_view prefix) const;
  std::vector<std::string> prefixes() const;
  const std::vector<PermissionSource>& sources() const { return m_sources; }

  // The permissions `entry` stands for: itself, or a set's members expanded
  // recursively (each once, in order of first appearance). Cycles and
  // unknown members, already reported, are skipped. Memoised.
  const std::vector<const RegistryEntry*>& expand(const RegistryEntry& entry) const;

  // The identifier a set member or grant written `member` inside `prefix`
  // refers to: `member` itself when it has a prefix, else `prefix:member`.
  static std::string qualify(std::string_view prefix, std::string_view member);

  // Why `identifier` is unknown and what was probably meant: (message, hint).
  std::pair<std::string, std::string> explain_unknown(std::string_view identifier) const;

private:
  Registry();
  void add_generated(PermissionSource& source);
  void index(Diagnostics& out);
  void check_sets(Diagnostics& out);

  std::vector<PermissionSource> m_sources;
  std::vector<RegistryEntry> m_entries;
  std::unordered_map<std::string, size_t> m_index;
  std::vector<std::string> m_identifiers; // sorted, for suggestions
  mutable std::vector<std::unique_ptr<std::vector<const RegistryEntry*>>> m_expanded;
};

} // namespace weft::config::acl

#include <weft/config-schema/acl/registry.hpp>

#include <weft/base/spellcheck.hpp>
#include <weft/config-schema/acl/identifier.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

namespace weft::config::acl {

namespace {

std::string at_text(const Location& l) {
  if (l.file.empty()) return "weft itself";
  if (l.line == 0) return l.file;
  return fmt::format("{}:{}:{}", l.file, l.line, l.column);
}

std::string_view name_of(std::string_view identifier) {
  size_t last = identifier.rfind(':');
  return last == std::string_view::npos ? identifier : identifier.substr(last + 1);
}

std::string_view prefix_of(std::string_view identifier) {
  size_t last = identifier.rfind(':');
  return last == std::string_view::npos ? std::string_view() : identifier.substr(0, last);
}

} // namespace

Registry::Registry() = default;
Registry::Registry(Registry&&) noexcept = default;
Registry& Registry::operator=(Registry&&) noexcept = default;
Registry::~Registry() = default;

std::string Registry::qualify(std::string_view prefix, std::string_view member) {
  if (member.find(':') != std::string_view::npos || prefix.empty()) return std::string(member);
  return fmt::format("{}:{}", prefix, member);
}

Registry Registry::build(std::vector<PermissionSource> sources, Diagnostics& out) {
  Registry r;
  r.m_sources = std::move(sources);
  for (PermissionSource& source : r.m_sources) r.add_generated(source);
  r.index(out);
  r.check_sets(out);
  return r;
}

void Registry::add_generated(PermissionSource& source) {
  std::set<std::string> defined;
  for (const PermissionFile& file : source.files) {
    for (const Permission& p : file.permissions) defined.insert(p.name);
    for (const PermissionSet& s : file.sets) defined.insert(s.name);
  }
  // Commands in first-mention order, each with where it was first named.
  std::vector<std::pair<std::string, Location>> commands;
  std::set<std::string> seen;
  auto add = [&](const std::string& command, const Location& where) {
    if (seen.insert(command).second) commands.emplace_back(command, where);
  };
  for (const PermissionSource::Command& c : source.declared_commands) add(c.name, c.location);
  for (const PermissionFile& file : source.files)
    for (const Permission& p : file.permissions) {
      for (const std::string& c : p.commands_allow) add(c, p.location);
      for (const std::string& c : p.commands_deny) add(c, p.location);
    }
  PermissionFile generated;
  generated.path = "(generated from the commands)";
  for (const auto& [command, where] : commands) {
    for (bool allow : {true, false}) {
      std::string name = command_permission_name(command, allow);
      if (defined.count(name)) continue;
      Permission p;
      p.name = std::move(name);
      p.description = allow ? fmt::format("Allows the `{}` command, with no scope of its own.", command)
                            : fmt::format("Denies the `{}` command.", command);
      (allow ? p.commands_allow : p.commands_deny).push_back(command);
      p.location = where;
      p.generated = true;
      generated.permissions.push_back(std::move(p));
    }
  }
  if (!generated.permissions.empty()) source.files.push_back(std::move(generated));
}

void Registry::index(Diagnostics& out) {
  std::vector<RegistryEntry> all;
  for (const PermissionSource& source : m_sources) {
    for (const PermissionFile& file : source.files) {
      size_t file_start = all.size();
      for (const Permission& p : file.permissions)
        all.push_back({qualify(source.prefix, p.name), source.prefix, EntryKind::permission, &p, nullptr, source.origin});
      for (const PermissionSet& s : file.sets)
        all.push_back({qualify(source.prefix, s.name), source.prefix, EntryKind::set, nullptr, &s, source.origin});
      if (file.default_set)
        all.push_back({qualify(source.prefix, "default"), source.prefix, EntryKind::default_set, nullptr,
                       &*file.default_set, source.origin});
      // In the order they are written, so that the later of two is the duplicate.
      std::stable_sort(all.begin() + static_cast<std::ptrdiff_t>(file_start), all.end(),
                       [](const RegistryEntry& a, const RegistryEntry& b) {
                         return std::pair(a.location().line, a.location().column) <
                                std::pair(b.location().line, b.location().column);
                       });
    }
  }

  // Duplicates: the first definition wins, every later one is an error.
  std::unordered_map<std::string, size_t> first;
  for (size_t i = 0; i < all.size(); ++i) {
    auto [it, inserted] = first.emplace(all[i].identifier, i);
    if (inserted) continue;
    const RegistryEntry& earlier = all[it->second];
    const RegistryEntry& later = all[i];
    std::string what = later.kind == EntryKind::default_set ? "default set" : "identifier";
    Error e = Error::at(later.location(), later.kind == EntryKind::default_set
                                              ? fmt::format("duplicate [default] set for {}", later.origin)
                                              : fmt::format("duplicate permission {} `{}`", what, later.identifier));
    e.with_hint(fmt::format("`{}` is already defined at {}", earlier.identifier, at_text(earlier.location())));
    out.add(std::move(e));
    all[i].identifier.clear();
  }
  std::erase_if(all, [](const RegistryEntry& e) { return e.identifier.empty(); });
  std::sort(all.begin(), all.end(),
            [](const RegistryEntry& a, const RegistryEntry& b) { return a.identifier < b.identifier; });
  m_entries = std::move(all);
  m_index.reserve(m_entries.size());
  m_identifiers.reserve(m_entries.size());
  for (size_t i = 0; i < m_entries.size(); ++i) {
    m_index.emplace(m_entries[i].identifier, i);
    m_identifiers.push_back(m_entries[i].identifier);
  }
  m_expanded.resize(m_entries.size());
}

void Registry::check_sets(Diagnostics& out) {
  enum class Color { white, grey, black };
  std::vector<Color> color(m_entries.size(), Color::white);
  std::vector<size_t> stack;

  // Depth first over sets; a member that is a grey set closes a cycle.
  auto visit = [&](auto&& self, size_t index) -> void {
    color[index] = Color::grey;
    stack.push_back(index);
    const RegistryEntry& entry = m_entries[index];
    for (const SetMember& m : entry.set->members) {
      std::string target = qualify(entry.prefix, m.identifier);
      auto it = m_index.find(target);
      if (it == m_index.end()) {
        auto [detail, hint] = explain_unknown(target);
        Error e = Error::at(m.location, fmt::format("unknown set member `{}`{}", target, detail));
        if (!hint.empty()) e.with_hint(hint);
        out.add(std::move(e));
        continue;
      }
      size_t next = it->second;
      if (m_entries[next].kind == EntryKind::permission) continue;
      if (color[next] == Color::grey) {
        std::string path;
        auto from = std::find(stack.begin(), stack.end(), next);
        for (auto s = from; s != stack.end(); ++s) path += m_entries[*s].identifier + " → ";
        path += m_entries[next].identifier;
        out.add(Error::at(m.location, fmt::format("set cycle: {}", path))
                    .with_hint("a set may not include itself, directly or through other sets"));
        continue;
      }
      if (color[next] == Color::white) self(self, next);
    }
    stack.pop_back();
    color[index] = Color::black;
  };
  for (size_t i = 0; i < m_entries.size(); ++i)
    if (m_entries[i].kind != EntryKind::permission && color[i] == Color::white) visit(visit, i);
}

const RegistryEntry* Registry::find(std::string_view identifier) const {
  auto it = m_index.find(std::string(identifier));
  return it == m_index.end() ? nullptr : &m_entries[it->second];
}

bool Registry::has_prefix(std::string_view prefix) const {
  for (const PermissionSource& s : m_sources)
    if (s.prefix == prefix) return true;
  return false;
}

std::vector<std::string> Registry::prefixes() const {
  std::set<std::string> out;
  for (const PermissionSource& s : m_sources) out.insert(s.prefix);
  return {out.begin(), out.end()};
}

const std::vector<const RegistryEntry*>& Registry::expand(const RegistryEntry& entry) const {
  size_t index = static_cast<size_t>(&entry - m_entries.data());
  if (m_expanded[index]) return *m_expanded[index];
  // An empty list marks the set as in progress, which breaks cycles.
  m_expanded[index] = std::make_unique<std::vector<const RegistryEntry*>>();
  std::vector<const RegistryEntry*> result;
  if (entry.kind == EntryKind::permission) {
    result.push_back(&entry);
  } else {
    std::unordered_set<const RegistryEntry*> seen;
    for (const SetMember& m : entry.set->members) {
      const RegistryEntry* member = find(qualify(entry.prefix, m.identifier));
      if (!member) continue;
      for (const RegistryEntry* p : expand(*member))
        if (seen.insert(p).second) result.push_back(p);
    }
  }
  *m_expanded[index] = std::move(result);
  return *m_expanded[index];
}

std::pair<std::string, std::string> Registry::explain_unknown(std::string_view identifier) const {
  std::string_view prefix = prefix_of(identifier);
  // Only identifiers whose length is within the match distance can match:
  // filtering first keeps this cheap with thousands of identifiers.
  std::vector<std::string> near;
  for (const std::string& id : m_identifiers)
    if (id.size() + 3 >= identifier.size() && identifier.size() + 3 >= id.size()) near.push_back(id);
  std::string suggestion = closest_match(identifier, near);
  // The same name under another prefix (`allow-set-title` for
  // `core:window:allow-set-title`) beats a fuzzy match that is not a typo.
  if (suggestion.empty() || edit_distance(identifier, suggestion) > 1) {
    for (const std::string& id : m_identifiers)
      if (name_of(id) == name_of(identifier) && prefix_of(id) != prefix) {
        suggestion = id;
        break;
      }
  }
  std::string hint = suggestion.empty() ? "" : fmt::format("did you mean `{}`?", suggestion);
  if (!has_prefix(prefix)) {
    std::vector<std::string> known = prefixes();
    std::erase(known, std::string());
    std::string detail = fmt::format(": no plugin or core area is called `{}`", prefix);
    if (hint.empty()) {
      std::string close = closest_match(prefix, known);
      hint = !close.empty() ? fmt::format("did you mean `{}:{}`?", close, name_of(identifier))
                            : fmt::format("a plugin's permissions come from plugins.{}.path in weft.conf.json",
                                          prefix);
    }
    return {detail, hint};
  }
  if (hint.empty())
    hint = prefix.empty() ? "`weft permission ls` lists the known permissions"
                          : fmt::format("`weft permission ls --plugin {}` lists its permissions",
                                        prefix.substr(0, prefix.find(':')));
  return {"", hint};
}

} // namespace weft::config::acl

#include <weft/config-schema/acl/resolver.hpp>

#include <weft/base/spellcheck.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>

namespace weft::config::acl {

namespace {

using JsonRefs = std::vector<const nlohmann::json*>;

// Scope values sorted by serialised form, duplicates removed: deterministic
// output whatever the order of files and grants.
std::vector<nlohmann::json> canonical(JsonRefs refs) {
  std::sort(refs.begin(), refs.end());
  refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
  if (refs.size() == 1) return {*refs.front()};
  std::vector<std::pair<std::string, const nlohmann::json*>> keyed;
  keyed.reserve(refs.size());
  for (const nlohmann::json* r : refs) keyed.emplace_back(r->dump(), r);
  std::sort(keyed.begin(), keyed.end());
  keyed.erase(std::unique(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
              keyed.end());
  std::vector<nlohmann::json> out;
  out.reserve(keyed.size());
  for (const auto& [_, r] : keyed) out.push_back(*r);
  return out;
}

void add_refs(JsonRefs& to, const std::vector<nlohmann::json>& values) {
  for (const nlohmann::json& v : values) to.push_back(&v);
}

std::vector<std::string> sorted_unique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

std::vector<std::string> names(std::vector<const std::string*> refs) {
  std::sort(refs.begin(), refs.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
  refs.erase(std::unique(refs.begin(), refs.end(), [](const std::string* a, const std::string* b) { return *a == *b; }),
             refs.end());
  std::vector<std::string> out;
  out.reserve(refs.size());
  for (const std::string* r : refs) out.push_back(*r);
  return out;
}

GrantContext context_of(const Capability& cap) {
  GrantContext c;
  c.windows = sorted_unique(cap.windows);
  c.webviews = sorted_unique(cap.webviews);
  c.local = cap.local;
  c.remote = cap.remote;
  std::sort(c.remote.begin(), c.remote.end(),
            [](const UrlPattern& a, const UrlPattern& b) { return a.pattern < b.pattern; });
  c.remote.erase(std::unique(c.remote.begin(), c.remote.end(),
                             [](const UrlPattern& a, const UrlPattern& b) { return a.pattern == b.pattern; }),
                 c.remote.end());
  return c;
}

bool patterns_cover(const std::vector<std::string>& wide, const std::vector<std::string>& narrow) {
  if (std::binary_search(wide.begin(), wide.end(), "*")) return true;
  return std::includes(wide.begin(), wide.end(), narrow.begin(), narrow.end());
}

// True when every caller `narrow` admits is also admitted by `wide`.
bool context_covers(const GrantContext& wide, const GrantContext& narrow) {
  if (narrow.local && !wide.local) return false;
  for (const UrlPattern& r : narrow.remote)
    if (std::none_of(wide.remote.begin(), wide.remote.end(), [&](const UrlPattern& w) { return w.pattern == r.pattern; }))
      return false;
  return patterns_cover(wide.windows, narrow.windows) && patterns_cover(wide.webviews, narrow.webviews);
}

void check_windows(const Capability& cap, const ResolveOptions& options, Diagnostics& out) {
  Severity severity = options.unmatched_windows == UnmatchedWindows::error ? Severity::error : Severity::warning;
  std::string declared = options.window_labels.empty() ? "none" : "";
  for (const std::string& l : options.window_labels) declared += (declared.empty() ? "" : ", ") + l;
  if (cap.windows.empty() && cap.webviews.empty()) {
    out.add(Error::at(cap.location, fmt::format("capability `{}` applies to no window: it has no `windows` and no "
                                                "`webviews`",
                                                cap.identifier))
                .with_hint(options.window_labels.empty() ? "add \"windows\": [\"main\"]"
                                                         : fmt::format("add \"windows\": [\"{}\"]",
                                                                       options.window_labels.front()))
                .with_severity(severity));
    return;
  }
  for (size_t i = 0; i < cap.windows.size(); ++i) {
    const std::string& pattern = cap.windows[i];
    bool matched = std::any_of(options.window_labels.begin(), options.window_labels.end(),
                               [&](const std::string& label) { return glob_match(pattern, label); });
    if (matched) continue;
    std::string suggestion = closest_match(pattern, options.window_labels);
    std::string hint = suggestion.empty()
                           ? "declare the window in app.windows of weft.conf.json, or fix the pattern"
                           : fmt::format("did you mean `{}`?", suggestion);
    Location where = i < cap.window_locations.size() ? cap.window_locations[i] : cap.location;
    out.add(Error::at(where, fmt::format("capability `{}`: the window pattern `{}` matches no window the manifest "
                                         "declares ({})",
                                         cap.identifier, pattern, declared))
                .with_hint(hint + (severity == Severity::warning ? " (an error with --strict)" : ""))
                .with_severity(severity));
  }
}

// The command keys a permission allows and denies, computed once per run.
// Keys are interned: one string object per key, so pointers compare as keys.
struct PermissionKeys {
  std::vector<const std::string*> allow;
  std::vector<const std::string*> deny;
};

// What one capability does with one command (or one prefix's scope).
struct Accumulator {
  std::vector<const std::string*> allowed_by;
  std::vector<const std::string*> denied_by;
  JsonRefs scope_allow;
  JsonRefs scope_deny;

  void add_scope(const ScopeValues& values) {
    add_refs(scope_allow, values.allow);
    add_refs(scope_deny, values.deny);
  }
};

struct PendingGrant {
  const GrantContext* context;
  CommandGrant grant;
};

struct PendingRule {
  std::vector<PendingGrant> allow;
  std::vector<PendingGrant> deny;
};

} // namespace

std::string command_key(std::string_view prefix, std::string_view command) {
  if (prefix.empty()) return std::string(command);
  return fmt::format("{}|{}", prefix, command);
}

ResolvedAcl resolve(const Registry& registry, std::span<const Capability> capabilities,
                    std::span<const Capability* const> active, const ResolveOptions& options, Diagnostics& out) {
  for (const Capability& cap : capabilities) {
    for (const GrantedPermission& grant : cap.permissions) {
      if (registry.find(grant.identifier)) continue;
      auto [detail, hint] = registry.explain_unknown(grant.identifier);
      Error e = Error::at(grant.location, fmt::format("unknown permission `{}`{}", grant.identifier, detail));
      if (!hint.empty()) e.with_hint(hint);
      out.add(std::move(e));
    }
    check_windows(cap, options, out);
  }

  // Capabilities in identifier order, so that every list built below is
  // already sorted by capability.
  std::vector<const Capability*> order;
  for (const Capability* cap : active)
    if (cap->applies_to(options.target)) order.push_back(cap);
  std::sort(order.begin(), order.end(),
            [](const Capability* a, const Capability* b) { return a->identifier < b->identifier; });

  ResolvedAcl acl;
  acl.target = options.target;
  std::unordered_map<const RegistryEntry*, PermissionKeys> keys;
  std::unordered_set<std::string> interned;
  auto intern = [&](std::string key) { return &*interned.insert(std::move(key)).first; };
  std::unordered_set<const RegistryEntry*> granted;
  std::unordered_map<const std::string*, PendingRule> rules;
  std::deque<GrantContext> contexts;
  for (const Capability* cap : order) {
    contexts.push_back(context_of(*cap));
    const GrantContext* context = &contexts.back();
    std::unordered_map<const std::string*, Accumulator> commands;
    std::map<std::string, Accumulator> scopes;
    for (const GrantedPermission& grant : cap->permissions) {
      const RegistryEntry* entry = registry.find(grant.identifier);
      if (!entry) continue;
      for (const RegistryEntry* p : registry.expand(*entry)) {
        const Permission& permission = *p->permission;
        if (!permission.applies_to(options.target)) continue;
        granted.insert(p);
        if (permission.commands_allow.empty() && permission.commands_deny.empty()) {
          Accumulator& a = scopes[p->prefix];
          a.allowed_by.push_back(&p->identifier);
          a.add_scope(permission.scope);
          a.add_scope(grant.scope);
          continue;
        }
        auto [it, inserted] = keys.try_emplace(p);
        if (inserted) {
          for (const std::string& c : permission.commands_allow)
            it->second.allow.push_back(intern(command_key(p->prefix, c)));
          for (const std::string& c : permission.commands_deny)
            it->second.deny.push_back(intern(command_key(p->prefix, c)));
        }
        for (const std::string* key : it->second.allow) {
          Accumulator& a = commands[key];
          a.allowed_by.push_back(&p->identifier);
          a.add_scope(permission.scope);
          a.add_scope(grant.scope);
        }
        for (const std::string* key : it->second.deny) commands[key].denied_by.push_back(&p->identifier);
      }
    }
    for (auto& [key, a] : commands) {
      PendingRule& rule = rules[key];
      // Deny wins inside a capability: a command it denies it never allows.
      if (!a.denied_by.empty())
        rule.deny.push_back({context, {cap->identifier, names(std::move(a.denied_by)), {}}});
      else
        rule.allow.push_back({context,
                              {cap->identifier, names(std::move(a.allowed_by)),
                               {canonical(std::move(a.scope_allow)), canonical(std::move(a.scope_deny))}}});
    }
    for (auto& [prefix, a] : scopes)
      acl.scopes[prefix].push_back({cap->identifier, names(std::move(a.allowed_by)),
                                    {canonical(std::move(a.scope_allow)), canonical(std::move(a.scope_deny))}});
  }

  for (auto& [key, pending] : rules) {
    CommandRule& rule = acl.commands[*key];
    for (PendingGrant& g : pending.allow) {
      // Deny wins across capabilities when a deny admits every caller this allow admits.
      bool covered = std::any_of(pending.deny.begin(), pending.deny.end(),
                                 [&](const PendingGrant& d) { return context_covers(*d.context, *g.context); });
      if (!covered) rule.allow.push_back(std::move(g.grant));
    }
    for (PendingGrant& d : pending.deny) rule.deny.push_back(std::move(d.grant));
  }
  for (size_t i = 0; i < order.size(); ++i) acl.capabilities.emplace(order[i]->identifier, std::move(contexts[i]));
  acl.permissions = granted.size();
  return acl;
}

} // namespace weft::config::acl

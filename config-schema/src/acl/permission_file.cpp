#include <weft/config-schema/acl/permission_file.hpp>

#include "reader.hpp"
#include "source_document.hpp"

#include <weft/config-schema/acl/identifier.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace weft::config::acl {

bool Permission::applies_to(Platform target) const {
  return !platforms || std::find(platforms->begin(), platforms->end(), target) != platforms->end();
}

namespace {

class PermissionFileReader {
public:
  PermissionFileReader(const SourceDocument& doc, Diagnostics& out)
      : m_doc(doc), m_reader([&doc](std::string_view p, bool k) { return doc.locate(p, k); }, out) {}

  PermissionFile run() {
    PermissionFile file;
    file.path = m_doc.path();
    const nlohmann::json& root = m_doc.value();
    if (!m_reader.object(root, "", "a permission file", {"$schema", "default", "set", "permission"})) return file;
    if (root.empty())
      m_reader.error("", "the permission file defines nothing",
                     "add a [[permission]] with an identifier and commands.allow, a [[set]] or a [default]");
    if (auto it = root.find("default"); it != root.end()) file.default_set = read_default(*it);
    if (const nlohmann::json* sets = m_reader.array(root, "", "set", false))
      for (size_t i = 0; i < sets->size(); ++i)
        if (auto set = read_set((*sets)[i], fmt::format("/set/{}", i))) file.sets.push_back(std::move(*set));
    if (const nlohmann::json* permissions = m_reader.array(root, "", "permission", false))
      for (size_t i = 0; i < permissions->size(); ++i)
        if (auto p = read_permission((*permissions)[i], fmt::format("/permission/{}", i)))
          file.permissions.push_back(std::move(*p));
    return file;
  }

private:
  const SourceDocument& m_doc;
  Reader m_reader;

  std::optional<std::string> read_name(const nlohmann::json& object, const std::string& pointer) {
    auto name = m_reader.string(object, pointer, "identifier", true);
    if (!name) return std::nullopt;
    std::string problem = check_permission_name(*name);
    if (!problem.empty()) {
      m_reader.error(member(pointer, "identifier"), "malformed permission identifier: " + problem);
      return std::nullopt;
    }
    if (*name == "default") {
      m_reader.error(member(pointer, "identifier"), "`default` is reserved for the [default] set",
                     "write the default set as [default] with a `permissions` list");
      return std::nullopt;
    }
    return name;
  }

  std::vector<SetMember> read_members(const nlohmann::json& object, const std::string& pointer) {
    std::vector<SetMember> members;
    auto items = m_reader.strings(object, pointer, "permissions", true);
    if (!items) return members;
    if (items->empty() && object.at("permissions").empty())
      m_reader.error(member(pointer, "permissions"), "empty permissions: the set grants nothing",
                     "list the permissions it groups, e.g. [\"allow-open\"]");
    for (Reader::Item& item : *items) {
      std::string problem = check_identifier(item.value);
      if (!problem.empty()) {
        m_reader.error(item.pointer, "malformed permission identifier: " + problem);
        continue;
      }
      members.push_back({std::move(item.value), m_reader.locate(item.pointer)});
    }
    return members;
  }

  std::optional<PermissionSet> read_default(const nlohmann::json& value) {
    if (!m_reader.object(value, "/default", "the [default] set", {"description", "permissions"})) return std::nullopt;
    PermissionSet set;
    set.name = "default";
    set.description = m_reader.string(value, "/default", "description", false).value_or("");
    set.location = m_reader.locate("/default", true);
    set.members = read_members(value, "/default");
    return set;
  }

  std::optional<PermissionSet> read_set(const nlohmann::json& value, const std::string& pointer) {
    if (!m_reader.object(value, pointer, "a [[set]]", {"identifier", "description", "permissions"})) return std::nullopt;
    auto name = read_name(value, pointer);
    PermissionSet set;
    set.description = m_reader.string(value, pointer, "description", false).value_or("");
    set.members = read_members(value, pointer);
    if (!name) return std::nullopt;
    set.name = std::move(*name);
    set.location = m_reader.locate(member(pointer, "identifier"));
    return set;
  }

  std::vector<std::string> read_commands(const nlohmann::json& commands, const std::string& pointer,
                                         std::string_view key) {
    std::vector<std::string> out;
    auto items = m_reader.strings(commands, pointer, key, false);
    if (!items) return out;
    for (Reader::Item& item : *items) {
      std::string problem = check_command_name(item.value);
      if (!problem.empty()) {
        m_reader.error(item.pointer, problem);
        continue;
      }
      out.push_back(std::move(item.value));
    }
    return out;
  }

  std::optional<Permission> read_permission(const nlohmann::json& value, const std::string& pointer) {
    if (!m_reader.object(value, pointer, "a [[permission]]",
                         {"version", "identifier", "description", "commands", "scope", "platforms"}))
      return std::nullopt;
    auto name = read_name(value, pointer);
    Permission p;
    p.description = m_reader.string(value, pointer, "description", false).value_or("");
    if (auto v = value.find("version");
        v != value.end() && !(v->is_number_integer() && v->get<std::int64_t>() > 0))
      m_reader.error(member(pointer, "version"), "expected a positive integer");
    if (auto c = value.find("commands"); c != value.end()) {
      std::string cp = member(pointer, "commands");
      if (m_reader.object(*c, cp, "`commands`", {"allow", "deny"})) {
        p.commands_allow = read_commands(*c, cp, "allow");
        p.commands_deny = read_commands(*c, cp, "deny");
      }
    }
    if (auto s = value.find("scope"); s != value.end()) {
      std::string sp = member(pointer, "scope");
      if (m_reader.object(*s, sp, "`scope`", {"allow", "deny"})) p.scope = m_reader.scope(*s, sp);
    }
    p.platforms = m_reader.platforms(value, pointer);
    // Judged on what is written, so that a malformed command is not also
    // reported as granting nothing.
    auto written = [&](std::string_view outer, std::string_view inner) {
      auto o = value.find(outer);
      if (o == value.end() || !o->is_object()) return false;
      auto i = o->find(inner);
      return i != o->end() && !(i->is_array() && i->empty());
    };
    bool grants = written("commands", "allow") || written("commands", "deny") || written("scope", "allow") ||
                  written("scope", "deny");
    if (name && !grants)
      m_reader.error(member(pointer, "identifier"), fmt::format("the permission `{}` grants nothing", *name),
                     "give it commands.allow, commands.deny or scope values");
    if (!name) return std::nullopt;
    p.name = std::move(*name);
    p.location = m_reader.locate(member(pointer, "identifier"));
    return p;
  }
};

} // namespace

PermissionFile parse_permission_file(std::string text, std::string path, FileFormat format, Diagnostics& out) {
  auto doc = SourceDocument::parse(std::move(text), path, format);
  if (!doc) {
    out.add(std::move(doc).error());
    PermissionFile empty;
    empty.path = std::move(path);
    return empty;
  }
  return PermissionFileReader(*doc, out).run();
}

} // namespace weft::config::acl

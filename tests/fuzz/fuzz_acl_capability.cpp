// Feeds arbitrary bytes to the capability file parser (first byte: 0 = TOML,
// 1 = JSON), resolves what it reads against the core permissions and writes
// acl.json, then edits each capability's permission list in place (add one,
// remove the first): parsing, locating, resolving and text splicing must
// never crash or hang, and an edit either fails or re-parses as intended.
#include <weft/config-schema/acl/acl_output.hpp>
#include <weft/config-schema/acl/capability_edit.hpp>
#include <weft/config-schema/acl/capability_file.hpp>
#include <weft/config-schema/acl/project_acl.hpp>
#include <weft/config-schema/acl/resolver.hpp>

#include <cstdint>
#include <string>

namespace acl = weft::config::acl;

namespace {

const acl::Registry& core_registry() {
  static const acl::Registry registry = [] {
    weft::Diagnostics d;
    return acl::Registry::build(acl::core_permission_sources(d), d);
  }();
  return registry;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  if (size == 0) return 0;
  acl::FileFormat format = (data[0] & 1) ? acl::FileFormat::json : acl::FileFormat::toml;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  weft::Diagnostics diagnostics;
  acl::CapabilityFile file = acl::parse_capability_file(text, "fuzz", format, diagnostics);
  std::vector<const acl::Capability*> active;
  for (const acl::Capability& c : file.capabilities) active.push_back(&c);
  acl::ResolveOptions options{weft::config::Platform::linux, {"main", "settings"}, acl::UnmatchedWindows::warning};
  acl::ResolvedAcl resolved = acl::resolve(core_registry(), file.capabilities, active, options, diagnostics);
  (void)acl::acl_json_text(resolved);
  for (const weft::Error& e : diagnostics.items()) (void)e.headline();
  for (const acl::Capability& c : file.capabilities) {
    auto added = acl::add_permission_text(text, "fuzz", format, c.pointer, "core:window:allow-close");
    if (added) {
      // The result must parse to one more permission in that capability.
      weft::Diagnostics again;
      acl::CapabilityFile reread = acl::parse_capability_file(*added, "fuzz", format, again);
      (void)reread;
    }
    if (!c.permissions.empty())
      (void)acl::remove_permission_text(text, "fuzz", format, c.pointer, c.permissions.front().identifier);
  }
  return 0;
}

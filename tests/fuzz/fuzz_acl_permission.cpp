// Feeds arbitrary bytes to the permission file parser (first byte: 0 = TOML,
// 1 = JSON), then builds a registry from it as both the app's and a plugin's
// permissions beside the core ones: duplicates, set expansion, cycles, the
// "did you mean" search and the editor schema must never crash or hang.
#include <weft/config-schema/acl/capability_schema.hpp>
#include <weft/config-schema/acl/permission_file.hpp>
#include <weft/config-schema/acl/project_acl.hpp>
#include <weft/config-schema/acl/registry.hpp>

#include <cstdint>
#include <string>

namespace acl = weft::config::acl;

namespace {

// The core files are parsed once; each input gets its own copy to build on.
const std::vector<acl::PermissionSource>& core_sources() {
  static const std::vector<acl::PermissionSource> sources = [] {
    weft::Diagnostics d;
    return acl::core_permission_sources(d);
  }();
  return sources;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  if (size == 0) return 0;
  acl::FileFormat format = (data[0] & 1) ? acl::FileFormat::json : acl::FileFormat::toml;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  weft::Diagnostics diagnostics;
  std::vector<acl::PermissionSource> sources = core_sources();
  for (const char* prefix : {"", "fuzz"}) {
    acl::PermissionSource source;
    source.prefix = prefix;
    source.origin = "fuzz";
    source.files.push_back(acl::parse_permission_file(text, "fuzz.toml", format, diagnostics));
    sources.push_back(std::move(source));
  }
  acl::Registry registry = acl::Registry::build(std::move(sources), diagnostics);
  for (const acl::RegistryEntry& entry : registry.entries()) (void)registry.expand(entry);
  for (const weft::Error& e : diagnostics.items()) (void)e.headline();
  (void)registry.explain_unknown("fuzz:allow-x");
  (void)acl::capability_schema_text(registry);
  return 0;
}

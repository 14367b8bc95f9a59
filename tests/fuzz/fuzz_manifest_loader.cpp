// Feeds arbitrary bytes to the manifest loader as weft.conf.json: parsing,
// schema validation, semantic checks and error location must never crash.
#include <weft/config-schema/manifest.hpp>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  weft::config::LoadOptions options;
  options.project_dir = "/nonexistent-weft-fuzz-project";
  options.base_text = std::string(reinterpret_cast<const char*>(data), size);
  auto manifest = weft::config::load_manifest(options);
  if (!manifest) (void)manifest.error().headline();
  return 0;
}

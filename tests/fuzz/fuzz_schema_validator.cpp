// Input: a JSON array [schema, instance]. Compiling arbitrary schemas and
// validating arbitrary instances must never crash or hang.
#include <weft/config-schema/schema_validator.hpp>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  auto input = nlohmann::json::parse(data, data + size, nullptr, false);
  if (input.is_discarded() || !input.is_array() || input.size() != 2) return 0;
  auto validator = weft::config::SchemaValidator::compile(input[0]);
  if (!validator) return 0;
  (void)validator->validate(input[1]);
  return 0;
}

#pragma once

#include <weft/config-schema/acl/registry.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace weft::config::acl {

// capability.schema.json: a JSON Schema (draft-07) for capability files in
// any of their three shapes, whose permission identifiers are exactly the
// ones `registry` knows, each with its description, so that an editor
// completes them and flags typos through "$schema".
nlohmann::json capability_schema(const Registry& registry);
std::string capability_schema_text(const Registry& registry);

} // namespace weft::config::acl

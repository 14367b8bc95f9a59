#pragma once

#include <weft/base/error.hpp>
#include <weft/config-schema/manifest.hpp>

#include <string_view>

namespace weft::cli {

// Where the value at `pointer` (e.g. "/build/frontendDist") is written: the
// last merged file that sets it (an overlay wins over weft.conf.json), else
// weft.conf.json itself with the pointer only.
Location manifest_location(const config::Manifest& manifest, std::string_view pointer);

} // namespace weft::cli

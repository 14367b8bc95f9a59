#pragma once

#include "command.hpp"

#include <array>

namespace weft::cli {


// Only implemented commands are listed: the table is what --help shows.
inline constexpr std::array<CommandEntry, 0> k_commands{};

} // namespace weft::cli

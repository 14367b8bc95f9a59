#pragma once

#include "command.hpp"

#include <array>

namespace weft::cli {

void setup_build(CLI::App& root, CommandContext context);
void setup_bundle(CLI::App& root, CommandContext context);
void setup_capability(CLI::App& root, CommandContext context);
void setup_check(CLI::App& root, CommandContext context);
void setup_dev(CLI::App& root, CommandContext context);
void setup_icon(CLI::App& root, CommandContext context);
void setup_info(CLI::App& root, CommandContext context);
void setup_init(CLI::App& root, CommandContext context);
void setup_permission(CLI::App& root, CommandContext context);
void setup_signer(CLI::App& root, CommandContext context);
void setup_updater(CLI::App& root, CommandContext context);

// Only implemented commands are listed: the table is what --help shows.
inline constexpr auto k_commands = std::to_array<CommandEntry>({
    {"build", setup_build},
    {"bundle", setup_bundle},
    {"capability", setup_capability},
    {"check", setup_check},
    {"dev", setup_dev},
    {"icon", setup_icon},
    {"info", setup_info},
    {"init", setup_init},
    {"permission", setup_permission},
    {"signer", setup_signer},
    {"updater", setup_updater},
});

} // namespace weft::cli

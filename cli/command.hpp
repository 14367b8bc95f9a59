#pragma once

#include <weft/base/error.hpp>

#include <CLI/CLI.hpp>

#include <functional>

namespace weft::cli {

struct GlobalOptions {
  int verbosity = 0; // -v = 1, -vv = 2
  bool json = false; // machine-readable output on stdout
  bool color = false;
};

// What the chosen subcommand will do once parsing is over; its value is the
// process exit code when it succeeds.
using Action = std::function<Result<int>()>;

struct CommandContext {
  GlobalOptions& global;
  Action& action;
};

// One entry per subcommand: the table drives registration and --help.
struct CommandEntry {
  const char* name;
  void (*setup)(CLI::App& root, CommandContext context);
};

// Adds the `--config` option every manifest-reading command takes.
void add_config_option(CLI::App& command, std::vector<std::string>& values);

} // namespace weft::cli

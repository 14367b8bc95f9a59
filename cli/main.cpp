#include "command.hpp"
#include "commands.hpp"
#include "diagnostic_printer.hpp"

#include <weft_version.hpp>

#include <fmt/format.h>

#include <csignal>
#include <cstdio>

namespace {

using weft::ExitCode;

int report(const weft::Error& error, const weft::cli::GlobalOptions& global) {
  if (global.json) {
    nlohmann::json out = {{"ok", false}, {"errors", weft::cli::error_to_json(error)}};
    std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  }
  weft::cli::print_error(stderr, error, weft::cli::wants_color(stderr));
  return static_cast<int>(error.code());
}

} // namespace

int main(int argc, char** argv) {
  weft::cli::GlobalOptions global;
  weft::cli::Action action;

  CLI::App app{"weft: build, bundle and sign apps with a C++ backend and a web UI", "weft"};
  app.set_version_flag("-V,--version", "weft " WEFT_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.add_flag("-v,--verbose", global.verbosity, "More output (-vv for debug)");
  app.add_flag("--json", global.json, "Machine-readable output on stdout");
  app.footer("Run `weft <command> --help` for a command's options.\n"
             "Exit codes: 0 ok, 1 invalid input, 2 usage, 3 external tool failed, 130 interrupted.");

  weft::cli::CommandContext context{global, action};
  for (const weft::cli::CommandEntry& entry : weft::cli::k_commands) entry.setup(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version end parsing "successfully"; print them on stdout.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::fprintf(stderr, "weft: error: %s\n", e.what());
    std::fprintf(stderr, "  hint: run `weft --help`\n");
    return static_cast<int>(ExitCode::usage);
  }
  global.color = weft::cli::wants_color(stderr);

  try {
    weft::Result<int> result = action();
    if (!result) return report(result.error(), global);
    return *result;
  } catch (const std::exception& e) {
    // A bug, not a user error: say so in one line rather than abort.
    std::fprintf(stderr, "weft: internal error: %s\n", e.what());
    return static_cast<int>(ExitCode::tool);
  }
}

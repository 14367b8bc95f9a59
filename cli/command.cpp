#include "command.hpp"

namespace weft::cli {

void add_config_option(CLI::App& command, std::vector<std::string>& values) {
  command.add_option("-c,--config", values,
                     "JSON (inline, starting with `{`) or a JSON file merged over weft.conf.json; repeatable")
      ->take_all();
}

} // namespace weft::cli

// The runtime's core commands and the core permissions in runtime/permissions/
// must agree: every command the runtime answers has its `allow-` permission,
// and every command a permission grants is answered.
#include "core_commands.hpp"

#include "context_builder.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace weft::runtime {
namespace {

// "core:window|set_title" for every `commands.allow = ["set_title"]` of window.toml.
std::set<std::string> permitted_commands() {
  std::set<std::string> keys;
  const std::regex allow(R"re(commands\.allow = \["([a-z_]+)"\])re");
  for (const char* area : {"app", "event", "path", "sidecar", "webview", "window"}) {
    const std::string text =
        test::ContextBuilder::read(std::string(WEFT_SOURCE_DIR) + "/runtime/permissions/" + area + ".toml");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), allow); it != std::sregex_iterator(); ++it)
      keys.insert(std::string("core:") + area + "|" + (*it)[1].str());
  }
  return keys;
}

TEST(CorePermissions, EveryCommandHasAPermissionAndBack) {
  std::set<std::string> implemented;
  for (auto table : {core_app_commands(), core_event_commands(), core_path_commands(), core_sidecar_commands(),
                     core_webview_commands(), core_window_commands()})
    for (const CoreCommand& command : table) EXPECT_TRUE(implemented.insert(std::string(command.key)).second) << command.key;
  const std::set<std::string> permitted = permitted_commands();
  EXPECT_GT(permitted.size(), 90u);
  for (const std::string& key : implemented) EXPECT_TRUE(permitted.contains(key)) << key << " has no permission";
  for (const std::string& key : permitted) EXPECT_TRUE(implemented.contains(key)) << key << " is not answered";
  EXPECT_NE(find_core_command("core:window|set_title"), nullptr);
  EXPECT_EQ(find_core_command("core:window|nope"), nullptr);
}

} // namespace
} // namespace weft::runtime

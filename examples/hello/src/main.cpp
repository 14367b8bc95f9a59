// Hello Weft: the backend registers one command, `greet`, which ui/main.js
// calls with window.weft.invoke('greet', {name}). The capability in
// capabilities/default.json allows the main window to call it.
#include <weft/runtime/app.hpp>

#include <nlohmann/json.hpp>

#include <string>

int main(int argc, char** argv) {
  weft::App app(weft::context());

  app.command("greet", [](const nlohmann::json& args) -> nlohmann::json {
    std::string name = args.is_object() ? args.value("name", std::string()) : std::string();
    if (name.empty()) name = "stranger";
    return "Hello, " + name + "! This greeting comes from C++.";
  });

  return app.run(argc, argv);
}

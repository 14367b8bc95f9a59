// The backend: registers the `greet` command, which ui/main.js calls with
// window.weft.invoke('greet', {name}). capabilities/default.json lets the
// main window call it (permission allow-greet, from build.commands).
#include <weft/runtime/app.hpp>

#include <nlohmann/json.hpp>

#include <string>

int main(int argc, char** argv) {
  weft::App app(weft::context());

  app.command("greet", [](const nlohmann::json& args) -> nlohmann::json {
    std::string name = args.is_object() ? args.value("name", std::string()) : std::string();
    if (name.empty()) name = "stranger";
    return "Hello, " + name + "! You've been greeted from C++.";
  });

  return app.run(argc, argv);
}

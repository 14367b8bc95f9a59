#include "init_template.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include <gtest/gtest.h>

namespace weft::cli {
namespace {

const RenderedFile* find(const std::vector<RenderedFile>& files, const std::string& path) {
  auto it = std::find_if(files.begin(), files.end(), [&](const RenderedFile& f) { return f.path == path; });
  return it == files.end() ? nullptr : &*it;
}

const std::map<std::string, std::string> k_variables = {{"productName", "My {App} & Co"},
                                                        {"binaryName", "my-app-co"},
                                                        {"identifier", "com.example.my-app"},
                                                        {"windowTitle", "Say \"hi\" <b>\\"},
                                                        {"publisher", "My {App} & Co <my-app-co@example.com>"}};

TEST(InitTemplate, BothTemplatesAndTheIconAreCompiledIn) {
  EXPECT_EQ(template_names(), (std::vector<std::string>{"svelte", "vanilla"}));
  EXPECT_NE(template_icon_svg().find("<svg"), std::string_view::npos);
}

TEST(InitTemplate, JsonValuesAreEscaped) {
  auto files = render_template("vanilla", k_variables);
  const RenderedFile* manifest = find(files, "weft.conf.json");
  ASSERT_TRUE(manifest);
  auto json = nlohmann::json::parse(manifest->content);
  EXPECT_EQ(json["app"]["windows"][0]["title"], "Say \"hi\" <b>\\");
  EXPECT_EQ(json["productName"], "My {App} & Co");
  EXPECT_EQ(json["mainBinaryName"], "my-app-co");
}

TEST(InitTemplate, HtmlAndSvelteTextIsEscaped) {
  auto vanilla = render_template("vanilla", k_variables);
  const RenderedFile* html = find(vanilla, "ui/index.html");
  ASSERT_TRUE(html);
  EXPECT_NE(html->content.find("<title>Say &quot;hi&quot; &lt;b&gt;\\</title>"), std::string::npos);
  auto svelte = render_template("svelte", k_variables);
  const RenderedFile* app = find(svelte, "ui/src/App.svelte");
  ASSERT_TRUE(app);
  EXPECT_NE(app->content.find("Welcome to My &#123;App&#125; &amp; Co"), std::string::npos);
  EXPECT_NE(app->content.find("{message}"), std::string::npos); // Svelte's own braces stay
}

TEST(InitTemplate, GitignoreIsRenamedAndNoVariableIsLeft) {
  for (const std::string& name : template_names()) {
    auto files = render_template(name, k_variables);
    EXPECT_TRUE(find(files, ".gitignore")) << name;
    EXPECT_FALSE(find(files, "gitignore")) << name;
    for (const RenderedFile& f : files) EXPECT_EQ(f.content.find("{{"), std::string::npos) << name << "/" << f.path;
  }
}

} // namespace
} // namespace weft::cli

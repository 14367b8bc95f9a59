#include "window_config.hpp"

#include <gtest/gtest.h>

namespace weft::runtime {
namespace {

TEST(WindowConfig, Defaults) {
  Result<WindowConfig> config = parse_window_config(nlohmann::json::object());
  ASSERT_TRUE(config);
  EXPECT_EQ(config->label, "main");
  EXPECT_EQ(config->url, "index.html");
  EXPECT_EQ(config->width, 800);
  EXPECT_EQ(config->height, 600);
  EXPECT_TRUE(config->create && config->visible && config->resizable && config->decorations && config->focus);
  EXPECT_FALSE(config->devtools.has_value());
}

TEST(WindowConfig, EveryProperty) {
  Result<WindowConfig> config = parse_window_config(nlohmann::json::parse(R"({
    "label": "tools/1", "create": false, "url": "tools.html", "title": "Tools", "width": 300, "height": 200,
    "minWidth": 100, "minHeight": 50, "maxWidth": 900, "maxHeight": 700, "x": 5, "y": -5, "center": true,
    "resizable": false, "fullscreen": true, "maximized": true, "visible": false, "decorations": false,
    "alwaysOnTop": true, "skipTaskbar": true, "theme": "Dark", "devtools": true, "userAgent": "UA",
    "zoomHotkeysEnabled": true, "incognito": true, "parent": "main", "titleBarStyle": "Overlay"})"));
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->label, "tools/1");
  EXPECT_FALSE(config->create);
  EXPECT_EQ(config->title, "Tools");
  EXPECT_EQ(config->min_width, 100);
  EXPECT_EQ(config->max_height, 700);
  EXPECT_EQ(config->y, -5);
  EXPECT_TRUE(config->center && config->fullscreen && config->maximized && config->always_on_top);
  EXPECT_FALSE(config->resizable || config->visible || config->decorations);
  EXPECT_EQ(config->theme, Theme::dark);
  EXPECT_EQ(config->devtools, true);
  EXPECT_EQ(config->parent, "main");
}

TEST(WindowConfig, Errors) {
  auto message = [](const char* text) {
    Result<WindowConfig> config = parse_window_config(nlohmann::json::parse(text));
    return config ? std::string("ok") : config.error().message();
  };
  EXPECT_EQ(message(R"([])"), "a window must be a JSON object");
  EXPECT_EQ(message(R"({"label": "a b"})"), "window label `a b` is not letters, digits, `-`, `/`, `:` and `_`");
  EXPECT_EQ(message(R"({"width": "wide"})"), "window `width` must be a number");
  EXPECT_EQ(message(R"({"width": 0})"), "window `width` must be a number above 0");
  EXPECT_EQ(message(R"({"resizable": 1})"), "window `resizable` must be true or false");
  EXPECT_EQ(message(R"({"theme": "Blue"})"), "window `theme` must be \"Light\" or \"Dark\"");
  EXPECT_EQ(message(R"({"minWidth": 500, "maxWidth": 100})"), "window `minWidth` is larger than `maxWidth`");
  EXPECT_EQ(message(R"({"url": ""})"), "window `url` is empty");
}

} // namespace
} // namespace weft::runtime

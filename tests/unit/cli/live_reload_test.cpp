#include "csp.hpp"
#include "html_inline.hpp"
#include "live_reload.hpp"

#include <gtest/gtest.h>

namespace weft::cli {
namespace {

std::string tag() { return "<script>" + std::string(live_reload_script()) + "</script>"; }

TEST(LiveReload, ScriptListensToTheEventStream) {
  EXPECT_NE(live_reload_script().find("new EventSource('/__weft/reload')"), std::string_view::npos);
  EXPECT_NE(live_reload_script().find("location.reload()"), std::string_view::npos);
}

TEST(LiveReload, InjectedFirstInHead) {
  EXPECT_EQ(inject_live_reload("<!doctype html><html><HEAD lang=x><title>t</title></head></html>"),
            "<!doctype html><html><HEAD lang=x>" + tag() + "<title>t</title></head></html>");
}

TEST(LiveReload, HeaderIsNotHead) {
  EXPECT_EQ(inject_live_reload("<html><body><header>h</header></body></html>"),
            "<html>" + tag() + "<body><header>h</header></body></html>");
}

TEST(LiveReload, WithoutHeadOrHtml) {
  EXPECT_EQ(inject_live_reload("<!DOCTYPE html><p>hi"), "<!DOCTYPE html>" + tag() + "<p>hi");
  EXPECT_EQ(inject_live_reload("<p>hi"), tag() + "<p>hi");
}

TEST(LiveReload, InjectedScriptIsOneInlineBlock) {
  const std::string page = inject_live_reload("<html><head></head><body><script>app()</script></body></html>");
  const std::vector<InlineBlock> blocks = find_inline_blocks(page);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].text, live_reload_script());
}

TEST(LiveReload, CspAllowsTheScriptAndTheStream) {
  const std::string page = inject_live_reload("<html><head></head><body><script>app()</script></body></html>");
  const auto csp = dev_page_csp("default-src 'self'; img-src 'self' data:", false, page);
  ASSERT_TRUE(csp);
  EXPECT_EQ(*csp, "default-src 'self'; img-src 'self' data:; script-src 'self' " +
                      csp_hash_source(live_reload_script()) + " " + csp_hash_source("app()"));
}

TEST(LiveReload, CspModificationDisabledStillAllowsTheScript) {
  const std::string page = inject_live_reload("<head></head><script>app()</script>");
  const auto csp = dev_page_csp("script-src 'self'; connect-src 'none'", true, page);
  ASSERT_TRUE(csp);
  // The app's own inline script stays blocked, as in the built app.
  EXPECT_EQ(*csp, "script-src 'self' " + csp_hash_source(live_reload_script()) + "; connect-src 'self'");
}

TEST(LiveReload, NoCspNoHeader) { EXPECT_EQ(dev_page_csp(nullptr, false, inject_live_reload("<p>")), std::nullopt); }

TEST(LiveReload, UnsafeInlineLeftAlone) {
  const auto csp = dev_page_csp("script-src 'unsafe-inline'; connect-src *", false, inject_live_reload("<p>"));
  ASSERT_TRUE(csp);
  EXPECT_EQ(*csp, "script-src 'unsafe-inline'; connect-src *");
}

} // namespace
} // namespace weft::cli

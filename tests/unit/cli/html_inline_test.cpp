#include "html_inline.hpp"

#include <gtest/gtest.h>

namespace weft::cli {
namespace {

TEST(HtmlInline, FindsInlineScriptsAndStylesOnly) {
  const std::string html = R"(<!doctype html><html><head>
<style>body{color:red}</style>
<script src="main.js"></script>
<script type="module">alert(1)</script>
<!-- <script>commented()</script> -->
<SCRIPT>upper()</SCRIPT>
<scripts>not a script</scripts>
<script></script>
</head></html>)";
  auto blocks = find_inline_blocks(html);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].kind, InlineKind::style);
  EXPECT_EQ(blocks[0].text, "body{color:red}");
  EXPECT_EQ(blocks[1].kind, InlineKind::script);
  EXPECT_EQ(blocks[1].text, "alert(1)");
  EXPECT_EQ(blocks[2].text, "upper()");
}

TEST(HtmlInline, ScriptRunsToItsFirstClosingTag) {
  auto blocks = find_inline_blocks("<script>var s = '<b>'; if (a < b) x();</script><p>");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].text, "var s = '<b>'; if (a < b) x();");
}

TEST(HtmlInline, QuotedAttributeWithBracketAndSrcInValue) {
  auto blocks = find_inline_blocks(R"(<script data-x="a>b" data-y='src=1'>go()</script>)");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].text, "go()");
}

TEST(HtmlInline, UnterminatedInputDoesNotCrash) {
  EXPECT_TRUE(find_inline_blocks("<script").empty());
  EXPECT_TRUE(find_inline_blocks("<!-- <script>x()</script>").empty());
  auto blocks = find_inline_blocks("<script>tail()");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].text, "tail()");
}

} // namespace
} // namespace weft::cli

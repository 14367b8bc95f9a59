#include "origin.hpp"

#include <gtest/gtest.h>

namespace weft::runtime {
namespace {

TEST(PageUrl, Parses) {
  std::optional<PageUrl> url = parse_page_url("HTTPS://User@Example.COM:443/a/b?q=1#f");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "example.com");
  EXPECT_EQ(url->port, ""); // the default port is dropped
  EXPECT_EQ(url->path, "/a/b");
  url = parse_page_url("http://[::1]:8080");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "[::1]");
  EXPECT_EQ(url->port, "8080");
  EXPECT_EQ(url->path, "/");
}

TEST(PageUrl, Refuses) {
  for (const char* text : {"", "about:blank", "data:text/html,x", "://x", "1http://x", "http://", "http://h:x/"})
    EXPECT_FALSE(parse_page_url(text)) << text;
}

TEST(Origin, Classifies) {
  EXPECT_EQ(classify_origin("weft://localhost/index.html", "weft://localhost/", "").kind, OriginKind::local);
  EXPECT_EQ(classify_origin("weft://other/index.html", "weft://localhost/", "").kind, OriginKind::remote);
  EXPECT_EQ(classify_origin("https://example.com/", "weft://localhost/", "").kind, OriginKind::remote);
  EXPECT_EQ(classify_origin("about:blank", "weft://localhost/", "").kind, OriginKind::none);
  // In `weft dev` the dev server's pages are the app's own.
  EXPECT_EQ(classify_origin("http://localhost:5173/src/x", "weft://localhost/", "http://localhost:5173").kind,
            OriginKind::local);
  EXPECT_EQ(classify_origin("http://localhost:5174/", "weft://localhost/", "http://localhost:5173").kind,
            OriginKind::remote);
}

} // namespace
} // namespace weft::runtime

#include "http_request.hpp"

#include <weft/base/hex.hpp>

#include <gtest/gtest.h>

namespace weft::cli {
namespace {

TEST(HttpRequest, IncompleteUntilTheEmptyLine) {
  EXPECT_EQ(parse_http_request("GET / HTTP/1.1\r\nHost: x\r\n").state, HttpParse::incomplete);
  EXPECT_EQ(parse_http_request("").state, HttpParse::incomplete);
}

TEST(HttpRequest, ParsesAGetWithQueryAndEscapes) {
  const std::string text = "GET /a%20b/c.js?v=1#x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /next HTTP/1.1\r\n\r\n";
  HttpParseResult parsed = parse_http_request(text);
  ASSERT_EQ(parsed.state, HttpParse::complete);
  EXPECT_EQ(parsed.request.method, "GET");
  EXPECT_EQ(parsed.request.path, "/a b/c.js");
  EXPECT_TRUE(parsed.request.keep_alive);
  EXPECT_FALSE(parsed.request.has_body);
  // A pipelined request follows.
  EXPECT_EQ(text.substr(parsed.consumed), "GET /next HTTP/1.1\r\n\r\n");
}

TEST(HttpRequest, ConnectionHeaderDecidesKeepAlive) {
  EXPECT_FALSE(parse_http_request("GET / HTTP/1.1\r\nConnection: Upgrade, close\r\n\r\n").request.keep_alive);
  EXPECT_FALSE(parse_http_request("HEAD / HTTP/1.0\r\n\r\n").request.keep_alive);
  EXPECT_TRUE(parse_http_request("HEAD / HTTP/1.0\r\nconnection: Keep-Alive\r\n\r\n").request.keep_alive);
}

TEST(HttpRequest, NoticesABody) {
  EXPECT_TRUE(parse_http_request("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc").request.has_body);
  EXPECT_FALSE(parse_http_request("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").request.has_body);
  EXPECT_TRUE(parse_http_request("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").request.has_body);
}

TEST(HttpRequest, SkipsEmptyLinesBeforeARequest) {
  HttpParseResult parsed = parse_http_request("\r\n\r\nGET /x HTTP/1.1\r\n\r\n");
  ASSERT_EQ(parsed.state, HttpParse::complete);
  EXPECT_EQ(parsed.request.path, "/x");
}

TEST(HttpRequest, RejectsMalformedRequests) {
  for (const char* text : {
           "GET /\r\n\r\n",                                // no version
           "GET / HTTP/2.0\r\n\r\n",                       // unsupported version
           "get / HTTP/1.1\r\n\r\n",                       // method case
           "GET http://example.com/ HTTP/1.1\r\n\r\n",     // absolute form
           "GET /%zz HTTP/1.1\r\n\r\n",                    // broken escape
           "GET /%4 HTTP/1.1\r\n\r\n",                     // truncated escape
           "GET /a%00b HTTP/1.1\r\n\r\n",                  // NUL
           "GET / HTTP/1.1\r\nno colon here\r\n\r\n",      // header without a colon
           "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", // bad length
       }) {
    HttpParseResult parsed = parse_http_request(text);
    EXPECT_EQ(parsed.state, HttpParse::bad) << text;
    EXPECT_FALSE(parsed.error.empty()) << text;
  }
}

TEST(HttpRequest, PercentDecoding) {
  EXPECT_EQ(weft::percent_decode("/%2e%2E/%41"), "/../A");
  EXPECT_EQ(weft::percent_decode("/plain"), "/plain");
  EXPECT_EQ(weft::percent_decode("/%"), std::nullopt);
}

} // namespace
} // namespace weft::cli

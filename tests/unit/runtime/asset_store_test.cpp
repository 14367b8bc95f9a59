#include "asset_store.hpp"
#include "context_builder.hpp"

#include <gtest/gtest.h>

#include <string>

namespace weft::runtime {
namespace {

std::string body(const AssetResponse& response) {
  return std::string(reinterpret_cast<const char*>(response.body.data()), response.body.size());
}

std::string header(const AssetResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return value;
  return "<none>";
}

class AssetStoreTest : public ::testing::Test {
protected:
  AssetStoreTest() {
    builder.asset("index.html", "<h1>home</h1>")
        .asset("app.js", "console.log('app')", Compression::zstd)
        .asset("style.css", "body{}")
        .asset("docs/index.html", "<h1>docs</h1>", Compression::zstd)
        .asset("img/logo.svg", "<svg/>")
        .asset("data.bin", "\x01\x02", Compression::none, "application/x-custom")
        .asset("a b.txt", "spaced")
        .csp("default-src 'self'");
    store.emplace(builder.build().assets, std::string("default-src 'self'"));
  }

  test::ContextBuilder builder;
  std::optional<AssetStore> store;
};

TEST_F(AssetStoreTest, RootServesIndexHtmlWithCsp) {
  const AssetResponse response = store->serve("weft://localhost/");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.mime, "text/html");
  EXPECT_EQ(body(response), "<h1>home</h1>");
  EXPECT_EQ(header(response, "Content-Security-Policy"), "default-src 'self'");
  EXPECT_EQ(header(response, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header(response, "ETag").size(), 66u);
  EXPECT_EQ(body(store->serve("weft://localhost")), "<h1>home</h1>");
  EXPECT_EQ(body(store->serve("weft://localhost/?query=1#fragment")), "<h1>home</h1>");
}

TEST_F(AssetStoreTest, MimeTypes) {
  EXPECT_EQ(store->serve("weft://localhost/app.js").mime, "text/javascript");
  EXPECT_EQ(store->serve("weft://localhost/style.css").mime, "text/css");
  EXPECT_EQ(store->serve("weft://localhost/img/logo.svg").mime, "image/svg+xml");
  EXPECT_EQ(store->serve("weft://localhost/data.bin").mime, "application/x-custom"); // from the context
}

TEST_F(AssetStoreTest, NoCspHeaderWhenTheContextHasNone) {
  AssetStore plain(builder.build().assets, std::nullopt);
  EXPECT_EQ(header(plain.serve("weft://localhost/index.html"), "Content-Security-Policy"), "<none>");
}

TEST_F(AssetStoreTest, FoldersServeTheirIndex) {
  EXPECT_EQ(body(store->serve("weft://localhost/docs/")), "<h1>docs</h1>");
  EXPECT_EQ(body(store->serve("weft://localhost/docs")), "<h1>docs</h1>");
}

TEST_F(AssetStoreTest, PercentEncodedNames) {
  EXPECT_EQ(body(store->serve("weft://localhost/a%20b.txt")), "spaced");
  EXPECT_EQ(store->serve("weft://localhost/a%2").status, 404);
  EXPECT_EQ(store->serve("weft://localhost/a%zzb.txt").status, 404);
}

TEST_F(AssetStoreTest, CleanNotFound) {
  const AssetResponse response = store->serve("weft://localhost/missing.js");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.reason, "Not Found");
  EXPECT_EQ(response.mime, "text/plain");
  EXPECT_EQ(body(response), "404 Not Found: weft://localhost/missing.js\n");
  EXPECT_EQ(header(response, "Content-Security-Policy"), "default-src 'self'");
}

TEST_F(AssetStoreTest, TraversalIsRefused) {
  for (const char* uri : {"weft://localhost/../index.html", "weft://localhost/docs/../index.html",
                          "weft://localhost/%2e%2e/index.html", "weft://localhost/%2E%2E/index.html",
                          "weft://localhost/docs/%2e%2e/%2e%2e/etc/passwd", "weft://localhost/.%2e/index.html",
                          "weft://localhost/./index.html", "weft://localhost//etc/passwd",
                          "weft://localhost/%2fetc%2fpasswd", "weft://localhost/%2Fetc/passwd",
                          "weft://localhost/docs%2f..%2findex.html", "weft://localhost/..%5cindex.html",
                          "weft://localhost/index.html%00.js", "weft://otherhost/index.html",
                          "weft://localhost.evil/index.html", "https://localhost/index.html"}) {
    SCOPED_TRACE(uri);
    EXPECT_EQ(store->serve(uri).status, 404);
    EXPECT_FALSE(asset_path_of(uri).has_value());
  }
}

TEST_F(AssetStoreTest, AssetPaths) {
  EXPECT_EQ(asset_path_of("weft://localhost/"), "index.html");
  EXPECT_EQ(asset_path_of("weft://localhost/a/b/"), "a/b/index.html");
  EXPECT_EQ(asset_path_of("weft://localhost/a/b.js?x=../.."), "a/b.js");
}

TEST_F(AssetStoreTest, DecompressionIsCached) {
  EXPECT_EQ(store->decompressions(), 0u);
  EXPECT_EQ(body(store->serve("weft://localhost/app.js")), "console.log('app')");
  EXPECT_EQ(store->decompressions(), 1u);
  const AssetResponse again = store->serve("weft://localhost/app.js");
  EXPECT_EQ(body(again), "console.log('app')");
  EXPECT_EQ(store->decompressions(), 1u); // the second request cost no decompression
  EXPECT_EQ(body(store->serve("weft://localhost/docs/")), "<h1>docs</h1>");
  EXPECT_EQ(store->decompressions(), 2u);
}

TEST(AssetStoreCorrupt, BrokenZstdIsAServerErrorNotACrash) {
  static const unsigned char junk[] = {1, 2, 3, 4};
  const Asset assets[] = {{"a.js", "text/javascript", "", Compression::zstd, junk, 10}};
  AssetStore store(assets, std::nullopt);
  EXPECT_EQ(store.serve("weft://localhost/a.js").status, 500);
}

} // namespace
} // namespace weft::runtime

#include <weft/base/mime.hpp>

#include <gtest/gtest.h>

namespace weft {
namespace {

TEST(Mime, ByExtension) {
  EXPECT_EQ(mime_type_for_path("index.html"), "text/html");
  EXPECT_EQ(mime_type_for_path("assets/app.MJS"), "text/javascript");
  EXPECT_EQ(mime_type_for_path("a.b/style.css"), "text/css");
  EXPECT_EQ(mime_type_for_path("logo.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type_for_path("font.woff2"), "font/woff2");
  EXPECT_EQ(mime_type_for_path("module.wasm"), "application/wasm");
}

TEST(Mime, UnknownIsOctetStream) {
  EXPECT_EQ(mime_type_for_path("README"), "application/octet-stream");
  EXPECT_EQ(mime_type_for_path("a.b/noext"), "application/octet-stream");
  EXPECT_EQ(mime_type_for_path("x."), "application/octet-stream");
  EXPECT_EQ(mime_type_for_path("x.unknownext"), "application/octet-stream");
}

} // namespace
} // namespace weft

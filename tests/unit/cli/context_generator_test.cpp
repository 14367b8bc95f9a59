#include "backend_build.hpp"
#include "context_generator.hpp"
#include "test_dir.hpp"

#include <weft/base/file.hpp>

#include <zstd.h>

#include <fstream>
#include <random>
#include <regex>

#include <gtest/gtest.h>

namespace weft::cli {
namespace {

namespace fs = std::filesystem;

FrontendFile make_file(const fs::path& dir, const std::string& path, const std::string& content,
                       const std::string& sha) {
  fs::create_directories((dir / path).parent_path());
  std::ofstream(dir / path, std::ios::binary) << content;
  FrontendFile file;
  file.path = path;
  file.source = dir / path;
  file.size = content.size();
  file.sha256 = sha;
  return file;
}

std::string random_bytes(size_t n) {
  std::mt19937 rng(7);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng());
  return out;
}

TEST(CppStringLiteral, EscapesEverythingButPrintableAscii) {
  EXPECT_EQ(cpp_string_literal("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(cpp_string_literal(std::string("\n\0\xe2\x82\xac"
                                           "1",
                                           6)),
            R"("\012\000\342\202\2541")");
}

TEST(ContextGenerator, StoresCompressesAndDescribesEveryFile) {
  test::TempDir dir;
  const std::string html = "<html><script>alert(1)</script>" + std::string(2000, 'x') + "</html>";
  const std::string noise = random_bytes(5000);
  ContextSource source;
  source.config_json = R"({"productName":"T \"q\""})";
  source.acl_json = "{}";
  source.csp = "default-src 'self'";
  source.csp_keep = false;
  // Hashes are only names here; the generator trusts the caller's.
  source.files = {make_file(dir / "ui", "empty.txt", "", std::string(64, '0')),
                  make_file(dir / "ui", "index.html", html, std::string(64, '1')),
                  make_file(dir / "ui", "noise.bin", noise, std::string(64, '2'))};
  auto generated = generate_context(dir / "gen", source);
  ASSERT_TRUE(generated) << generated.error().message();
  EXPECT_EQ(generated->compressed_now, 3u);
  EXPECT_EQ(*generated->csp,
            "default-src 'self'; script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");

  // Text compresses; random bytes are kept as they are.
  const fs::path zst = dir / "gen/assets" / (std::string(64, '1') + ".zst");
  const fs::path raw = dir / "gen/assets" / (std::string(64, '2') + ".raw");
  ASSERT_TRUE(fs::exists(zst));
  ASSERT_TRUE(fs::exists(raw));
  std::string packed = *read_file(zst);
  std::string unpacked(ZSTD_getFrameContentSize(packed.data(), packed.size()), '\0');
  ASSERT_EQ(ZSTD_decompress(unpacked.data(), unpacked.size(), packed.data(), packed.size()), html.size());
  EXPECT_EQ(unpacked, html);
  EXPECT_EQ(*read_file(raw), noise);

  const std::string cpp = *read_file(dir / "gen/context.cpp");
  EXPECT_NE(cpp.find(R"({"index.html"sv, "text/html"sv, ")" + std::string(64, '1') +
                     "\"sv, weft::Compression::zstd, {weft_generated_assets + 0, " + std::to_string(packed.size()) +
                     "}, " + std::to_string(html.size()) + "},"),
            std::string::npos)
      << cpp;
  EXPECT_NE(cpp.find("weft::Compression::none, {weft_generated_assets + " + std::to_string(packed.size()) + ", 5000}"),
            std::string::npos);
  EXPECT_NE(cpp.find(R"(k_config = "{\"productName\":\"T \\\"q\\\"\"}"sv)"), std::string::npos) << cpp;
  const std::string s = *read_file(dir / "gen/assets.S");
  EXPECT_NE(s.find(".incbin \"" + fs::absolute(zst).lexically_normal().string() + "\""), std::string::npos) << s;

  // A second run reuses the store and removes what is no longer referenced.
  source.files.pop_back();
  generated = generate_context(dir / "gen", source);
  ASSERT_TRUE(generated);
  EXPECT_EQ(generated->compressed_now, 0u);
  EXPECT_FALSE(fs::exists(raw));
}

TEST(CompilerError, FirstLocatedErrorWins) {
  const std::string output = "[1/3] Building CXX object main.cpp.o\n"
                             "/p/src/main.cpp: In function 'int main()':\n"
                             "/p/src/main.cpp:12:5: error: 'nope' was not declared in this scope\n"
                             "/p/src/main.cpp:13:1: error: second\n";
  auto error = compiler_error(output);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), ExitCode::tool);
  EXPECT_EQ(error->location().file, "/p/src/main.cpp");
  EXPECT_EQ(error->location().line, 12);
  EXPECT_EQ(error->location().column, 5);
  EXPECT_NE(error->message().find("'nope' was not declared"), std::string::npos);
  EXPECT_FALSE(compiler_error("ld: undefined reference to `x'\n"));
}

} // namespace
} // namespace weft::cli

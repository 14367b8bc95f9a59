// A stand-in for the context `weft build` will generate for examples/hello
// (issue 5), so that the example's main.cpp compiles and runs against the
// real runtime today: the manifest, ui/ and the acl.json of `weft check -p
// examples/hello --debug`, read from the source tree at start-up.
#include "context_builder.hpp"

#include <filesystem>

namespace weft {

const Context& context() {
  static test::ContextBuilder builder;
  static const Context& built = []() -> const Context& {
    const std::filesystem::path app = std::filesystem::path(WEFT_SOURCE_DIR) / "examples/hello";
    builder.config(test::ContextBuilder::read(app / "weft.conf.json"))
        .csp("default-src 'self'; img-src 'self' data:")
        .assets_from(app / "ui", Compression::zstd);
    if (std::filesystem::exists(app / "target/debug/gen/acl.json"))
      builder.acl(test::ContextBuilder::read(app / "target/debug/gen/acl.json"));
    return builder.build();
  }();
  return built;
}

} // namespace weft

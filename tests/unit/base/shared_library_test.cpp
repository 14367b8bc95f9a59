#include <weft/base/shared_library.hpp>

#include <gtest/gtest.h>

#include <cstring>

namespace weft {
namespace {

TEST(SharedLibrary, ResolvesFromTheFirstSonameFound) {
  Result<SharedLibrary> libc = SharedLibrary::open({"libweft-no-such.so.9", "libc.so.6"}, "libc", "libc6");
  ASSERT_TRUE(libc) << libc.error().message();
  std::size_t (*length)(const char*) = nullptr;
  ASSERT_TRUE(libc->resolve("strlen", length));
  EXPECT_EQ(length("weft"), 4u);
  int (*missing)() = nullptr;
  EXPECT_FALSE(libc->resolve("weft_no_such_function", missing));
  EXPECT_EQ(missing, nullptr);
}

TEST(SharedLibrary, MissingLibraryIsAToolErrorWithAnInstallHint) {
  Result<SharedLibrary> library = SharedLibrary::open({"libweft-no-such.so.9"}, "libnosuch", "libnosuch9");
  ASSERT_FALSE(library);
  EXPECT_EQ(library.error().code(), ExitCode::tool);
  EXPECT_NE(library.error().message().find("libweft-no-such.so.9"), std::string::npos);
  EXPECT_NE(library.error().hint().find("apt-get install libnosuch9"), std::string::npos);
}

} // namespace
} // namespace weft

#include <weft/base/hex.hpp>

#include <gtest/gtest.h>

#include <array>

namespace weft {
namespace {

TEST(Hex, Lowercase) {
  const std::array<unsigned char, 4> bytes{0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(hex_lower(bytes), "000fa0ff");
  EXPECT_EQ(hex_lower({}), "");
}

} // namespace
} // namespace weft

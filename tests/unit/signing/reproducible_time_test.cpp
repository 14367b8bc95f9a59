#include <weft/signing/reproducible_time.hpp>

#include <gtest/gtest.h>

namespace weft::signing {
namespace {

TEST(ReproducibleTime, Rfc3339Formatting) {
  EXPECT_EQ(rfc3339_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(rfc3339_utc(1729598400), "2024-10-22T12:00:00Z");
  EXPECT_EQ(rfc3339_utc(1709251199), "2024-02-29T23:59:59Z");
  EXPECT_EQ(rfc3339_utc(4102444800), "2100-01-01T00:00:00Z");
}

TEST(ReproducibleTime, Rfc3339Parsing) {
  EXPECT_EQ(parse_rfc3339("2024-10-22T12:00:00Z"), 1729598400);
  EXPECT_EQ(parse_rfc3339("2024-10-22T12:00:00.123Z"), 1729598400);
  EXPECT_EQ(parse_rfc3339("1999-12-31T23:00:00-05:00"), 946699200);
  EXPECT_EQ(parse_rfc3339("2024-10-22T14:00:00+02:00"), 1729598400);
  for (int64_t t : {int64_t{0}, int64_t{951782400}, int64_t{1709251199}, int64_t{253402300799}})
    EXPECT_EQ(parse_rfc3339(rfc3339_utc(t)), t);
  for (const char* bad : {"", "2024-10-22", "2024-10-22T12:00:00", "2024-13-01T00:00:00Z", "2024-10-22T12:00:00+0200",
                          "2024-10-22T12:00:00Zjunk", "24-10-22T12:00:00Z"})
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
}

TEST(ReproducibleTime, SourceDateEpoch) {
  EXPECT_FALSE(*parse_source_date_epoch(nullptr));
  EXPECT_FALSE(*parse_source_date_epoch(""));
  EXPECT_EQ(*parse_source_date_epoch("1729598400"), 1729598400);
  EXPECT_FALSE(parse_source_date_epoch("yesterday"));
  EXPECT_FALSE(parse_source_date_epoch("-5"));
  EXPECT_FALSE(parse_source_date_epoch("12 "));
}

} // namespace
} // namespace weft::signing

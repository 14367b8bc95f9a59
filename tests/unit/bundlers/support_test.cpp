// The XML template filler.
#include "template_text.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace weft::bundlers {
namespace {

TEST(Template, FillsPlaceholders) {
  EXPECT_EQ(fill_template("a {{x}} b {{y}}{{x}}", {{"x", "1"}, {"y", ""}}), "a 1 b 1");
  EXPECT_THROW(fill_template("{{missing}}", {}), std::logic_error);
  EXPECT_THROW(fill_template("no placeholder", {{"x", "1"}}), std::logic_error);
  EXPECT_THROW(fill_template("{{open", {}), std::logic_error);
}

TEST(Template, AndroidTemplatesAreEmbedded) {
  EXPECT_NE(embedded::icon_android_launcher_xml().find("<adaptive-icon"), std::string_view::npos);
  EXPECT_NE(embedded::icon_android_launcher_background_xml().find("{{color}}"), std::string_view::npos);
}

} // namespace
} // namespace weft::bundlers

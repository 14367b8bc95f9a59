// parallel_for and the XML template filler.
#include "parallel.hpp"
#include "template_text.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

namespace weft::bundlers {
namespace {

TEST(ParallelFor, RunsEveryIndexOnce) {
  for (unsigned threads : {0u, 1u, 3u, 16u}) {
    std::vector<std::atomic<int>> hits(100);
    parallel_for(hits.size(), threads, [&](std::size_t i) { ++hits[i]; });
    for (const auto& h : hits) EXPECT_EQ(h.load(), 1);
  }
  parallel_for(0, 4, [](std::size_t) { FAIL(); });
}

TEST(ParallelFor, RethrowsAndStillFinishesTheRest) {
  std::atomic<int> done{0};
  EXPECT_THROW(parallel_for(20, 4,
                            [&](std::size_t i) {
                              if (i == 3) throw std::runtime_error("boom");
                              ++done;
                            }),
               std::runtime_error);
  EXPECT_EQ(done.load(), 19);
}

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

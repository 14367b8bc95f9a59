#include <weft/base/interrupt.hpp>
#include <weft/base/parallel.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <stdexcept>
#include <vector>

namespace weft {
namespace {

TEST(ParallelFor, RunsEveryIndexOnce) {
  for (unsigned threads : {0u, 1u, 3u, 16u}) {
    std::vector<std::atomic<int>> hits(100);
    ASSERT_TRUE(parallel_for(hits.size(), threads, [&](std::size_t i) -> Result<void> {
      ++hits[i];
      return {};
    }));
    for (const auto& h : hits) EXPECT_EQ(h.load(), 1);
  }
  EXPECT_TRUE(parallel_for(0, 4, [](std::size_t) -> Result<void> {
    ADD_FAILURE();
    return {};
  }));
}

TEST(ParallelFor, StopsAtTheFirstErrorAndReturnsIt) {
  std::atomic<int> started{0};
  Result<void> result = parallel_for(1000, 4, [&](std::size_t i) -> Result<void> {
    ++started;
    if (i == 3) return fail(Error::input("task 3 failed"));
    return {};
  });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "task 3 failed");
  EXPECT_LT(started.load(), 1000);
}

TEST(ParallelFor, RethrowsATasksException) {
  EXPECT_THROW((void)parallel_for(20, 4,
                                  [&](std::size_t i) -> Result<void> {
                                    if (i == 3) throw std::runtime_error("boom");
                                    return {};
                                  }),
               std::runtime_error);
}

TEST(ParallelFor, StartsNothingOnceInterrupted) {
  install_interrupt_handlers();
  clear_interrupted();
  ::raise(SIGINT);
  ASSERT_TRUE(interrupted());
  std::atomic<int> started{0};
  Result<void> result = parallel_for(10, 2, [&](std::size_t) -> Result<void> {
    ++started;
    return {};
  });
  clear_interrupted();
  ASSERT_FALSE(result);
  EXPECT_EQ(started.load(), 0);
}

} // namespace
} // namespace weft

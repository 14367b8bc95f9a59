#include "parallel.hpp"

#include <weft/base/interrupt.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace weft::cli {

Result<void> parallel_for(std::size_t count, const std::function<Result<void>(std::size_t)>& task) {
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::optional<Error> first_error;
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) {
      if (interrupted()) return;
      auto result = task(i);
      if (!result) {
        std::lock_guard lock(mutex);
        if (!first_error) first_error = std::move(result).error();
        next = count;
        return;
      }
    }
  };
  const std::size_t threads =
      std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, std::max<std::size_t>(count, 1));
  {
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }
  if (first_error) return fail(std::move(*first_error));
  if (interrupted()) return fail(Error::interrupted());
  return {};
}

} // namespace weft::cli

#include <weft/base/interrupt.hpp>
#include <weft/base/parallel.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace weft {

Result<void> parallel_for(std::size_t count, unsigned threads, const std::function<Result<void>(std::size_t)>& task) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(count, 1)));
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::optional<Error> first_error;
  std::exception_ptr first_exception;
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) {
      if (interrupted()) return;
      try {
        if (Result<void> done = task(i); !done) {
          std::lock_guard lock(mutex);
          if (!first_error && !first_exception) first_error = std::move(done).error();
          next = count;
          return;
        }
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!first_error && !first_exception) first_exception = std::current_exception();
        next = count;
        return;
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }
  if (first_exception) std::rethrow_exception(first_exception);
  if (first_error) return fail(std::move(*first_error));
  if (interrupted()) return fail(Error::interrupted());
  return {};
}

} // namespace weft

#pragma once

#include <weft/base/error.hpp>

#include <cstddef>
#include <functional>

namespace weft {

// Runs task(0) … task(count - 1) on up to `threads` threads (0: one per
// core), the calling thread among them, each taking the next index in order:
// put the costliest tasks first. After the first error, or Ctrl-C
// (Error::interrupted()), no further task starts and that error is returned
// once the running ones have ended; an exception a task throws is rethrown
// here the same way.
Result<void> parallel_for(std::size_t count, unsigned threads, const std::function<Result<void>(std::size_t)>& task);

} // namespace weft

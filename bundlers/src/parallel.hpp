#pragma once

#include <cstddef>
#include <functional>

namespace weft::bundlers {

// Runs task(0) … task(count - 1) on up to `threads` std::jthreads (0: one per
// core), each thread taking the next index in order: put the costliest
// tasks first. Returns when all are done; the first exception a task threw is
// rethrown here.
void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task);

} // namespace weft::bundlers

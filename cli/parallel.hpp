#pragma once

#include <weft/base/error.hpp>

#include <cstddef>
#include <functional>

namespace weft::cli {

// Runs task(0) … task(count - 1) on one thread per core, each taking the
// next index in order (put the costliest first). Stops handing out work at
// the first error, which it returns, or at Ctrl-C (Error::interrupted()).
Result<void> parallel_for(std::size_t count, const std::function<Result<void>(std::size_t)>& task);

} // namespace weft::cli

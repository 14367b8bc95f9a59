#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/archive_writer.hpp>

#include <functional>
#include <memory>
#include <string_view>

namespace weft::bundlers {

// Where compressed bytes go, in order.
using ByteSink = std::function<Result<void>(std::string_view)>;

// A compressor fed in pieces of any size. Output depends only on the input,
// the codec and the level, never on the number of threads or the timing:
// gzip is cut into 1 MiB members compressed in parallel (libdeflate; a block
// that does not compress is stored, one that only entropy coding shrinks is
// coded as literals, see literal_gzip.hpp), zstd runs libzstd's workers with
// a fixed job size. Memory stays bounded whatever the input size.
class StreamCompressor {
public:
  virtual ~StreamCompressor() = default;
  virtual Result<void> write(std::string_view data) = 0;
  virtual Result<void> finish() = 0;
};

// Compression::gzip or Compression::zstd; `threads` >= 1.
std::unique_ptr<StreamCompressor> make_stream_compressor(Compression compression, int level, unsigned threads,
                                                         ByteSink sink);

} // namespace weft::bundlers

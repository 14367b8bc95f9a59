#include "stream_compressor.hpp"

#include "literal_gzip.hpp"

#include <fmt/format.h>
#include <libdeflate.h>
#include <zstd.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace weft::bundlers {

namespace {

constexpr size_t k_gzip_block = size_t{1} << 20;
constexpr size_t k_probe = size_t{64} << 10;
// A block whose probe and literal coding both keep more than this share of
// its size is treated as incompressible (media, archives, random data).
constexpr double k_store_ratio = 0.97;
// Literal coding is chosen while the probe's matches save less than this
// share of the size: on random printable text level 1 finds 3-byte matches
// worth 0.1 %, which level 6 then loses again in its block choices.
constexpr double k_literal_margin = 0.005;

struct DeflateFree {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};
using Deflater = std::unique_ptr<libdeflate_compressor, DeflateFree>;

std::string deflate_block(libdeflate_compressor* compressor, std::string_view in) {
  std::string out(libdeflate_gzip_compress_bound(compressor, in.size()), '\0');
  out.resize(libdeflate_gzip_compress(compressor, in.data(), in.size(), out.data(), out.size()));
  // OS byte "Unix", as gzip -n writes it; the mtime field stays 0.
  if (out.size() > 9) out[9] = 3;
  return out;
}

// One block as a gzip member, coded the cheapest way that is about as small
// as `deflater`'s level: stored when neither a fast LZ77 probe of its start
// nor literal-only Huffman coding shrinks it (media, archives, random bytes),
// literal-only when the probe's matches barely beat that (text without
// repeats, where match search costs time and gains nothing), else deflated
// at the level.
std::string compress_block(std::string_view in, libdeflate_compressor* deflater, libdeflate_compressor* prober,
                           libdeflate_compressor* storer) {
  if (in.size() < k_probe) return deflate_block(deflater, in);
  std::string probe_out(libdeflate_gzip_compress_bound(prober, k_probe), '\0');
  const size_t probe = libdeflate_gzip_compress(prober, in.data(), k_probe, probe_out.data(), probe_out.size());
  const double probe_ratio = probe == 0 ? 1.0 : static_cast<double>(probe) / static_cast<double>(k_probe);
  LiteralGzip literal(in);
  const double literal_ratio = static_cast<double>(literal.encoded_size()) / static_cast<double>(in.size());
  if (std::min(probe_ratio, literal_ratio) > k_store_ratio) return deflate_block(storer, in);
  if (literal_ratio <= probe_ratio + k_literal_margin) return literal.encode();
  return deflate_block(deflater, in);
}

// One gzip member per block. Blocks are compressed by worker threads and
// written in order by the thread that feeds the compressor.
class ParallelGzip final : public StreamCompressor {
public:
  ParallelGzip(int level, unsigned threads, ByteSink sink) : m_level(level), m_sink(std::move(sink)) {
    m_limit = 2 * threads + 1;
    for (unsigned i = 0; i < threads; ++i) m_workers.emplace_back([this] { work(); });
  }

  ~ParallelGzip() override {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_wake.notify_all();
    for (std::thread& t : m_workers) t.join();
  }

  Result<void> write(std::string_view data) override {
    while (!data.empty()) {
      if (m_current.empty()) m_current.reserve(k_gzip_block);
      const size_t take = std::min(data.size(), k_gzip_block - m_current.size());
      m_current.append(data.substr(0, take));
      data.remove_prefix(take);
      if (m_current.size() == k_gzip_block) WEFT_TRY(submit());
    }
    return {};
  }

  Result<void> finish() override {
    if (!m_current.empty() || !m_any) WEFT_TRY(submit());
    while (!m_jobs.empty()) WEFT_TRY(emit_front());
    return {};
  }

private:
  struct Job {
    std::string in, out;
    bool started = false, done = false;
  };

  Result<void> submit() {
    m_any = true;
    auto job = std::make_shared<Job>();
    job->in = std::move(m_current);
    m_current.clear();
    {
      std::lock_guard lock(m_mutex);
      m_jobs.push_back(job);
    }
    m_wake.notify_one();
    while (m_jobs.size() > m_limit || (!m_jobs.empty() && is_done(*m_jobs.front()))) WEFT_TRY(emit_front());
    return {};
  }

  bool is_done(const Job& job) {
    std::lock_guard lock(m_mutex);
    return job.done;
  }

  Result<void> emit_front() {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(m_mutex);
      m_finished.wait(lock, [&] { return m_jobs.front()->done; });
      job = m_jobs.front();
      m_jobs.pop_front();
    }
    return m_sink(job->out);
  }

  void work() {
    Deflater deflater(libdeflate_alloc_compressor(m_level));
    Deflater prober(libdeflate_alloc_compressor(1));
    Deflater storer(libdeflate_alloc_compressor(0));
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [&] {
          if (m_stop) return true;
          for (auto& j : m_jobs)
            if (!j->started) return true;
          return false;
        });
        if (m_stop) return;
        for (auto& j : m_jobs)
          if (!j->started) {
            j->started = true;
            job = j;
            break;
          }
      }
      std::string out = compress_block(job->in, deflater.get(), prober.get(), storer.get());
      {
        std::lock_guard lock(m_mutex);
        job->out = std::move(out);
        job->in = std::string();
        job->done = true;
      }
      m_finished.notify_all();
    }
  }

  int m_level;
  ByteSink m_sink;
  size_t m_limit = 3;
  std::string m_current;
  bool m_any = false;
  std::mutex m_mutex;
  std::condition_variable m_wake, m_finished;
  std::deque<std::shared_ptr<Job>> m_jobs;
  bool m_stop = false;
  std::vector<std::thread> m_workers;
};

class ZstdStream final : public StreamCompressor {
public:
  ZstdStream(int level, unsigned threads, ByteSink sink) : m_sink(std::move(sink)) {
    m_ctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(m_ctx, ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setParameter(m_ctx, ZSTD_c_checksumFlag, 1);
    // With one worker or more the frame is the same whatever their number;
    // a fixed job size keeps memory at a few jobs per worker.
    ZSTD_CCtx_setParameter(m_ctx, ZSTD_c_nbWorkers, static_cast<int>(threads));
    ZSTD_CCtx_setParameter(m_ctx, ZSTD_c_jobSize, 2 << 20);
    m_out.resize(ZSTD_CStreamOutSize());
  }
  ~ZstdStream() override { ZSTD_freeCCtx(m_ctx); }

  Result<void> write(std::string_view data) override { return run(data, ZSTD_e_continue); }
  Result<void> finish() override { return run({}, ZSTD_e_end); }

private:
  Result<void> run(std::string_view data, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in{data.data(), data.size(), 0};
    for (;;) {
      ZSTD_outBuffer out{m_out.data(), m_out.size(), 0};
      size_t left = ZSTD_compressStream2(m_ctx, &out, &in, mode);
      if (ZSTD_isError(left))
        return fail(Error(ExitCode::tool, fmt::format("zstd: {}", ZSTD_getErrorName(left))));
      if (out.pos > 0) WEFT_TRY(m_sink(std::string_view(m_out.data(), out.pos)));
      if (mode == ZSTD_e_end ? left == 0 : in.pos == in.size) return {};
    }
  }

  ZSTD_CCtx* m_ctx = nullptr;
  ByteSink m_sink;
  std::vector<char> m_out;
};

} // namespace

std::unique_ptr<StreamCompressor> make_stream_compressor(Compression compression, int level, unsigned threads,
                                                         ByteSink sink) {
  if (compression == Compression::gzip) return std::make_unique<ParallelGzip>(level, threads, std::move(sink));
  return std::make_unique<ZstdStream>(level, threads, std::move(sink));
}

} // namespace weft::bundlers

// Compresses every file named on stdin (one path a line) on its own with
// zstd and brotli at several levels, in memory on one thread, and prints the
// total compressed size and the compression and decompression times.
#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zstd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using Clock = std::chrono::steady_clock;

static double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

int main() {
  std::vector<std::string> files;
  size_t total = 0;
  for (std::string path; std::getline(std::cin, path);) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    files.push_back(s.str());
    total += files.back().size();
  }
  std::printf("corpus: %zu files, %zu bytes\n", files.size(), total);
  for (int level : {3, 6, 9, 12, 19}) {
    std::vector<std::string> out(files.size());
    auto t = Clock::now();
    size_t size = 0;
    for (size_t i = 0; i < files.size(); ++i) {
      out[i].resize(ZSTD_compressBound(files[i].size()));
      out[i].resize(ZSTD_compress(out[i].data(), out[i].size(), files[i].data(), files[i].size(), level));
      size += out[i].size();
    }
    double c = ms_since(t);
    t = Clock::now();
    std::string back;
    for (size_t i = 0; i < files.size(); ++i) {
      back.resize(files[i].size());
      ZSTD_decompress(back.data(), back.size(), out[i].data(), out[i].size());
    }
    std::printf("zstd -%-2d     %10zu bytes (%5.1f%%)  compress %8.1f ms  decompress %6.1f ms\n", level, size,
                100.0 * size / total, c, ms_since(t));
  }
  for (int quality : {5, 9, 11}) {
    std::vector<std::string> out(files.size());
    auto t = Clock::now();
    size_t size = 0;
    for (size_t i = 0; i < files.size(); ++i) {
      size_t n = BrotliEncoderMaxCompressedSize(files[i].size());
      out[i].resize(n);
      BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, files[i].size(),
                            reinterpret_cast<const uint8_t*>(files[i].data()), &n,
                            reinterpret_cast<uint8_t*>(out[i].data()));
      out[i].resize(n);
      size += n;
    }
    double c = ms_since(t);
    t = Clock::now();
    std::string back;
    for (size_t i = 0; i < files.size(); ++i) {
      back.resize(files[i].size());
      size_t n = back.size();
      BrotliDecoderDecompress(out[i].size(), reinterpret_cast<const uint8_t*>(out[i].data()), &n,
                              reinterpret_cast<uint8_t*>(back.data()));
    }
    std::printf("brotli -q%-2d  %10zu bytes (%5.1f%%)  compress %8.1f ms  decompress %6.1f ms\n", quality, size,
                100.0 * size / total, c, ms_since(t));
  }
}

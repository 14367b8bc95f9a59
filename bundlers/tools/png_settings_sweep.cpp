// Measures PNG encoder settings on the images of a real icon set: for each
// libdeflate level and row filter, the total size of the set and the CPU
// time to encode it. Each distinct image of the default set is encoded once,
// as `weft icon` does (iOS ones opaque, as RGB).
// Usage: weft_png_settings_sweep IMAGE [REPEATS]
#include <weft/bundlers/icon_compose.hpp>
#include <weft/bundlers/icon_set.hpp>
#include <weft/bundlers/icon_source.hpp>
#include <weft/bundlers/png_codec.hpp>
#include <weft/bundlers/srgb.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <set>
#include <vector>

using namespace weft::bundlers;

namespace {

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s IMAGE [REPEATS]\n", argv[0]);
    return 2;
  }
  const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  auto source = IconSource::load(argv[1]);
  if (!source) {
    std::fprintf(stderr, "%s\n", source.error().headline().c_str());
    return 1;
  }
  std::set<std::pair<int, bool>> wanted; // size, opaque
  for (const PlannedFile& file : plan_icon_set({}))
    for (const ImageSpec& spec : file.images)
      if (spec.size > 0) wanted.insert({spec.size, spec.look == Look::opaque});
  std::vector<std::pair<Rgba8Image, PngChannels>> images;
  for (const auto& [size, opaque] : wanted) {
    auto drawn = source->render(size, place(source->whole(), {0, 0, size, size}, Fit::none, size));
    if (!drawn) return 1;
    Rgba8Image rgba = to_rgba8(*drawn);
    if (opaque) images.emplace_back(flatten(rgba, {255, 255, 255, 255}), PngChannels::rgb);
    else images.emplace_back(std::move(rgba), PngChannels::rgba);
  }
  struct Named {
    const char* name;
    PngFilter filter;
  };
  const Named filters[] = {{"none", PngFilter::none},
                           {"paeth", PngFilter::paeth},
                           {"adaptive", PngFilter::adaptive},
                           {"smallest of none/adaptive", PngFilter::smallest}};
  std::printf("%zu distinct images from %s\n\n", images.size(), argv[1]);
  std::printf("| level | filter | total bytes | encode CPU ms (best of %d, 1 thread) |\n", repeats);
  std::printf("|---|---|---|---|\n");
  for (int level = 1; level <= 12; ++level) {
    for (const Named& f : filters) {
      std::size_t total = 0;
      double best = 1e30;
      for (int r = 0; r < repeats; ++r) {
        total = 0;
        const double start = thread_cpu_ms();
        for (const auto& [image, channels] : images) total += encode_png(image, channels, {level, f.filter})->size();
        best = std::min(best, thread_cpu_ms() - start);
      }
      std::printf("| %d | %s | %zu | %.0f |\n", level, f.name, total, best);
      std::fflush(stdout);
    }
  }
  return 0;
}

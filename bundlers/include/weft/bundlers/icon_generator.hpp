#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/icon_set.hpp>
#include <weft/bundlers/placement.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace weft::bundlers {

// Raster sources smaller than this are refused; smaller than the
// recommended size they are accepted with a warning (large icons would be
// upscaled, hence blurry). SVG sources have no such limit.
inline constexpr int k_icon_min_source = 16;
inline constexpr int k_icon_recommended_source = 1024;

struct IconRequest {
  std::filesystem::path input;   // a PNG, an SVG, or a JSON icon manifest (.json)
  std::vector<int> png_sizes;    // non-empty: only NxN.png files of these sizes
  std::string ios_color = "#fff"; // CSS colour under iOS icons (the manifest's bg_color wins)
  Fit fit = Fit::none;
  unsigned threads = 0;          // 0: one per core
};

struct GeneratedFile {
  std::string path; // relative to the output folder, '/'-separated
  IconFormat format = IconFormat::png;
  Platform platform = Platform::desktop;
  std::vector<int> sizes; // pixel size of each image it holds, in order
  std::string bytes;
};

struct GeneratedIcons {
  std::vector<GeneratedFile> files;
  std::vector<Error> warnings;
};

// Reads the inputs, then draws, finishes and encodes every output in memory
// (images in parallel, each drawn once however many files hold it). Writes
// nothing: a failure leaves no trace, and the caller writes all or nothing.
Result<GeneratedIcons> generate_icons(const IconRequest& request);

} // namespace weft::bundlers

#include <weft/base/parallel.hpp>
#include <weft/bundlers/css_color.hpp>
#include <weft/bundlers/icns_writer.hpp>
#include <weft/bundlers/ico_writer.hpp>
#include <weft/bundlers/icon_compose.hpp>
#include <weft/bundlers/icon_generator.hpp>
#include <weft/bundlers/icon_manifest.hpp>
#include <weft/bundlers/icon_source.hpp>
#include <weft/bundlers/png_codec.hpp>
#include <weft/bundlers/srgb.hpp>

#include "template_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace weft::bundlers {

namespace {

// Android's legacy launcher icons, as Tauri draws them: the square one inset
// by 1/12 of its side with corners of that radius, the round one a circle
// inset by 4 %.
constexpr double k_launcher_square_inset = 0.0833;
constexpr double k_launcher_round_inset = 0.04;

struct Sources {
  IconSource app;
  std::optional<IconSource> foreground; // android_fg, else app
  std::optional<IconSource> background;
  std::optional<IconSource> monochrome;
  std::optional<double> foreground_scale; // percent, with a background only
  SourceRect foreground_bounds;
  Fit fit = Fit::none;
  Color ios_background;
  Color android_background;

  const IconSource& layer(Layer l) const {
    switch (l) {
      case Layer::app: return app;
      case Layer::android_foreground: return foreground ? *foreground : app;
      case Layer::android_background: return background ? *background : app;
      case Layer::android_monochrome: return monochrome ? *monochrome : app;
    }
    return app;
  }
};

bool has_json_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](char c) { return static_cast<char>(c | 0x20); });
  return ext == ".json";
}

std::string format_size(double w, double h) { return fmt::format("{}×{}", w, h); }

// Loads one input and checks that weft can make icons of it.
Result<IconSource> load_source(const std::filesystem::path& path, Fit fit, std::vector<Error>& warnings) {
  WEFT_TRY_ASSIGN(IconSource source, IconSource::load(path));
  const Location where{path.string(), 0, 0, {}, {}};
  const double w = source.width();
  const double h = source.height();
  if (w != h && fit == Fit::none)
    return fail(Error::at(where, fmt::format("the image is {}, not square: pass --fit cover (crop) or --fit contain "
                                             "(pad) to use it",
                                             format_size(w, h))));
  if (source.kind() == IconSource::Kind::raster) {
    const double side = std::min(w, h);
    if (side < k_icon_min_source)
      return fail(Error::at(where, fmt::format("the image is {}, too small for icons (at least {}×{}, ideally {}×{})",
                                               format_size(w, h), k_icon_min_source, k_icon_min_source,
                                               k_icon_recommended_source, k_icon_recommended_source)));
    if (side < k_icon_recommended_source)
      warnings.push_back(Error::at(where, fmt::format("the image is {}: larger icons are upscaled and blurry; use "
                                                      "{}×{} or an SVG",
                                                      format_size(w, h), k_icon_recommended_source,
                                                      k_icon_recommended_source))
                             .with_severity(Severity::warning));
  }
  return source;
}

Result<Color> parse_color_option(const std::string& text, std::string_view what) {
  Result<Color> color = parse_css_color(text);
  if (!color) return fail(Error::input(fmt::format("{}: {}", what, color.error().message())));
  return color;
}

Result<Sources> load_sources(const IconRequest& request, std::vector<Error>& warnings) {
  std::string bg_color = request.ios_color;
  std::string bg_what = "--ios-color";
  if (!has_json_extension(request.input)) {
    WEFT_TRY_ASSIGN(IconSource app, load_source(request.input, request.fit, warnings));
    Sources s{std::move(app), {}, {}, {}, {}, {}, request.fit, {}, {}};
    WEFT_TRY_ASSIGN(s.ios_background, parse_color_option(bg_color, bg_what));
    s.android_background = s.ios_background;
    return s;
  }
  WEFT_TRY_ASSIGN(IconManifest manifest, load_icon_manifest(request.input));
  WEFT_TRY_ASSIGN(IconSource app, load_source(manifest.default_image, request.fit, warnings));
  Sources s{std::move(app), {}, {}, {}, {}, {}, request.fit, {}, {}};
  if (manifest.android_fg) {
    WEFT_TRY_ASSIGN(s.foreground, load_source(*manifest.android_fg, request.fit, warnings));
  }
  if (manifest.android_bg) {
    WEFT_TRY_ASSIGN(s.background, load_source(*manifest.android_bg, request.fit, warnings));
    s.foreground_scale = manifest.android_fg_scale;
  }
  if (manifest.android_monochrome) {
    WEFT_TRY_ASSIGN(s.monochrome, load_source(*manifest.android_monochrome, request.fit, warnings));
  }
  if (manifest.bg_color) {
    bg_color = *manifest.bg_color;
    bg_what = fmt::format("{}: bg_color", request.input.string());
  }
  WEFT_TRY_ASSIGN(s.ios_background, parse_color_option(bg_color, bg_what));
  s.android_background = s.ios_background;
  if (s.foreground_scale) {
    WEFT_TRY_ASSIGN(s.foreground_bounds, s.layer(Layer::android_foreground).content_bounds());
  }
  return s;
}

Result<Rgba8Image> draw_plain(const IconSource& source, Fit fit, int size, const PixelRect& area) {
  return source.render_rgba8(size, place(source.whole(), area, fit, size));
}

// Android's legacy launcher icons: the app icon (or the foreground over the
// background) inset and masked to a rounded square or a circle.
Result<Rgba8Image> draw_launcher(const Sources& s, const ImageSpec& spec) {
  const bool round = spec.look == Look::launcher_round;
  const int size = spec.size;
  const int margin =
      static_cast<int>(std::lround(size * (round ? k_launcher_round_inset : k_launcher_square_inset)));
  const int inner = size - 2 * margin;
  const PixelRect area{margin, margin, inner, inner};
  Rgba8Image out;
  if (s.background) {
    WEFT_TRY_ASSIGN(out, draw_plain(*s.background, s.fit, size, area));
    const IconSource& fg = s.layer(Layer::android_foreground);
    Placement placement = place(fg.whole(), area, s.fit, size);
    if (s.foreground_scale) {
      const int side = static_cast<int>(std::lround(inner * *s.foreground_scale / 100.0));
      const PixelRect square{margin + (inner - side) / 2, margin + (inner - side) / 2, side, side};
      placement = place(s.foreground_bounds, square, Fit::contain, size);
    }
    WEFT_TRY_ASSIGN(Image top, fg.render(size, placement));
    composite_over(to_rgba8(top), out);
  } else {
    WEFT_TRY_ASSIGN(out, draw_plain(s.app, s.fit, size, area));
  }
  mask_rounded_rect(out, area, round ? inner / 2.0 : margin);
  return out;
}

// One image, drawn, finished and encoded as PNG.
Result<std::string> draw(const Sources& s, const ImageSpec& spec) {
  const PixelRect full{0, 0, spec.size, spec.size};
  switch (spec.look) {
    case Look::plain: {
      WEFT_TRY_ASSIGN(Rgba8Image image, draw_plain(s.layer(spec.layer), s.fit, spec.size, full));
      return encode_png(image, PngChannels::rgba);
    }
    case Look::opaque: {
      WEFT_TRY_ASSIGN(Rgba8Image image, draw_plain(s.layer(spec.layer), s.fit, spec.size, full));
      return encode_png(flatten(image, s.ios_background), PngChannels::rgb);
    }
    case Look::launcher_square:
    case Look::launcher_round: {
      WEFT_TRY_ASSIGN(Rgba8Image image, draw_launcher(s, spec));
      return encode_png(image, PngChannels::rgba);
    }
    case Look::adaptive_icon:
    case Look::background_color: break;
  }
  return fail(Error::input("not an image")); // unreachable: XML is not drawn
}

std::string make_xml(const Sources& s, Look look) {
  if (look == Look::background_color)
    return fill_template(embedded::icon_android_launcher_background_xml(),
                         {{"color", android_color(s.android_background)}});
  return fill_template(
      embedded::icon_android_launcher_xml(),
      {{"background", s.background ? "@mipmap/ic_launcher_background" : "@color/ic_launcher_background"},
       {"monochrome", s.monochrome ? embedded::icon_android_launcher_monochrome_xml() : std::string_view()}});
}

bool is_image(const ImageSpec& spec) { return spec.look != Look::adaptive_icon && spec.look != Look::background_color; }

} // namespace

Result<GeneratedIcons> generate_icons(const IconRequest& request) {
  GeneratedIcons result;
  for (int size : request.png_sizes)
    if (size < 1 || size > k_custom_png_max)
      return fail(Error::usage(fmt::format("--png: {} is not a size from 1 to {}", size, k_custom_png_max)));

  WEFT_TRY_ASSIGN(Sources sources, load_sources(request, result.warnings));
  const std::vector<PlannedFile> plan = plan_icon_set(
      {sources.background.has_value(), sources.monochrome.has_value(), request.png_sizes});
  for (const PlannedFile& file : plan)
    for (const ImageSpec& spec : file.images)
      if (spec.look == Look::opaque && sources.ios_background.a != 255)
        return fail(Error::input(fmt::format("the iOS background colour {} is not opaque; iOS icons cannot be "
                                             "transparent",
                                             android_color(sources.ios_background))));

  // Each distinct image once, largest first (they take longest).
  std::vector<ImageSpec> specs;
  for (const PlannedFile& file : plan)
    for (const ImageSpec& spec : file.images)
      if (is_image(spec)) specs.push_back(spec);
  std::sort(specs.begin(), specs.end(), [](const ImageSpec& a, const ImageSpec& b) {
    return a.size != b.size ? a.size > b.size : a < b;
  });
  specs.erase(std::unique(specs.begin(), specs.end()), specs.end());

  std::vector<std::optional<Result<std::string>>> encoded(specs.size());
  WEFT_TRY(parallel_for(specs.size(), request.threads, [&](std::size_t i) -> Result<void> {
    encoded[i] = draw(sources, specs[i]);
    return {};
  }));
  std::map<ImageSpec, const std::string*> png_of;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (!*encoded[i]) return fail(std::move(*encoded[i]).error());
    png_of[specs[i]] = &**encoded[i];
  }

  for (const PlannedFile& file : plan) {
    GeneratedFile out{file.path, file.format, file.platform, {}, {}};
    for (const ImageSpec& spec : file.images)
      if (is_image(spec)) out.sizes.push_back(spec.size);
    switch (file.format) {
      case IconFormat::png: out.bytes = *png_of.at(file.images.front()); break;
      case IconFormat::xml: out.bytes = make_xml(sources, file.images.front().look); break;
      case IconFormat::ico: {
        std::vector<IcoFrame> frames;
        for (const ImageSpec& spec : file.images) frames.push_back({spec.size, *png_of.at(spec)});
        WEFT_TRY_ASSIGN(out.bytes, write_ico(frames));
        break;
      }
      case IconFormat::icns: {
        std::vector<IcnsEntry> entries;
        for (std::size_t i = 0; i < file.images.size(); ++i)
          entries.push_back({file.icns_types[i], *png_of.at(file.images[i])});
        WEFT_TRY_ASSIGN(out.bytes, write_icns(entries));
        break;
      }
    }
    result.files.push_back(std::move(out));
  }
  return result;
}

} // namespace weft::bundlers

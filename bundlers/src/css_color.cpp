#include <weft/bundlers/css_color.hpp>

#include "css_color_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <vector>

namespace weft::bundlers {

namespace {

Error bad_color(std::string_view text, std::string_view why) {
  return Error::input(fmt::format("`{}` is not a CSS colour: {}", text, why));
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<Color> parse_hex(std::string_view digits) {
  std::vector<int> v;
  for (char c : digits) {
    const int d = hex_digit(c);
    if (d < 0) return std::nullopt;
    v.push_back(d);
  }
  auto channel = [&](std::size_t i, std::size_t width) {
    return static_cast<std::uint8_t>(width == 1 ? v[i] * 17 : v[i * 2] * 16 + v[i * 2 + 1]);
  };
  switch (v.size()) {
    case 3: return Color{channel(0, 1), channel(1, 1), channel(2, 1), 255};
    case 4: return Color{channel(0, 1), channel(1, 1), channel(2, 1), channel(3, 1)};
    case 6: return Color{channel(0, 2), channel(1, 2), channel(2, 2), 255};
    case 8: return Color{channel(0, 2), channel(1, 2), channel(2, 2), channel(3, 2)};
    default: return std::nullopt;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// One component: a number, or a percentage of `full`.
std::optional<double> parse_component(std::string_view token, double full) {
  const bool percent = token.ends_with('%');
  if (percent) token.remove_suffix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size() || !std::isfinite(value)) return std::nullopt;
  return percent ? value / 100.0 * full : value;
}

std::uint8_t to_byte(double v, double full) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, full) / full * 255.0));
}

// rgb(r g b [/ a]), rgb(r, g, b[, a]) and the same with rgba.
std::optional<Color> parse_rgb_function(std::string_view args) {
  std::vector<std::string_view> parts;
  const bool commas = args.find(',') != std::string_view::npos;
  std::string_view alpha_part;
  if (!commas) {
    if (std::size_t slash = args.find('/'); slash != std::string_view::npos) {
      alpha_part = trim(args.substr(slash + 1));
      args = args.substr(0, slash);
    }
  }
  while (!args.empty()) {
    args = trim(args);
    const std::size_t end = args.find_first_of(commas ? "," : " \t");
    parts.push_back(trim(args.substr(0, end)));
    if (end == std::string_view::npos) break;
    args.remove_prefix(end + 1);
  }
  std::erase_if(parts, [&](std::string_view p) { return !commas && p.empty(); });
  if (commas && parts.size() == 4) {
    alpha_part = parts.back();
    parts.pop_back();
  }
  if (parts.size() != 3) return std::nullopt;
  Color color;
  std::uint8_t* channels[] = {&color.r, &color.g, &color.b};
  for (std::size_t i = 0; i < 3; ++i) {
    const std::optional<double> v = parse_component(parts[i], 255.0);
    if (!v) return std::nullopt;
    *channels[i] = to_byte(*v, 255.0);
  }
  if (!alpha_part.empty()) {
    const std::optional<double> a = parse_component(alpha_part, 1.0);
    if (!a) return std::nullopt;
    color.a = to_byte(*a, 1.0);
  }
  return color;
}

} // namespace

Result<Color> parse_css_color(std::string_view input) {
  const std::string_view text = trim(input);
  if (text.starts_with('#')) {
    if (std::optional<Color> c = parse_hex(text.substr(1))) return *c;
    return fail(bad_color(input, "expected #rgb, #rgba, #rrggbb or #rrggbbaa"));
  }
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  for (std::string_view prefix : {"rgba(", "rgb("}) {
    if (!std::string_view(lower).starts_with(prefix)) continue;
    if (!lower.ends_with(')')) return fail(bad_color(input, "missing `)`"));
    std::string_view args(lower);
    args = args.substr(prefix.size(), args.size() - prefix.size() - 1);
    if (std::optional<Color> c = parse_rgb_function(args)) return *c;
    return fail(bad_color(input, "expected rgb(R G B [/ A]) with numbers or percentages"));
  }
  auto it = std::lower_bound(k_css_named_colors.begin(), k_css_named_colors.end(), std::string_view(lower),
                             [](const NamedColor& n, std::string_view name) { return n.name < name; });
  if (it != k_css_named_colors.end() && it->name == lower) {
    const std::uint32_t v = it->rgba;
    return Color{static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                 static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
  }
  return fail(bad_color(input, "expected #rrggbb, rgb(…) or a colour name such as `white`"));
}

std::string android_color(const Color& c) {
  if (c.a == 255) return fmt::format("#{:02X}{:02X}{:02X}", c.r, c.g, c.b);
  return fmt::format("#{:02X}{:02X}{:02X}{:02X}", c.a, c.r, c.g, c.b);
}

} // namespace weft::bundlers

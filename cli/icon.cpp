// `weft icon`: every platform's icon set from one PNG, SVG or icon manifest,
// with the file names Tauri uses.
#include "command.hpp"
#include "diagnostic_printer.hpp"

#include <weft/bundlers/icon_generator.hpp>
#include <weft/bundlers/icon_output.hpp>
#include <weft/bundlers/icon_set.hpp>
#include <weft/bundlers/placement.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <memory>

namespace weft::cli {

namespace {

namespace fs = std::filesystem;

// The app's manifest; icons/ goes beside it.
constexpr std::string_view k_manifest_name = "weft.conf.json";

struct IconOptions {
  std::string input = "./app-icon.png";
  std::string output;
  std::vector<int> png;
  std::string ios_color = "#fff";
  std::string fit;
};

// `icons/` beside the nearest weft.conf.json from the current folder up, or
// `./icons` when there is none.
fs::path default_output_dir() {
  std::error_code ec;
  const fs::path start = fs::current_path(ec);
  if (ec) return "icons";
  for (fs::path dir = start; !dir.empty(); dir = dir.parent_path()) {
    if (fs::is_regular_file(dir / k_manifest_name, ec)) return dir == start ? fs::path("icons") : dir / "icons";
    if (dir == dir.root_path()) break;
  }
  return "icons";
}

nlohmann::json file_to_json(const bundlers::GeneratedFile& file, bundlers::WriteOutcome outcome) {
  nlohmann::json out = {{"path", file.path},
                        {"platform", bundlers::platform_name(file.platform)},
                        {"format", bundlers::format_name(file.format)},
                        {"sizes", file.sizes},
                        {"bytes", file.bytes.size()},
                        {"written", outcome == bundlers::WriteOutcome::written}};
  return out;
}

Result<int> run_icon(const IconOptions& options, const GlobalOptions& global) {
  bundlers::IconRequest request;
  request.input = options.input;
  request.png_sizes = options.png;
  request.ios_color = options.ios_color;
  if (!options.fit.empty()) request.fit = *bundlers::parse_fit(options.fit); // CLI11 checked the name
  const fs::path output = options.output.empty() ? default_output_dir() : fs::path(options.output);

  WEFT_TRY_ASSIGN(bundlers::GeneratedIcons icons, bundlers::generate_icons(request));
  for (const Error& w : icons.warnings) print_warning(stderr, w, global.color);
  WEFT_TRY_ASSIGN(std::vector<bundlers::WriteOutcome> outcomes, bundlers::write_icon_files(output, icons.files));

  std::size_t written = 0;
  for (bundlers::WriteOutcome o : outcomes) written += o == bundlers::WriteOutcome::written ? 1 : 0;
  if (global.json) {
    nlohmann::json out = {{"ok", true},
                          {"input", options.input},
                          {"outputDir", output.string()},
                          {"files", nlohmann::json::array()},
                          {"warnings", nlohmann::json::array()}};
    for (std::size_t i = 0; i < icons.files.size(); ++i)
      out["files"].push_back(file_to_json(icons.files[i], outcomes[i]));
    for (const Error& w : icons.warnings)
      for (auto& item : error_to_json(w)) out["warnings"].push_back(item);
    std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  }
  if (global.verbosity > 0)
    for (std::size_t i = 0; i < icons.files.size(); ++i)
      std::printf("  %-9s %s\n", outcomes[i] == bundlers::WriteOutcome::written ? "wrote" : "unchanged",
                  (output / icons.files[i].path).c_str());
  std::printf("%zu icon files in %s: %zu written, %zu unchanged\n", icons.files.size(), output.c_str(), written,
              icons.files.size() - written);
  return 0;
}

} // namespace

void setup_icon(CLI::App& root, CommandContext context) {
  auto options = std::make_shared<IconOptions>();
  CLI::App* command = root.add_subcommand("icon", "Generate every platform's icons from one PNG, SVG or icon manifest");
  command->add_option("input", options->input,
                      "Square PNG (ideally 1024×1024) or SVG with a size, or a JSON icon manifest like Tauri's")
      ->capture_default_str();
  command->add_option("-o,--output", options->output,
                      "Output folder (default: icons/ beside weft.conf.json, else ./icons)");
  command->add_option("-p,--png", options->png, "Only write NxN.png files of these sizes, e.g. 16,32,48")
      ->delimiter(',');
  command->add_option("--ios-color", options->ios_color, "CSS colour under the iOS icons, which have no transparency")
      ->capture_default_str();
  std::vector<std::string> fits;
  for (const bundlers::FitName& f : bundlers::k_fit_names) fits.emplace_back(f.name);
  command->add_option("--fit", options->fit, "For a non-square source: cover (crop) or contain (pad)")
      ->check(CLI::IsMember(fits));
  command->callback([options, context] {
    context.action = [options, &global = context.global] { return run_icon(*options, global); };
  });
}

} // namespace weft::cli

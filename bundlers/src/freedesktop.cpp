#include "freedesktop.hpp"

#include "template_text.hpp"

#include <weft/base/file.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <map>

namespace weft::embedded {
std::string_view linux_desktop_entry();
std::string_view linux_metainfo();
std::string_view linux_mime_package();
std::string_view linux_mime_type();
std::string_view linux_manpage();
} // namespace weft::embedded

namespace weft::bundlers {

namespace {

struct CategoryRow {
  std::string_view category;
  std::string_view freedesktop;
};

// bundle.category -> freedesktop main and additional categories.
constexpr auto k_categories = std::to_array<CategoryRow>({
    {"Business", "Office;"},
    {"DeveloperTool", "Development;"},
    {"Education", "Education;"},
    {"Entertainment", "AudioVideo;"},
    {"Finance", "Office;Finance;"},
    {"Game", "Game;"},
    {"ActionGame", "Game;ActionGame;"},
    {"AdventureGame", "Game;AdventureGame;"},
    {"ArcadeGame", "Game;ArcadeGame;"},
    {"BoardGame", "Game;BoardGame;"},
    {"CardGame", "Game;CardGame;"},
    {"CasinoGame", "Game;"},
    {"DiceGame", "Game;"},
    {"EducationalGame", "Game;Education;"},
    {"FamilyGame", "Game;"},
    {"KidsGame", "Game;KidsGame;"},
    {"MusicGame", "Game;"},
    {"PuzzleGame", "Game;LogicGame;"},
    {"RacingGame", "Game;"},
    {"RolePlayingGame", "Game;RolePlaying;"},
    {"SimulationGame", "Game;Simulation;"},
    {"SportsGame", "Game;SportsGame;"},
    {"StrategyGame", "Game;StrategyGame;"},
    {"TriviaGame", "Game;"},
    {"WordGame", "Game;"},
    {"GraphicsAndDesign", "Graphics;"},
    {"HealthcareAndFitness", "Education;"},
    {"Lifestyle", "Utility;"},
    {"Medical", "Science;MedicalSoftware;"},
    {"Music", "AudioVideo;Audio;Music;"},
    {"News", "Network;News;"},
    {"Photography", "Graphics;Photography;"},
    {"Productivity", "Office;"},
    {"Reference", "Education;"},
    {"SocialNetworking", "Network;Chat;"},
    {"Sports", "Education;Sports;"},
    {"Travel", "Education;"},
    {"Utility", "Utility;"},
    {"Video", "AudioVideo;Video;"},
    {"Weather", "Utility;"},
});

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default: out += c;
    }
  }
  return out;
}

// Desktop entry string values: no newlines, backslashes escaped.
std::string desktop_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

// Text split at blank lines, each paragraph's lines joined by spaces.
std::vector<std::string> paragraphs_of(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current += (current.empty() ? "" : " ") + std::string(line);
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

std::string roff_escape(std::string_view s) {
  std::string out;
  bool line_start = true;
  for (char c : s) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
    line_start = c == '\n';
  }
  return out;
}

} // namespace

std::string wrap_text(std::string_view text, size_t width) {
  std::string out, line;
  auto flush = [&] {
    out += line + "\n";
    line.clear();
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view para = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (para.find_first_not_of(" \t") == std::string_view::npos) {
      if (!line.empty()) flush();
      out += "\n";
    } else {
      size_t p = 0;
      while (p < para.size()) {
        size_t sp = para.find(' ', p);
        std::string_view word = para.substr(p, sp == std::string_view::npos ? std::string_view::npos : sp - p);
        if (!line.empty() && line.size() + 1 + word.size() > width) flush();
        if (!word.empty()) line += (line.empty() ? "" : " ") + std::string(word);
        if (sp == std::string_view::npos) break;
        p = sp + 1;
      }
      flush();
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string iso_date(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::vector<std::string> handled_mime_types(const BundleContext& context) {
  std::vector<std::string> types;
  const nlohmann::json& assoc = context.value("/bundle/fileAssociations");
  if (assoc.is_array())
    for (const auto& a : assoc)
      if (a.contains("mimeType")) types.push_back(a["mimeType"].get<std::string>());
  const nlohmann::json& links = context.value("/bundle/deepLinkProtocols");
  if (links.is_array())
    for (const auto& l : links)
      for (const auto& s : l["schemes"]) types.push_back("x-scheme-handler/" + s.get<std::string>());
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  return types;
}

Result<std::string> desktop_entry(const BundleContext& context, const DesktopNames& names) {
  std::string categories = "Utility;";
  const nlohmann::json& category = context.value("/bundle/category");
  if (category.is_string())
    for (const CategoryRow& row : k_categories)
      if (row.category == category.get<std::string>()) categories = row.freedesktop;
  std::vector<std::string> types = handled_mime_types(context);
  std::string mime_line;
  if (!types.empty()) {
    mime_line = "MimeType=";
    for (const std::string& t : types) mime_line += t + ";";
    mime_line += "\n";
  }
  const std::string exec = types.empty() ? names.binary : names.binary + " %U";
  const std::string comment_line = names.summary.empty() ? "" : "Comment=" + desktop_escape(names.summary) + "\n";
  const std::string icon_line = names.has_icon ? "Icon=" + names.identifier + "\n" : "";
  const std::string name = desktop_escape(names.product);

  const nlohmann::json& custom = context.value("/bundle/linux/deb/desktopTemplate");
  if (custom.is_string()) {
    const std::filesystem::path path = context.manifest->project_dir / custom.get<std::string>();
    auto text = read_file(path);
    if (!text) return fail(context.error_at("/bundle/linux/deb/desktopTemplate", text.error().message()));
    auto filled = fill_user_template(*text, {{"name", name},
                                             {"exec", exec},
                                             {"icon", names.identifier},
                                             {"comment", desktop_escape(names.summary)},
                                             {"categories", categories},
                                             {"mime_type", mime_line.empty() ? "" : mime_line.substr(9, mime_line.size() - 10)},
                                             {"identifier", names.identifier}});
    if (!filled)
      return fail(context.error_at("/bundle/linux/deb/desktopTemplate", path.string() + ": " + filled.error())
                      .with_hint("variables: name, exec, icon, comment, categories, mime_type, identifier"));
    return *filled;
  }
  return fill_template(embedded::linux_desktop_entry(), {{"name", name},
                                                         {"comment_line", comment_line},
                                                         {"exec", exec},
                                                         {"icon_line", icon_line},
                                                         {"categories", categories},
                                                         {"mime_line", mime_line},
                                                         {"wm_class", names.binary}});
}

std::string appstream_metainfo(const BundleContext& context, const DesktopNames& names, std::string_view date) {
  std::string url_block;
  const nlohmann::json& homepage = context.value("/bundle/homepage");
  if (homepage.is_string()) url_block = "  <url type=\"homepage\">" + xml_escape(homepage.get<std::string>()) + "</url>\n";
  std::string mime_block;
  std::vector<std::string> types = handled_mime_types(context);
  types.erase(std::remove_if(types.begin(), types.end(),
                             [](const std::string& t) { return t.starts_with("x-scheme-handler/"); }),
              types.end());
  if (!types.empty()) {
    mime_block = "  <provides>\n";
    for (const std::string& t : types) mime_block += "    <mediatype>" + xml_escape(t) + "</mediatype>\n";
    mime_block += "  </provides>\n";
  }
  std::string paragraphs;
  for (const std::string& p : paragraphs_of(names.description)) paragraphs += "    <p>" + xml_escape(p) + "</p>\n";
  return fill_template(embedded::linux_metainfo(),
                       {{"id", xml_escape(names.identifier)},
                        {"project_license", xml_escape(names.license.empty() ? "LicenseRef-proprietary" : names.license)},
                        {"name", xml_escape(names.product)},
                        {"summary", xml_escape(names.summary)},
                        {"developer", xml_escape(names.developer)},
                        {"paragraphs", paragraphs},
                        {"desktop_id", xml_escape(names.identifier + ".desktop")},
                        {"url_block", url_block},
                        {"mime_block", mime_block},
                        {"version", xml_escape(context.manifest->version)},
                        {"date", date}});
}

std::string mime_package(const BundleContext& context) {
  const nlohmann::json& assoc = context.value("/bundle/fileAssociations");
  if (!assoc.is_array()) return "";
  std::map<std::string, std::pair<std::string, std::vector<std::string>>> types; // type -> comment, globs
  for (const auto& a : assoc) {
    if (!a.contains("mimeType")) continue;
    auto& [comment, globs] = types[a["mimeType"].get<std::string>()];
    if (comment.empty())
      comment = a.value("description", a.value("name", a["ext"][0].get<std::string>() + " file"));
    for (const auto& e : a["ext"]) globs.push_back("*." + e.get<std::string>());
  }
  if (types.empty()) return "";
  std::string body;
  for (const auto& [type, info] : types) {
    std::string globs;
    for (const std::string& g : info.second) globs += "    <glob pattern=\"" + xml_escape(g) + "\"/>\n";
    body += fill_template(embedded::linux_mime_type(),
                          {{"type", xml_escape(type)}, {"comment", xml_escape(info.first)}, {"globs", globs}});
  }
  return fill_template(embedded::linux_mime_package(), {{"types", body}});
}

std::string man_page(const DesktopNames& names, std::string_view command, std::string_view version,
                     std::string_view date, const std::vector<std::string>& see_also) {
  std::string title;
  for (char c : command) title += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string see;
  for (const std::string& s : see_also) see += (see.empty() ? "" : ",\n") + std::string(".BR ") + roff_escape(s) + " (1)";
  if (see.empty()) see = ".BR xdg\\-open (1)";
  std::string description;
  for (const std::string& p : paragraphs_of(names.description))
    description += (description.empty() ? "" : ".PP\n") + roff_escape(p) + "\n";
  if (!description.empty()) description.pop_back();
  return fill_template(embedded::linux_manpage(), {{"title", roff_escape(title)},
                                                   {"date", date},
                                                   {"product", roff_escape(names.product)},
                                                   {"version", roff_escape(version)},
                                                   {"name", roff_escape(command)},
                                                   {"summary", roff_escape(names.summary)},
                                                   {"description", description},
                                                   {"see_also", see}});
}

} // namespace weft::bundlers

#include <weft/config-schema/manifest.hpp>

#include <weft/base/file.hpp>
#include <weft/base/spellcheck.hpp>
#include <weft/config-schema/schema_validator.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace weft::embedded {
std::string_view manifest_schema_text();
}

namespace weft::config {

namespace fs = std::filesystem;

namespace {

// One file (or inline --config value) merged into the manifest.
struct Source {
  JsonDocument document;
};

const SchemaValidator& manifest_validator() {
  static const SchemaValidator validator = [] {
    auto schema = nlohmann::json::parse(embedded::manifest_schema_text());
    auto compiled = SchemaValidator::compile(schema);
    // The schema is part of weft; a broken one is a build defect caught by tests.
    if (!compiled) throw std::logic_error("embedded manifest schema: " + compiled.error().message());
    return std::move(*compiled);
  }();
  return validator;
}

std::string json_type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::null: return "null";
    default: return "a number";
  }
}

Result<Source> parse_source(std::string text, std::string name) {
  WEFT_TRY_ASSIGN(JsonDocument document, parse_json(std::move(text), std::move(name)));
  if (!document.value().is_object())
    return fail(Error::at(document.locate(""), fmt::format("expected a JSON object at the top level, found {}",
                                                           json_type_name(document.value())))
                    .with_hint("a weft manifest looks like { \"identifier\": \"com.example.app\", … }"));
  return Source{std::move(document)};
}

Result<Source> load_source_file(const fs::path& path, const std::string& display) {
  auto text = read_file(path);
  if (!text) return fail(std::move(text).error());
  return parse_source(std::move(*text), display);
}

// The source that last set the value at `pointer` (merge order: later wins),
// so errors point at the file the user has to edit.
const Source& owner_of(const std::vector<Source>& sources, const std::string& pointer) {
  nlohmann::json::json_pointer p(pointer);
  for (auto it = sources.rbegin(); it != sources.rend(); ++it)
    if (it->document.value().contains(p)) return *it;
  // Not present anywhere (e.g. a missing required key): the nearest ancestor.
  for (std::string parent = pointer; !parent.empty();) {
    parent.erase(parent.rfind('/'));
    nlohmann::json::json_pointer pp(parent);
    for (auto it = sources.rbegin(); it != sources.rend(); ++it)
      if (it->document.value().contains(pp)) return *it;
  }
  return sources.front();
}

std::string display_path(const fs::path& path) {
  std::error_code ec;
  fs::path relative = fs::relative(path, fs::current_path(ec), ec);
  if (ec || relative.empty() || relative.native().starts_with("..")) return path.string();
  return relative.string();
}

void report_violations(const std::vector<Source>& sources, const nlohmann::json& merged, Diagnostics& out) {
  for (const SchemaViolation& v : manifest_validator().validate(merged)) {
    if (v.keyword == "additionalProperties" && !v.key.empty()) {
      std::string pointer = v.instance_pointer + "/" + pointer_token(v.key);
      Location where = owner_of(sources, pointer).document.locate(pointer, true);
      out.add(Error::unknown_key(where, v.key, closest_match(v.key, v.known_keys)));
      continue;
    }
    const Source& owner = owner_of(sources, v.instance_pointer);
    Location where = owner.document.locate(v.instance_pointer);
    out.add(Error::at(where, v.message));
  }
}

bool is_url(std::string_view s) { return s.find("://") != std::string_view::npos; }

std::string check_http_url(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("http://"))
    rest = url.substr(7);
  else if (url.starts_with("https://"))
    rest = url.substr(8);
  else
    return fmt::format("`{}` is not an http:// or https:// URL", url);
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty() || host.front() == ':') return fmt::format("`{}` has no host", url);
  for (char c : host)
    if (c == ' ' || static_cast<unsigned char>(c) < 0x20) return fmt::format("`{}` has an invalid host", url);
  return {};
}

// True when `path` (relative to `root` unless absolute) stays inside `root`,
// after resolving `..` and any symbolic links that exist.
bool stays_inside(const fs::path& root, const std::string& path) {
  std::error_code ec;
  fs::path base = fs::weakly_canonical(root, ec);
  if (ec) base = root.lexically_normal();
  fs::path target = fs::weakly_canonical(root / path, ec);
  if (ec) target = (root / path).lexically_normal();
  auto [base_end, target_it] = std::mismatch(base.begin(), base.end(), target.begin(), target.end());
  return base_end == base.end();
}

class SemanticChecker {
public:
  SemanticChecker(const std::vector<Source>& sources, const fs::path& project_dir, Diagnostics& out)
      : m_sources(sources), m_project_dir(project_dir), m_out(out) {}

  void run(const nlohmann::json& config) {
    if (auto it = config.find("identifier"); it != config.end() && it->is_string())
      report("/identifier", check_identifier(it->get<std::string>()), "use reverse-DNS form, e.g. com.example.app");
    if (auto it = config.find("productName"); it != config.end() && it->is_string())
      report("/productName", check_product_name(it->get<std::string>()), "");
    check_windows(config);
    check_build(config);
  }

private:
  const std::vector<Source>& m_sources;
  fs::path m_project_dir;
  Diagnostics& m_out;

  Location locate(const std::string& pointer) const { return owner_of(m_sources, pointer).document.locate(pointer); }

  void report(const std::string& pointer, const std::string& problem, const std::string& hint) {
    if (problem.empty()) return;
    Error e = Error::at(locate(pointer), problem);
    if (!hint.empty()) e.with_hint(hint);
    m_out.add(std::move(e));
  }

  void check_windows(const nlohmann::json& config) {
    const nlohmann::json* windows = nullptr;
    if (auto app = config.find("app"); app != config.end() && app->is_object())
      if (auto w = app->find("windows"); w != app->end() && w->is_array()) windows = &*w;
    if (!windows) return;
    std::map<std::string, size_t> seen;
    for (size_t i = 0; i < windows->size(); ++i) {
      const nlohmann::json& window = (*windows)[i];
      if (!window.is_object()) continue;
      std::string label = "main";
      std::string pointer = fmt::format("/app/windows/{}", i);
      if (auto l = window.find("label"); l != window.end()) {
        if (!l->is_string()) continue;
        label = l->get<std::string>();
        pointer += "/label";
      }
      auto [it, inserted] = seen.emplace(label, i);
      if (!inserted) {
        Location first = locate(fmt::format("/app/windows/{}", it->second));
        Error e = Error::at(locate(pointer), fmt::format("duplicate window label `{}`", label));
        e.with_hint(fmt::format("window {} (line {}) already uses it; labels must be unique", it->second, first.line));
        m_out.add(std::move(e));
      }
    }
  }

  void check_build(const nlohmann::json& config) {
    auto build = config.find("build");
    if (build == config.end() || !build->is_object()) return;
    if (auto dev = build->find("devUrl"); dev != build->end() && dev->is_string())
      report("/build/devUrl", check_http_url(dev->get<std::string>()), "e.g. http://localhost:5173");
    auto dist = build->find("frontendDist");
    if (dist == build->end()) return;
    auto check_path = [&](const std::string& pointer, const std::string& path) {
      if (is_url(path)) {
        report(pointer, check_http_url(path), "");
        return;
      }
      if (!stays_inside(m_project_dir, path))
        report(pointer, fmt::format("frontendDist `{}` is outside the project", path),
               "point it at a folder inside the project, e.g. \"ui\" or \"dist\"");
    };
    if (dist->is_string()) {
      check_path("/build/frontendDist", dist->get<std::string>());
    } else if (dist->is_array()) {
      for (size_t i = 0; i < dist->size(); ++i)
        if ((*dist)[i].is_string()) check_path(fmt::format("/build/frontendDist/{}", i), (*dist)[i].get<std::string>());
    }
  }
};

// `version` may name a JSON file (e.g. ../package.json) whose `version` is used.
Result<std::string> resolve_version(const std::vector<Source>& sources, const nlohmann::json& config,
                                    const fs::path& manifest_dir) {
  auto it = config.find("version");
  if (it == config.end() || !it->is_string()) return std::string("0.1.0");
  std::string value = it->get<std::string>();
  Location where = owner_of(sources, "/version").document.locate("/version");
  if (!value.ends_with(".json")) {
    std::string problem = check_semver(value);
    if (!problem.empty()) return fail(Error::at(where, problem).with_hint("or the path of a package.json holding it"));
    return value;
  }
  fs::path file = manifest_dir / value;
  auto text = read_file(file);
  if (!text) return fail(Error::at(where, fmt::format("cannot read the version file: {}", text.error().message())));
  auto document = parse_json(std::move(*text), display_path(file), Comments::forbidden);
  if (!document) return fail(std::move(document).error());
  const nlohmann::json& root = document->value();
  auto v = root.is_object() ? root.find("version") : root.end();
  if (!root.is_object() || v == root.end() || !v->is_string())
    return fail(Error::at(document->locate(""), "expected an object with a string `version`")
                    .with_context(fmt::format("reading the version named at {}:{}", where.file, where.line)));
  std::string version = v->get<std::string>();
  std::string problem = check_semver(version);
  if (!problem.empty()) return fail(Error::at(document->locate("/version"), problem));
  return version;
}

std::string binary_name_from(std::string_view product) {
  std::string out;
  for (char c : product) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u))
      out += static_cast<char>(std::tolower(u));
    else if ((c == ' ' || c == '-' || c == '_') && !out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "app" : out;
}

} // namespace

std::string_view platform_name(Platform platform) {
  switch (platform) {
    case Platform::linux: return "linux";
    case Platform::windows: return "windows";
    case Platform::macos: return "macos";
    case Platform::android: return "android";
    case Platform::ios: return "ios";
  }
  return "linux";
}

Platform host_platform() { return Platform::linux; }

std::string_view manifest_schema() { return embedded::manifest_schema_text(); }

Result<Manifest> load_manifest(const LoadOptions& options) {
  Manifest manifest;
  manifest.project_dir = options.project_dir;
  manifest.file = options.project_dir / k_manifest_file;

  std::error_code ec;
  std::vector<Source> sources;
  if (options.base_text) {
    WEFT_TRY_ASSIGN(Source base, parse_source(*options.base_text, display_path(manifest.file)));
    sources.push_back(std::move(base));
  } else {
    if (!fs::exists(manifest.file, ec))
      return fail(Error::input(fmt::format("no {} in {}", k_manifest_file, display_path(options.project_dir)))
                      .with_hint("run `weft init` to create an app, or run weft from the app's folder"));
    WEFT_TRY_ASSIGN(Source base, load_source_file(manifest.file, display_path(manifest.file)));
    sources.push_back(std::move(base));
  }

  fs::path overlay = options.project_dir / fmt::format("weft.{}.conf.json", platform_name(options.platform));
  if (fs::exists(overlay, ec)) {
    WEFT_TRY_ASSIGN(Source source, load_source_file(overlay, display_path(overlay)));
    sources.push_back(std::move(source));
  }
  for (size_t i = 0; i < options.overrides.size(); ++i) {
    const std::string& value = options.overrides[i];
    size_t first = value.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && value[first] == '{') {
      WEFT_TRY_ASSIGN(Source source, parse_source(value, fmt::format("--config #{}", i + 1)));
      sources.push_back(std::move(source));
    } else {
      auto source = load_source_file(value, value);
      if (!source)
        return fail(std::move(source).error().with_hint("--config takes inline JSON starting with `{` or a file path"));
      sources.push_back(std::move(*source));
    }
  }

  nlohmann::json merged = sources.front().document.value();
  for (size_t i = 1; i < sources.size(); ++i) merged.merge_patch(sources[i].document.value());
  for (const Source& s : sources) manifest.sources.push_back(s.document.path());

  Diagnostics diagnostics;
  report_violations(sources, merged, diagnostics);
  SemanticChecker(sources, options.project_dir, diagnostics).run(merged);
  auto version = resolve_version(sources, merged, manifest.file.parent_path());
  if (!version) diagnostics.add(std::move(version).error());

  // Errors in file order, so the output reads top to bottom.
  std::vector<Error> errors;
  for (const Error& e : diagnostics.items())
    if (e.severity() == Severity::error) errors.push_back(e);
  std::stable_sort(errors.begin(), errors.end(), [&](const Error& a, const Error& b) {
    auto rank = [&](const Error& e) {
      for (size_t i = 0; i < sources.size(); ++i)
        if (sources[i].document.path() == e.location().file) return i;
      return sources.size();
    };
    return std::tuple(rank(a), a.location().line, a.location().column) <
           std::tuple(rank(b), b.location().line, b.location().column);
  });
  if (!errors.empty()) {
    Error combined = errors.front();
    for (size_t i = 1; i < errors.size(); ++i) combined.with_related(errors[i]);
    return fail(std::move(combined));
  }
  manifest.warnings = diagnostics.warnings();

  manifest.version = *version;
  merged["version"] = manifest.version;
  manifest.identifier = merged.value("identifier", "");
  std::string last_segment = manifest.identifier.substr(manifest.identifier.rfind('.') + 1);
  manifest.product_name = merged.value("productName", last_segment);
  manifest.main_binary_name = merged.value("mainBinaryName", binary_name_from(manifest.product_name));
  manifest.config = std::move(merged);
  for (auto it = sources.rbegin(); it != sources.rend(); ++it)
    manifest.documents.push_back(std::make_shared<const JsonDocument>(std::move(it->document)));
  return manifest;
}

Location Manifest::locate(std::string_view pointer) const {
  for (const auto& document : documents) {
    std::string p(pointer);
    bool present = true;
    try {
      present = document->value().contains(nlohmann::json::json_pointer(p));
    } catch (const nlohmann::json::exception&) {
      present = false;
    }
    if (present) return document->locate(pointer);
  }
  if (!documents.empty()) return documents.back()->locate(pointer);
  Location where;
  where.file = file.string();
  where.pointer = std::string(pointer);
  return where;
}

} // namespace weft::config

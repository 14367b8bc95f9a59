#include "csp.hpp"

#include "html_inline.hpp"

#include <weft/signing/base64.hpp>
#include <weft/signing/digest.hpp>

#include <algorithm>
#include <array>
#include <sstream>

namespace weft::cli {

namespace {

struct Directive {
  std::string name;
  std::vector<std::string> sources;
};

std::vector<Directive> parse_policy(std::string_view text) {
  std::vector<Directive> directives;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    std::istringstream tokens{std::string(text.substr(start, end - start))};
    Directive directive;
    if (tokens >> directive.name) {
      std::transform(directive.name.begin(), directive.name.end(), directive.name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      for (std::string source; tokens >> source;) directive.sources.push_back(source);
      directives.push_back(std::move(directive));
    }
    start = end + 1;
  }
  return directives;
}

std::vector<Directive> parse_object(const nlohmann::json& object) {
  std::vector<Directive> directives;
  for (const auto& [name, value] : object.items()) {
    Directive directive{name, {}};
    if (value.is_array()) {
      for (const auto& source : value) directive.sources.push_back(source.get<std::string>());
    } else {
      std::istringstream tokens{value.get<std::string>()};
      for (std::string source; tokens >> source;) directive.sources.push_back(source);
    }
    directives.push_back(std::move(directive));
  }
  return directives;
}

Directive* find(std::vector<Directive>& directives, std::string_view name) {
  for (Directive& d : directives)
    if (d.name == name) return &d;
  return nullptr;
}

bool has_source(const Directive& d, std::string_view source) {
  return std::find(d.sources.begin(), d.sources.end(), source) != d.sources.end();
}

bool modification_disabled(const nlohmann::json& disable, std::string_view name) {
  if (disable.is_boolean()) return disable.get<bool>();
  if (disable.is_array())
    for (const auto& item : disable)
      if (item.is_string() && item.get<std::string>() == name) return true;
  return false;
}

void add_hashes(std::vector<Directive>& directives, std::string_view name, const std::vector<std::string>& hashes,
                const nlohmann::json& disable) {
  if (hashes.empty() || modification_disabled(disable, name)) return;
  Directive* directive = find(directives, name);
  if (!directive) {
    const Directive* fallback = find(directives, "default-src");
    if (!fallback) return;
    directives.push_back({std::string(name), fallback->sources});
    directive = &directives.back();
  }
  if (has_source(*directive, "'unsafe-inline'") || has_source(*directive, "'none'")) return;
  for (const std::string& hash : hashes)
    if (!has_source(*directive, hash)) directive->sources.push_back(hash);
}

void add_unique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

std::string print_policy(const std::vector<Directive>& directives) {
  std::string policy;
  for (const Directive& d : directives) {
    if (!policy.empty()) policy += "; ";
    policy += d.name;
    for (const std::string& source : d.sources) policy += " " + source;
  }
  return policy;
}

} // namespace

std::string csp_hash_source(std::string_view text) {
  const std::vector<uint8_t> digest = signing::digest_bytes(signing::DigestAlgorithm::sha256, text);
  return "'sha256-" + signing::base64_encode(digest) + "'";
}

void add_inline_hashes(std::string_view html, CspHashes& hashes) {
  for (const InlineBlock& block : find_inline_blocks(html))
    add_unique(block.kind == InlineKind::script ? hashes.scripts : hashes.styles, csp_hash_source(block.text));
}

std::optional<std::string> effective_csp(const nlohmann::json& csp, const CspHashes& hashes,
                                         const nlohmann::json& disable_modification) {
  if (csp.is_null()) return std::nullopt;
  std::vector<Directive> directives = csp.is_string() ? parse_policy(csp.get<std::string>()) : parse_object(csp);
  for (std::string_view name : {"script-src", "script-src-elem"}) {
    if (name == "script-src" || find(directives, name))
      add_hashes(directives, name, hashes.scripts, disable_modification);
  }
  for (std::string_view name : {"style-src", "style-src-elem"}) {
    if (name == "style-src" || find(directives, name))
      add_hashes(directives, name, hashes.styles, disable_modification);
  }
  return print_policy(directives);
}

std::string with_source(std::string_view policy, std::string_view directive, std::string_view source) {
  std::vector<Directive> directives = parse_policy(policy);
  Directive* target = find(directives, directive);
  if (!target) {
    const Directive* fallback = find(directives, "default-src");
    if (!fallback || has_source(*fallback, source) || has_source(*fallback, "*")) return std::string(policy);
    directives.push_back({std::string(directive), fallback->sources});
    target = &directives.back();
  }
  if (has_source(*target, source) || has_source(*target, "*")) return std::string(policy);
  std::erase(target->sources, "'none'");
  target->sources.emplace_back(source);
  return print_policy(directives);
}

} // namespace weft::cli

#include "live_reload.hpp"

#include "csp.hpp"

#include <algorithm>
#include <cctype>

namespace weft::cli {

namespace {

constexpr std::string_view k_script = "(()=>{const s=new EventSource('/__weft/reload');"
                                      "s.addEventListener('reload',()=>location.reload());s.onerror=()=>{};})();";

// Where the content of the first <`tag`> starts (after its '>'), or npos.
size_t after_open_tag(std::string_view html, std::string_view tag) {
  std::string lower(html);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::string open = "<" + std::string(tag);
  for (size_t at = lower.find(open); at != std::string::npos; at = lower.find(open, at + 1)) {
    const size_t next = at + open.size();
    if (next < lower.size() && (lower[next] == '>' || std::isspace(static_cast<unsigned char>(lower[next])))) {
      const size_t close = lower.find('>', next);
      return close == std::string::npos ? std::string::npos : close + 1;
    }
  }
  return std::string::npos;
}

} // namespace

std::string_view live_reload_script() { return k_script; }

std::string inject_live_reload(std::string_view html) {
  size_t at = after_open_tag(html, "head");
  if (at == std::string::npos) at = after_open_tag(html, "html");
  if (at == std::string::npos) at = after_open_tag(html, "!doctype");
  if (at == std::string::npos) at = 0;
  std::string out;
  out.reserve(html.size() + k_script.size() + 17);
  out.append(html.substr(0, at));
  out.append("<script>").append(k_script).append("</script>");
  out.append(html.substr(at));
  return out;
}

std::optional<std::string> dev_page_csp(const nlohmann::json& csp, const nlohmann::json& disable_modification,
                                        std::string_view injected_html) {
  CspHashes page;
  add_inline_hashes(injected_html, page);
  std::optional<std::string> policy = effective_csp(csp, page, disable_modification);
  if (!policy) return std::nullopt;
  CspHashes ours;
  ours.scripts.push_back(csp_hash_source(k_script));
  policy = effective_csp(nlohmann::json(*policy), ours, nlohmann::json(false));
  return with_source(*policy, "connect-src", "'self'");
}

} // namespace weft::cli

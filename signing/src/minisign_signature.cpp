#include <weft/signing/minisign_signature.hpp>

#include <weft/signing/base64.hpp>

#include "box_text.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

namespace weft::signing {

namespace {

using detail::k_trusted_prefix;
using detail::k_untrusted_prefix;

constexpr size_t k_signature_size = 74;

Error sig_error(std::string message) { return Error::input("signature: " + message); }

} // namespace

Result<Signature> Signature::parse(std::string_view text) {
  std::vector<std::string_view> lines = detail::split_lines(text);
  while (!lines.empty() && detail::trim(lines.back()).empty()) lines.pop_back();
  if (lines.empty() || !lines[0].starts_with(k_untrusted_prefix))
    return fail(sig_error("first line does not start with `untrusted comment:` (not a minisign signature)"));
  if (lines.size() < 4)
    return fail(sig_error(fmt::format("{} lines, expected 4 (truncated?)", lines.size())));
  if (lines.size() > 4) return fail(sig_error(fmt::format("{} lines, expected 4", lines.size())));

  Signature out;
  out.untrusted_comment = std::string(lines[0].substr(k_untrusted_prefix.size()));

  auto decoded = base64_decode(detail::trim(lines[1]));
  if (!decoded) return fail(sig_error("second line is " + decoded.error().message()));
  if (decoded->size() != k_signature_size)
    return fail(sig_error(fmt::format("{} bytes, expected {} (truncated?)", decoded->size(), k_signature_size)));
  std::string_view algorithm(reinterpret_cast<const char*>(decoded->data()), 2);
  if (algorithm == "ED")
    out.algorithm = SignatureAlgorithm::prehashed;
  else if (algorithm == "Ed")
    out.algorithm = SignatureAlgorithm::legacy;
  else
    return fail(sig_error(fmt::format("unsupported algorithm `{}` (expected `ED` or `Ed`)",
                                      detail::printable(algorithm))));
  std::memcpy(out.key_id.bytes.data(), decoded->data() + 2, 8);
  std::memcpy(out.signature.data(), decoded->data() + 10, 64);

  if (!lines[2].starts_with(k_trusted_prefix))
    return fail(sig_error("third line does not start with `trusted comment:`"));
  out.trusted_comment = std::string(lines[2].substr(k_trusted_prefix.size()));

  auto global = base64_decode(detail::trim(lines[3]));
  if (!global) return fail(sig_error("fourth line is " + global.error().message()));
  if (global->size() != 64)
    return fail(sig_error(fmt::format("global signature has {} bytes, expected 64 (truncated?)", global->size())));
  std::memcpy(out.global_signature.data(), global->data(), 64);
  return out;
}

std::string Signature::to_box() const {
  std::array<uint8_t, k_signature_size> raw{};
  std::memcpy(raw.data(), algorithm == SignatureAlgorithm::prehashed ? "ED" : "Ed", 2);
  std::memcpy(raw.data() + 2, key_id.bytes.data(), 8);
  std::memcpy(raw.data() + 10, signature.data(), 64);
  return fmt::format("{}{}\n{}\n{}{}\n{}\n", k_untrusted_prefix, untrusted_comment, base64_encode(raw),
                     k_trusted_prefix, trusted_comment, base64_encode(global_signature));
}

std::string encode_sig_file(const Signature& signature) { return base64_encode(signature.to_box()); }

Result<Signature> decode_sig_file(std::string_view content) {
  std::string_view trimmed = detail::trim(content);
  if (trimmed.empty()) return fail(sig_error("empty"));
  if (trimmed.starts_with(k_untrusted_prefix)) return Signature::parse(content);
  auto decoded = base64_decode(trimmed);
  if (!decoded)
    return fail(sig_error("neither minisign text nor its base64 form (" + decoded.error().message() + ")"));
  std::string_view text(reinterpret_cast<const char*>(decoded->data()), decoded->size());
  if (!text.starts_with(k_untrusted_prefix))
    return fail(sig_error("the decoded base64 is not a minisign signature (truncated?)"));
  return Signature::parse(text);
}

TrustedComment TrustedComment::parse(std::string_view text) {
  TrustedComment out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\t', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view field = text.substr(start, end - start);
    size_t colon = field.find(':');
    if (colon != std::string_view::npos) {
      std::string_view key = field.substr(0, colon);
      std::string_view value = field.substr(colon + 1);
      if (key == "timestamp") {
        int64_t t = 0;
        auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), t);
        if (ec == std::errc() && ptr == value.data() + value.size()) out.timestamp = t;
      } else if (key == "file") {
        out.file = std::string(value);
      } else if (key == "version") {
        out.version = std::string(value);
      }
    }
    start = end + 1;
  }
  return out;
}

std::string TrustedComment::format() const {
  std::string out;
  auto add = [&](std::string_view key, std::string_view value) {
    if (!out.empty()) out += '\t';
    out += key;
    out += ':';
    out += value;
  };
  if (timestamp) add("timestamp", std::to_string(*timestamp));
  if (file) add("file", *file);
  if (version) add("version", *version);
  return out;
}

} // namespace weft::signing

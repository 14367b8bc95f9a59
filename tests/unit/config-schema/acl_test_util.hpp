#pragma once

// Helpers shared by the ACL unit tests.

#include <weft/config-schema/acl/capability_file.hpp>
#include <weft/config-schema/acl/permission_file.hpp>
#include <weft/config-schema/acl/registry.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace weft::test {

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every error (not warning) message, in order.
inline std::vector<std::string> error_messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const Error& e : d.items())
    if (e.severity() == Severity::error) out.push_back(e.message());
  return out;
}

inline std::vector<std::string> warning_messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const Error& e : d.items())
    if (e.severity() == Severity::warning) out.push_back(e.message());
  return out;
}

// A permission source from TOML texts (files named <prefix>-<n>.toml).
inline config::acl::PermissionSource toml_source(const std::string& prefix, const std::vector<std::string>& texts,
                                                 Diagnostics& out) {
  config::acl::PermissionSource source;
  source.prefix = prefix;
  source.origin = prefix.empty() ? "the app" : "plugin `" + prefix + "`";
  for (size_t i = 0; i < texts.size(); ++i)
    source.files.push_back(config::acl::parse_permission_file(
        texts[i], (prefix.empty() ? "app" : prefix) + "-" + std::to_string(i) + ".toml",
        config::acl::FileFormat::toml, out));
  return source;
}

inline config::acl::Capability json_capability(const std::string& text, Diagnostics& out) {
  config::acl::CapabilityFile file =
      config::acl::parse_capability_file(text, "cap.json", config::acl::FileFormat::json, out);
  EXPECT_EQ(file.capabilities.size(), 1u);
  return file.capabilities.empty() ? config::acl::Capability{} : file.capabilities.front();
}

} // namespace weft::test

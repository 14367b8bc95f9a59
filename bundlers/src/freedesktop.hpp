#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/bundle_context.hpp>

#include <string>
#include <vector>

namespace weft::bundlers {

// The desktop integration files the Linux packages install, from the
// templates in bundlers/templates/linux/.
struct DesktopNames {
  std::string product;    // productName (any Unicode)
  std::string binary;     // installed as /usr/bin/<binary>
  std::string identifier; // reverse-DNS; names the .desktop, metainfo and icon
  std::string summary;
  std::string description;
  std::string developer;
  std::string license; // SPDX
  bool has_icon = false;
};

// Every MIME type the app handles: file associations' mimeType and
// x-scheme-handler/<scheme> for deep links.
std::vector<std::string> handled_mime_types(const BundleContext& context);

Result<std::string> desktop_entry(const BundleContext& context, const DesktopNames& names);
std::string appstream_metainfo(const BundleContext& context, const DesktopNames& names, std::string_view date);
// A shared-mime-info package for file associations with a mimeType; "" when
// there are none.
std::string mime_package(const BundleContext& context);
std::string man_page(const DesktopNames& names, std::string_view command, std::string_view version,
                     std::string_view date, const std::vector<std::string>& see_also);

// Words re-flowed into lines of at most `width` bytes; blank lines between
// paragraphs kept (lintian and rpmlint limit description lines to 80/79).
std::string wrap_text(std::string_view text, size_t width);

// "2024-01-01" of an epoch.
std::string iso_date(int64_t epoch);

} // namespace weft::bundlers

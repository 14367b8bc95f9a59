#pragma once

#include <weft/base/error.hpp>
#include <weft/config-schema/acl/common.hpp>

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace weft::config::acl {

// In-place edits of a capability's `permissions` list that keep the rest of
// the file byte for byte: the new entry is spliced in after the last one
// with the separator the list already uses, a removed entry takes its
// separator with it. Each edit re-parses its result and fails (changing
// nothing) unless exactly the intended change was made. TOML lists written
// as [[permissions]] tables are refused.

// `text` with `identifier` appended to the permissions of the capability at
// `capability_pointer` (as Capability::pointer gives it).
Result<std::string> add_permission_text(std::string_view text, const std::string& path, FileFormat format,
                                        std::string_view capability_pointer, std::string_view identifier);

// `text` without any entry (string or object) for `identifier`. Refuses to
// leave the list empty.
Result<std::string> remove_permission_text(std::string_view text, const std::string& path, FileFormat format,
                                           std::string_view capability_pointer, std::string_view identifier);

struct FileEdit {
  std::filesystem::path path;
  std::string original; // the text the edit was computed from
  std::string text;     // the new text
};

// Writes every edit or none: each file is first written beside itself under
// a temporary name; if a file changed on disk since it was read, or any
// write fails, nothing is renamed; if a rename fails, the files already
// replaced get their original text back. Files keep their mode.
Result<void> apply_edits(std::span<const FileEdit> edits);

} // namespace weft::config::acl

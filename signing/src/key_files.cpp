#include <weft/signing/key_files.hpp>

#include <weft/base/atomic_file.hpp>

#include <cerrno>
#include <sys/stat.h>

namespace weft::signing {

namespace {

// A missing key directory (e.g. ~/.weft) is created private to the user.
Result<void> create_parent(const std::filesystem::path& path) {
  std::filesystem::path parent = path.parent_path();
  std::error_code ec;
  if (parent.empty() || std::filesystem::is_directory(parent, ec)) return {};
  if (!parent.parent_path().empty()) std::filesystem::create_directories(parent.parent_path(), ec);
  if (::mkdir(parent.c_str(), 0700) != 0 && errno != EEXIST) return fail(Error::io(parent.string(), errno, "create"));
  return {};
}

} // namespace

Result<void> write_key_files(const std::filesystem::path& secret_path, std::string_view secret_text,
                             const std::filesystem::path& public_path, std::string_view public_text,
                             KeyFileOverwrite overwrite) {
  const Replace replace = overwrite == KeyFileOverwrite::yes ? Replace::yes : Replace::no;
  // Both files or neither: refuse before writing the first one.
  if (replace == Replace::no) {
    for (const auto* path : {&secret_path, &public_path}) {
      std::error_code ec;
      if (std::filesystem::exists(*path, ec))
        return fail(Error::input(path->string() + " already exists").with_hint("pass --force to overwrite it"));
    }
  }
  WEFT_TRY(create_parent(secret_path));
  WEFT_TRY(create_parent(public_path));
  WEFT_TRY(write_file_atomic(secret_path, secret_text, k_mode_secret, replace));
  return write_file_atomic(public_path, public_text, k_mode_file, replace);
}

} // namespace weft::signing

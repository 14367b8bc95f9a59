#include "frontend_files.hpp"

#include "manifest_location.hpp"

#include <fmt/format.h>

#include <sys/stat.h>

#include <algorithm>

namespace weft::cli {

namespace fs = std::filesystem;

namespace {

bool is_url(std::string_view value) { return value.starts_with("http://") || value.starts_with("https://"); }

// Whether `inner` is `outer` or lies inside it (both absolute, normalised).
bool contains(const fs::path& outer, const fs::path& inner) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end(); ++o, ++i) {
    if (o->empty()) continue; // trailing separator
    if (i == inner.end() || *o != *i) return false;
  }
  return true;
}

Result<FrontendFile> stat_file(const fs::path& source, std::string path) {
  struct ::stat st {};
  if (::stat(source.c_str(), &st) != 0) return fail(Error::io(source.string(), errno, "read"));
  FrontendFile file;
  file.path = std::move(path);
  file.source = source;
  file.size = static_cast<std::uint64_t>(st.st_size);
  file.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  return file;
}

Result<void> walk(const fs::path& dir, std::vector<FrontendFile>& out) {
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::follow_directory_symlink, ec);
  if (ec) return fail(Error::io(dir.string(), ec.value(), "read the folder"));
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return fail(Error::io(it->path().string(), ec.value(), "read the folder"));
    if (!it->is_regular_file(ec)) continue;
    WEFT_TRY_ASSIGN(FrontendFile file, stat_file(it->path(), it->path().lexically_relative(dir).generic_string()));
    out.push_back(std::move(file));
  }
  return {};
}

} // namespace

Result<std::vector<FrontendFile>> collect_frontend_files(const config::Manifest& manifest) {
  std::vector<FrontendFile> files;
  const nlohmann::json::json_pointer pointer("/build/frontendDist");
  if (!manifest.config.contains(pointer)) return files;
  const nlohmann::json& dist = manifest.config.at(pointer);
  const fs::path root = manifest.file.parent_path().empty() ? fs::path(".") : manifest.file.parent_path();
  std::error_code ec;

  if (dist.is_string()) {
    const std::string value = dist.get<std::string>();
    if (is_url(value)) return files;
    const fs::path dir = root / value;
    if (!fs::is_directory(dir, ec)) {
      const bool exists = fs::exists(dir, ec);
      return fail(Error::at(manifest_location(manifest, "/build/frontendDist"),
                            fmt::format("frontendDist `{}` {}", value, exists ? "is not a folder" : "does not exist"))
                      .with_hint(exists ? "point build.frontendDist at the folder of the built frontend"
                                        : "build the frontend first (build.beforeBuildCommand runs before this "
                                          "step), or fix the path in build.frontendDist"));
    }
    const fs::path dir_abs = fs::weakly_canonical(fs::absolute(dir), ec);
    const fs::path root_abs = fs::weakly_canonical(fs::absolute(root), ec);
    for (std::string_view own : {"target", "node_modules"}) {
      if (contains(dir_abs, root_abs / own) || (own == "node_modules" && fs::exists(dir / own, ec)))
        return fail(Error::at(manifest_location(manifest, "/build/frontendDist"),
                              fmt::format("frontendDist `{}` contains {} {}/ folder", value,
                                          own == "target" ? "the project's" : "a", own))
                        .with_hint("point build.frontendDist at the folder holding only the built frontend, e.g. "
                                   "`ui` or `dist`"));
    }
    WEFT_TRY(walk(dir, files));
  } else {
    for (size_t i = 0; i < dist.size(); ++i) {
      const std::string value = dist[i].get<std::string>();
      const fs::path source = root / value;
      if (!fs::is_regular_file(source, ec))
        return fail(Error::at(manifest_location(manifest, fmt::format("/build/frontendDist/{}", i)),
                              fmt::format("frontendDist file `{}` does not exist", value))
                        .with_hint("list files relative to weft.conf.json"));
      WEFT_TRY_ASSIGN(FrontendFile file, stat_file(source, source.filename().generic_string()));
      files.push_back(std::move(file));
    }
  }
  std::sort(files.begin(), files.end(), [](const FrontendFile& a, const FrontendFile& b) { return a.path < b.path; });
  for (size_t i = 1; i < files.size(); ++i)
    if (files[i].path == files[i - 1].path)
      return fail(Error::at(manifest_location(manifest, "/build/frontendDist"),
                            fmt::format("two frontendDist files would both be served at `{}`", files[i].path))
                      .with_hint("rename one of them"));
  return files;
}

} // namespace weft::cli

#include <weft/bundlers/squashfs.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <string>
#include <system_error>

namespace weft::bundlers {

namespace {

constexpr const char* k_program = "mksquashfs";
constexpr const char* k_package = "squashfs-tools";

} // namespace

Result<void> make_squashfs(ProcessRunner& runner, const std::filesystem::path& source,
                           const std::filesystem::path& output, const SquashfsOptions& options) {
  // squashfs stores seconds since the epoch in 32 unsigned bits.
  if (options.timestamp < 0 || options.timestamp > std::numeric_limits<uint32_t>::max())
    return fail(Error::input(fmt::format("timestamp {} cannot be stored in a squashfs image", options.timestamp))
                    .with_hint("SOURCE_DATE_EPOCH must lie between 1970 and 2106"));
  if (options.zstd_level < 1 || options.zstd_level > 22)
    return fail(Error::input(fmt::format("zstd level {} is out of range (1-22)", options.zstd_level)));
  std::error_code ec;
  if (!std::filesystem::is_directory(source, ec))
    return fail(Error::input(fmt::format("{} is not a directory", source.string())).with_hint("pass the AppDir"));

  const std::string time = std::to_string(options.timestamp);
  Command command;
  command.argv = {k_program, source.string(), output.string(),
                  "-noappend", "-reproducible", "-comp", "zstd", "-Xcompression-level",
                  std::to_string(options.zstd_level), "-all-root", "-root-mode", "755", "-no-xattrs",
                  "-mkfs-time", time, "-all-time", time, "-quiet", "-no-progress"};
  // mksquashfs refuses SOURCE_DATE_EPOCH together with -mkfs-time/-all-time.
  command.env_unset = {"SOURCE_DATE_EPOCH"};
  command.stdout_mode = OutputMode::tail;
  command.stderr_mode = OutputMode::tail;
  auto result = runner.run(command);
  if (!result) {
    Error error = std::move(result).error();
    if (error.message() == fmt::format("{}: program not found", k_program))
      return fail(Error::tool(k_program, fmt::format("program not found; install the Debian package {}", k_package))
                      .with_hint(fmt::format("apt-get install {}", k_package)));
    return fail(with_last_stderr_line(error).with_context(fmt::format("making the squashfs image of {}", source.string())));
  }
  return {};
}

} // namespace weft::bundlers

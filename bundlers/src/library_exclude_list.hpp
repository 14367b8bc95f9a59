#pragma once

#include <array>
#include <string_view>

namespace weft::bundlers {

// Libraries a portable AppImage never ships, because every desktop
// distribution provides them and a second copy loaded from the AppImage
// would break the host's own copy (or the host's drivers that load it).
// The one list; the portability test installs exactly these into its
// minimal Debian root. An AppImage therefore runs where these are at least
// as new as on the machine that made it.
struct ExcludedLibrary {
  std::string_view soname;
  std::string_view reason;
};

inline constexpr auto k_excluded_libraries = std::to_array<ExcludedLibrary>({
    // glibc: bound to the host's dynamic loader (the ELF interpreter is the
    // host's /lib64/ld-linux-*.so.2), so its libraries must be the host's.
    {"ld-linux-x86-64.so.2", "glibc's dynamic loader"},
    {"ld-linux-aarch64.so.1", "glibc's dynamic loader"},
    {"libc.so.6", "glibc, bound to the host's dynamic loader"},
    {"libm.so.6", "glibc"},
    {"libmvec.so.1", "glibc"},
    {"libpthread.so.0", "glibc"},
    {"libdl.so.2", "glibc"},
    {"librt.so.1", "glibc"},
    {"libresolv.so.2", "glibc (follows the host's resolver configuration)"},
    {"libutil.so.1", "glibc"},
    {"libanl.so.1", "glibc"},
    {"libBrokenLocale.so.1", "glibc"},
    // The GCC runtime: in every base system; the host's GPU drivers and input
    // methods loaded into the process link the host's copy, and an older one
    // from the AppImage found first would lack the symbol versions they need.
    {"libstdc++.so.6", "GCC's C++ runtime, needed by host drivers loaded into the process"},
    {"libgcc_s.so.1", "GCC's unwinder, part of every base system"},
    // OpenGL/EGL front ends (libglvnd) and the Mesa buffer manager: they
    // dispatch to the host's GPU driver (Mesa or proprietary), which must
    // match the kernel driver.
    {"libGL.so.1", "libglvnd: dispatches to the host's GPU driver"},
    {"libGLX.so.0", "libglvnd: dispatches to the host's GPU driver"},
    {"libGLdispatch.so.0", "libglvnd's dispatch table, shared with the host's driver"},
    {"libEGL.so.1", "libglvnd: dispatches to the host's GPU driver"},
    {"libOpenGL.so.0", "libglvnd: dispatches to the host's GPU driver"},
    {"libGLESv2.so.2", "libglvnd: dispatches to the host's GPU driver"},
    {"libgbm.so.1", "Mesa's buffer manager, versioned with the host's Mesa drivers"},
    {"libdrm.so.2", "the kernel DRM interface the host's Mesa drivers link"},
    // X11 client libraries: the host's Mesa GLX driver links them; two copies
    // in one process fight over the same connection.
    {"libX11.so.6", "X11 client library, linked by the host's GLX driver"},
    {"libX11-xcb.so.1", "X11/XCB bridge, linked by the host's GLX driver"},
    {"libxcb.so.1", "XCB, linked by the host's GLX driver"},
    // Fonts follow the host's configuration: an older fontconfig cannot read
    // a newer fonts.conf or cache, and freetype and harfbuzz link each other.
    {"libfontconfig.so.1", "reads the host's fonts.conf and font cache"},
    {"libfreetype.so.6", "linked by the host's fontconfig"},
    {"libharfbuzz.so.0", "linked by the host's freetype"},
    {"libexpat.so.1", "the host's fontconfig parses its configuration with it"},
});

inline bool is_excluded_library(std::string_view soname) {
  for (const ExcludedLibrary& e : k_excluded_libraries)
    if (e.soname == soname) return true;
  return false;
}

} // namespace weft::bundlers

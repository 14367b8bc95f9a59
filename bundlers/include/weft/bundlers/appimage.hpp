#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/bundle_context.hpp>
#include <weft/bundlers/linux_staging.hpp>

#include <vector>

namespace weft::bundlers {

// <output_root>/appimage/<productName>_<version>_<arch>.AppImage: an AppDir
// made from the Linux staging (usr/bin, usr/lib, usr/share), with AppRun,
// the .desktop file and icon at its root and .DirIcon, plus, when
// bundle.linux.appimage.portable (the default), the libraries and GTK/
// WebKitGTK run-time files the app needs (appimage_portable.hpp); then
// written with the type-2 runtime (appimage_file.hpp), signed when
// bundle.linux.appimage.sign, with bundle.linux.appimage.updateInformation.
Result<std::vector<Artifact>> bundle_appimage(const BundleContext& context, const LinuxStaging& staging);

} // namespace weft::bundlers

#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/bundle_context.hpp>
#include <weft/bundlers/linux_staging.hpp>

#include <string>
#include <vector>

namespace weft::bundlers {

// <output_root>/rpm/<name>-<version>-<release>.<arch>.rpm, written by weft's
// own header writer around a libarchive cpio payload: sha256 file digests,
// zstd (default) or xz payload, Requires from the ELF objects' NEEDED entries
// and symbol versions (`libz.so.1()(64bit)`, `libc.so.6(GLIBC_2.34)(64bit)`).
Result<std::vector<Artifact>> bundle_rpm(const BundleContext& context, const LinuxStaging& staging);

// The RPM capabilities an ELF object requires, as rpm's ELF dependency
// generator names them.
std::vector<std::string> rpm_elf_requires(const std::vector<PackagedObject>& objects, bool is_64_bit);

} // namespace weft::bundlers

#pragma once

#include <weft/base/error.hpp>
#include <weft/bundlers/bundle_context.hpp>
#include <weft/bundlers/linux_staging.hpp>

#include <vector>

namespace weft::bundlers {

// <output_root>/deb/<package>_<version>_<arch>.deb: control fields from the
// manifest, Depends from the ELF objects through the host's dpkg database,
// md5sums, conffiles, maintainer scripts, copyright, changelog.gz. Written
// under a temporary name and renamed when complete.
Result<std::vector<Artifact>> bundle_deb(const BundleContext& context, const LinuxStaging& staging);

// "Name <email>" from bundle.publisher (RFC 822); an input error located at
// the publisher when it has no e-mail address.
Result<std::string> package_maintainer(const BundleContext& context);

} // namespace weft::bundlers

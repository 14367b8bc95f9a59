#include <weft/base/shared_library.hpp>

#include <fmt/format.h>

#include <dlfcn.h>

namespace weft {

Result<SharedLibrary> SharedLibrary::open(std::initializer_list<const char*> sonames, std::string_view what,
                                          std::string_view debian_package) {
  std::string reason = "not found";
  for (const char* name : sonames) {
    if (void* handle = ::dlopen(name, RTLD_NOW | RTLD_LOCAL)) return SharedLibrary(handle);
    if (const char* error = ::dlerror(); error && reason == "not found") reason = error;
  }
  const char* first = sonames.size() ? *sonames.begin() : "";
  return fail(Error::tool(std::string(what), fmt::format("cannot load {} ({})", first, reason))
                  .with_hint(fmt::format("install it (Debian: apt-get install {})", debian_package)));
}

void* SharedLibrary::find(const char* name) const { return ::dlsym(m_handle, name); }

} // namespace weft

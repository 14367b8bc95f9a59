#pragma once

#include <weft/base/error.hpp>

#include <cstring>
#include <initializer_list>
#include <string_view>

namespace weft {

// A shared library loaded at run time. Heavy libraries that only a few
// commands need (libcurl, librsvg with glib and cairo) are loaded this way so
// that they stay off the start-up path of every other command; their headers
// are used for types only. A library is never unloaded: several (libcurl's TLS
// back end, glib's type system) do not survive it.
class SharedLibrary {
public:
  // Loads the first of `sonames` that the dynamic loader finds. On failure:
  // an Error::tool naming `what`, with a hint to install `debian_package`.
  static Result<SharedLibrary> open(std::initializer_list<const char*> sonames, std::string_view what,
                                    std::string_view debian_package);

  // Resolves `name` (searched in the library and the libraries it depends
  // on) into the function pointer `out`; false when absent.
  template <typename F>
  bool resolve(const char* name, F*& out) const {
    void* symbol = find(name);
    if (!symbol) return false;
    // POSIX lets a dlsym data pointer stand for a function; memcpy says so
    // without the cast the compiler warns about.
    static_assert(sizeof(out) == sizeof(symbol));
    std::memcpy(&out, &symbol, sizeof out);
    return true;
  }

private:
  explicit SharedLibrary(void* handle) : m_handle(handle) {}
  void* find(const char* name) const;

  void* m_handle = nullptr;
};

} // namespace weft

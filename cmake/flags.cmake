# Flags come from INTERFACE targets that our targets link PRIVATE.
add_library(weft_warnings INTERFACE)
target_compile_options(weft_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wcast-align -Wimplicit-fallthrough
  $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual>
  $<$<BOOL:${WEFT_WERROR}>:-Werror>)

# Sanitizers apply to every target, including third-party code built here,
# so they are global flags rather than an interface target.
if(WEFT_SANITIZE)
  string(REPLACE "," ";" _weft_sanitizers "${WEFT_SANITIZE}")
  foreach(_s IN LISTS _weft_sanitizers)
    if(NOT _s MATCHES "^(address|undefined|leak|thread)$")
      message(FATAL_ERROR "WEFT_SANITIZE: unknown sanitizer '${_s}' (address, undefined, leak, thread)")
    endif()
  endforeach()
  add_compile_options(-fsanitize=${WEFT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${WEFT_SANITIZE})
endif()

# Where weft finds its data (schemas, templates, runtime) once installed.
set(WEFT_DATA_DIR "${CMAKE_INSTALL_FULL_DATADIR}/weft")

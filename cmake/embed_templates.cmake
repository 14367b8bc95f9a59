# cmake -DROOT=templates -DOUTPUT=file.cpp -P embed_templates.cmake
# Writes a C++ source defining weft::embedded::template_files(): every file
# under ROOT (but README.md) as {path relative to ROOT, content}.
file(GLOB_RECURSE files RELATIVE "${ROOT}" "${ROOT}/*")
list(SORT files)
set(delimiter "weft_template")
set(body "")
foreach(file IN LISTS files)
  if(file STREQUAL "README.md")
    continue()
  endif()
  file(READ "${ROOT}/${file}" content)
  string(FIND "${content}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${ROOT}/${file} contains the raw-string delimiter")
  endif()
  string(APPEND body "    {\"${file}\", R\"${delimiter}(${content})${delimiter}\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${ROOT}; do not edit.\n#include <span>\n#include <string_view>\n#include <utility>\n"
"namespace weft::embedded {\n"
"std::span<const std::pair<std::string_view, std::string_view>> template_files() {\n"
"  static constexpr std::pair<std::string_view, std::string_view> files[] = {\n${body}  };\n"
"  return files;\n}\n}\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")

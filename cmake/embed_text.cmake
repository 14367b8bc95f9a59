# cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=name -P embed_text.cmake
# Writes a C++ source defining `std::string_view weft::embedded::<SYMBOL>()`.
file(READ "${INPUT}" content)
# Indentation carries no meaning in the JSON we embed (strings cannot hold
# raw newlines) and would push the literal past compilers' 64 KiB warning.
if(INPUT MATCHES "\\.json$")
  string(REGEX REPLACE "\n[ \t]+" "\n" content "${content}")
endif()
set(delimiter "weft_embed")
string(FIND "${content}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter")
endif()
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT}; do not edit.\n#include <string_view>\nnamespace weft::embedded {\nstd::string_view ${SYMBOL}() {\n  static constexpr std::string_view text = R\"${delimiter}(${content})${delimiter}\";\n  return text;\n}\n}\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")

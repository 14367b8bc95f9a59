# weft_app(<target> SOURCES <file>…): the app's executable, linking the weft
# runtime and the context `weft build` generated in WEFT_GEN_DIR.
function(weft_app target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "weft_app(${target}): unexpected arguments ${ARG_UNPARSED_ARGUMENTS}; "
                        "usage: weft_app(<target> SOURCES <file>...)")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "weft_app(${target}): no SOURCES; usage: weft_app(<target> SOURCES src/main.cpp ...)")
  endif()
  if(NOT WEFT_GEN_DIR)
    message(FATAL_ERROR "weft_app(${target}): WEFT_GEN_DIR is not set. Build the app with `weft build`, which "
                        "generates the context (target/<profile>/gen/) and passes its folder; afterwards "
                        "`cmake --build target/<profile>/backend` works on its own.")
  endif()
  foreach(file context.cpp assets.S)
    if(NOT EXISTS "${WEFT_GEN_DIR}/${file}")
      message(FATAL_ERROR "weft_app(${target}): ${WEFT_GEN_DIR}/${file} is missing; run `weft build` to generate it")
    endif()
  endforeach()

  add_executable(${target} ${ARG_SOURCES} "${WEFT_GEN_DIR}/context.cpp" "${WEFT_GEN_DIR}/assets.S")
  set_source_files_properties("${WEFT_GEN_DIR}/assets.S" PROPERTIES LANGUAGE ASM)
  target_compile_features(${target} PRIVATE cxx_std_20)
  target_link_libraries(${target} PRIVATE weft::weft_runtime)
  if(WEFT_OUTPUT_DIR)
    # $<1:…> keeps multi-config generators from adding a per-config folder.
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "$<1:${WEFT_OUTPUT_DIR}>")
  endif()
  if(WEFT_BINARY_NAME AND target STREQUAL WEFT_APP_TARGET)
    set_target_properties(${target} PROPERTIES OUTPUT_NAME "${WEFT_BINARY_NAME}")
  endif()
endfunction()

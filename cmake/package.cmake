# The CMake package apps build with (find_package(weft) + weft_app()): in the
# build tree under <build>/package/ (what tests and a weft run from its build
# folder use), and installed under <libdir>/cmake/weft/ with the runtime's
# static libraries and headers.
include(CMakePackageConfigHelpers)
set(WEFT_PACKAGE_TARGETS weft_runtime weft_runtime_core weft_base weft_warnings)
set(WEFT_BUILD_PACKAGE_DIR "${PROJECT_BINARY_DIR}/package")
set(WEFT_INSTALL_PACKAGE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/weft")

export(TARGETS ${WEFT_PACKAGE_TARGETS} NAMESPACE weft:: FILE "${WEFT_BUILD_PACKAGE_DIR}/weftTargets.cmake")
configure_file(cmake/weftConfig.cmake.in "${WEFT_BUILD_PACKAGE_DIR}/weftConfig.cmake" @ONLY)
configure_file(cmake/weft_app.cmake "${WEFT_BUILD_PACKAGE_DIR}/weft_app.cmake" COPYONLY)
write_basic_package_version_file("${WEFT_BUILD_PACKAGE_DIR}/weftConfigVersion.cmake"
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)

install(TARGETS ${WEFT_PACKAGE_TARGETS} EXPORT weftTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY base/include/ runtime/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT weftTargets NAMESPACE weft:: DESTINATION ${WEFT_INSTALL_PACKAGE_DIR})
install(FILES "${WEFT_BUILD_PACKAGE_DIR}/weftConfig.cmake" "${WEFT_BUILD_PACKAGE_DIR}/weftConfigVersion.cmake"
              cmake/weft_app.cmake
        DESTINATION ${WEFT_INSTALL_PACKAGE_DIR})

# `cmake --install`: the engine's headers, libtwinmatch_sw (static and shared), the CMake package
# `twinmatch` (find_package(twinmatch CONFIG) gives twinmatch::sw and twinmatch::sw_c), the
# pkg-config files twinmatch (C ABI) and twinmatch-cxx (C++ API), and the CLI when it is built.
# Everything is relocatable: `cmake --install build --prefix DIR` works for any DIR.
include(CMakePackageConfigHelpers)

set(twinmatch_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/twinmatch)

install(TARGETS twinmatch_protocol twinmatch_sw_engine twinmatch_sw_c EXPORT twinmatchTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sw_engine/include/twinmatch ${PROJECT_BINARY_DIR}/sw_engine/include/twinmatch
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT twinmatchTargets NAMESPACE twinmatch:: DESTINATION ${twinmatch_cmake_dir})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/twinmatchConfig.cmake.in
  ${PROJECT_BINARY_DIR}/twinmatchConfig.cmake INSTALL_DESTINATION ${twinmatch_cmake_dir})
# Before 1.0 only the same minor version is compatible (the ABI may change with the minor).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/twinmatchConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/twinmatchConfig.cmake
              ${PROJECT_BINARY_DIR}/twinmatchConfigVersion.cmake
        DESTINATION ${twinmatch_cmake_dir})

# pkg-config: the prefix is found from the .pc file's own place, so the tree can move.
file(RELATIVE_PATH twinmatch_pc_to_prefix /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" twinmatch_pc_to_prefix "${twinmatch_pc_to_prefix}")
foreach(pc twinmatch twinmatch-cxx)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

if(TARGET twinmatch)
  install(TARGETS twinmatch RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

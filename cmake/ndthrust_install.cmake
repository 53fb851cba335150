# Installs headers, the library and an exported ndthrust::ndthrust target for find_package(ndthrust).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY include/ndthrust DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# INCLUDES DESTINATION gives the exported target its include directory (the library's own INSTALL_INTERFACE entry
# is set before GNUInstallDirs is loaded, so it cannot be relied on).
install(TARGETS ndthrust EXPORT ndthrust-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT ndthrust-targets NAMESPACE ndthrust:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ndthrust)
set(NDTHRUST_INSTALLED_BACKEND ${NDTHRUST_BACKEND})
# Packages the backend libraries need at link time (set by ndthrust_backend_libs.cmake), found again by users.
set(NDTHRUST_INSTALLED_DEPENDENCIES "${NDTHRUST_PACKAGE_DEPENDENCIES}")
configure_package_config_file(cmake/ndthrust-config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/ndthrust-config.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ndthrust)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/ndthrust-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/ndthrust-config.cmake ${CMAKE_CURRENT_BINARY_DIR}/ndthrust-config-version.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ndthrust)

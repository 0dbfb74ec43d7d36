# What `cmake --install` puts under the prefix:
#   bin/nucleus                                  (installed by kernel/app)
#   ${NUCLEUS_MODULE_INSTALL_DIR}/lib*.so        the shipped modules (add_nucleus_module)
#   include/nucleus/module/...                   the module SDK headers, with the
#                                                generated api_hash.h
#   ${CMAKE_INSTALL_LIBDIR}/libnucleus_api.so    Mesos' messages and the resource algebra,
#   include/mesos/v1/...                         shared by the binary and every module
#   ${CMAKE_INSTALL_LIBDIR}/cmake/Nucleus/       NucleusConfig.cmake, NucleusConfigVersion.cmake,
#                                                NucleusModule.cmake, NucleusTargets.cmake
# so that an out-of-tree project can find_package(Nucleus) and call
# add_nucleus_module(). See docs/module-sdk.md.
include(CMakePackageConfigHelpers)

set(NUCLEUS_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/Nucleus")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/module-api/include/"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")
install(FILES "${NUCLEUS_MODULE_API_GENERATED_DIR}/nucleus/module/api_hash.h"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/nucleus/module")

# libnucleus_api.so (Mesos' messages and the resource algebra), its generated headers
# ("mesos/v1/mesos.pb.h") and the .proto files they come from.
install(TARGETS nucleus_api EXPORT NucleusTargets
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(DIRECTORY "${NUCLEUS_API_PROTO_GEN_DIR}/"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.pb.h")
install(DIRECTORY "${NUCLEUS_API_PROTO_IMPORT_DIR}/"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.proto")

install(TARGETS nucleus_module_api EXPORT NucleusTargets)
install(EXPORT NucleusTargets
  NAMESPACE Nucleus::
  DESTINATION "${NUCLEUS_CMAKE_INSTALL_DIR}")

# The compiler this Nucleus was built with: NucleusConfig.cmake warns a module
# project that uses another one, since the loader would refuse its modules.
set(NUCLEUS_BUILT_WITH_CXX_COMPILER_ID "${CMAKE_CXX_COMPILER_ID}")
set(NUCLEUS_BUILT_WITH_CXX_COMPILER_VERSION "${CMAKE_CXX_COMPILER_VERSION}")
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/NucleusConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/cmake/NucleusConfig.cmake"
  INSTALL_DESTINATION "${NUCLEUS_CMAKE_INSTALL_DIR}"
  PATH_VARS NUCLEUS_MODULE_INSTALL_DIR)
# A module must be built with the SDK of the Nucleus that loads it (or declare a
# compatible() check), so only the same major.minor series matches.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/cmake/NucleusConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/cmake/NucleusConfig.cmake"
  "${PROJECT_BINARY_DIR}/cmake/NucleusConfigVersion.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/NucleusModule.cmake"
  DESTINATION "${NUCLEUS_CMAKE_INSTALL_DIR}")

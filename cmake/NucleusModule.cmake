# add_nucleus_module(<name> SOURCES <files...> [LIBRARIES <targets...>] [NO_INSTALL])
#
# Builds a Nucleus module library, lib<name>.so, for dlopen by the `nucleus`
# binary. Used in-tree (modules/, test fixtures) and by out-of-tree projects after
# find_package(Nucleus) (this file is installed with the SDK).
#
# - It links Nucleus::module_api and nothing from the kernel: a module reaches the
#   kernel only through nucleus::module::Host. -Wl,--no-undefined makes a stray
#   reference to a kernel symbol a link error instead of a dlopen failure.
# - Symbols are hidden; the one entry point (NUCLEUS_MODULE_LIBRARY) is exported
#   explicitly.
# - Unless NO_INSTALL is given, `cmake --install` puts it in
#   ${NUCLEUS_MODULE_INSTALL_DIR} (lib/nucleus/modules under the install prefix),
#   where `nucleus` finds a manifest entry {"name": "<name>"}.
#
# The module must be compiled by the same compiler (and against the same
# libstdc++, Boost and protobuf) as the `nucleus` that loads it: the loader
# compares toolchain fingerprints and refuses a mismatch.
function(add_nucleus_module name)
  cmake_parse_arguments(ARG "NO_INSTALL" "" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "add_nucleus_module(${name}): give its sources with SOURCES")
  endif()
  if(NOT TARGET Nucleus::module_api)
    message(FATAL_ERROR
      "add_nucleus_module(${name}): Nucleus::module_api is not defined; call "
      "find_package(Nucleus REQUIRED) first")
  endif()

  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Nucleus::module_api ${ARG_LIBRARIES})
  target_compile_features(${name} PRIVATE cxx_std_20)
  set_target_properties(${name} PROPERTIES
    PREFIX "lib"
    OUTPUT_NAME "${name}"
    SUFFIX ".so"
    CXX_EXTENSIONS OFF
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON)
  target_link_options(${name} PRIVATE "LINKER:--no-undefined")
  if(COMMAND nucleus_warnings)
    nucleus_warnings(${name})
  endif()

  if(NOT ARG_NO_INSTALL)
    # In-tree, the `nucleus_with_modules` target builds the binary and every shipped module.
    set_property(GLOBAL APPEND PROPERTY NUCLEUS_SHIPPED_MODULES ${name})
    if(NOT DEFINED NUCLEUS_MODULE_INSTALL_DIR)
      set(NUCLEUS_MODULE_INSTALL_DIR "lib/nucleus/modules")
    endif()
    install(TARGETS ${name} LIBRARY DESTINATION "${NUCLEUS_MODULE_INSTALL_DIR}")
  endif()
endfunction()

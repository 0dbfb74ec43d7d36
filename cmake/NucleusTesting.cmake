# nucleus_add_test(<name> SOURCES <files...> [LIBS <targets...>] [LABELS <labels...>])
# One doctest binary, registered as one ctest test so ctest's summary counts binaries.
function(nucleus_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE nucleus_test_support ${ARG_LIBS})
  nucleus_warnings(${name})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES TIMEOUT 300
    ENVIRONMENT "NUCLEUS_BINARY=$<TARGET_FILE:nucleus>;NUCLEUS_SOURCE_DIR=${PROJECT_SOURCE_DIR};NUCLEUS_BUILD_DIR=${PROJECT_BINARY_DIR}")
  if(ARG_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()

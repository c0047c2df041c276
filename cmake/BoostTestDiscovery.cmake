# Registers every Boost.Test case of a test executable as its own CTest test,
# so `ctest` reports the real count. Like gtest_discover_tests: after each
# build the executable lists its cases (--list_content) and a generated file
# adds one test per case.

set(_FAIRWEATHER_BOOST_LIST_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/BoostTestList.cmake)

#   fairweather_add_boost_test(target sources... [TEST_PROPERTIES NAME VALUE ...])
# TEST_PROPERTIES are set on every case (e.g. FIXTURES_REQUIRED).
function(fairweather_add_boost_test target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "TEST_PROPERTIES")
  add_executable(${target} ${arg_UNPARSED_ARGUMENTS})
  target_link_libraries(${target} PRIVATE Boost::unit_test_framework fairweather_test_support)
  target_compile_definitions(${target} PRIVATE BOOST_TEST_DYN_LINK)

  set(generated ${CMAKE_CURRENT_BINARY_DIR}/${target}_cases.cmake)
  set(include_file ${CMAKE_CURRENT_BINARY_DIR}/${target}_include.cmake)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND}
      -D TEST_EXECUTABLE=$<TARGET_FILE:${target}>
      -D TEST_TARGET=${target}
      -D OUTPUT_FILE=${generated}
      "-D EXTRA_PROPERTIES=${arg_TEST_PROPERTIES}"
      -P ${_FAIRWEATHER_BOOST_LIST_SCRIPT}
    BYPRODUCTS ${generated}
    VERBATIM)
  file(WRITE ${include_file}
    "if(EXISTS \"${generated}\")\n"
    "  include(\"${generated}\")\n"
    "else()\n"
    "  add_test(${target}_NOT_BUILT ${target}_NOT_BUILT)\n"
    "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${include_file})
endfunction()

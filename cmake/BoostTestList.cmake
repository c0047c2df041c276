# Run by fairweather_add_boost_test after a build: lists the test cases of
# TEST_EXECUTABLE and writes OUTPUT_FILE with one add_test per case, each
# with EXTRA_PROPERTIES (more `NAME VALUE` pairs for set_tests_properties).
execute_process(
  COMMAND ${TEST_EXECUTABLE} --list_content
  OUTPUT_VARIABLE listed_out
  ERROR_VARIABLE listed_err
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${TEST_EXECUTABLE} --list_content failed (${result}):\n${listed_out}${listed_err}")
endif()
string(APPEND listed "${listed_out}" "${listed_err}")
string(REPLACE "\n" ";" lines "${listed}")

set(content "")
set(stack "")
set(prev_path "")
set(prev_depth -1)
set(count 0)
foreach(line IN LISTS lines)
  if(line STREQUAL "")
    continue()
  endif()
  string(STRIP "${line}" name)
  string(FIND "${line}" "${name}" spaces)  # the indent: 4 spaces a level
  math(EXPR depth "${spaces} / 4")
  string(REGEX REPLACE "\\*$" "" name "${name}")
  # A line at the same or a shallower depth ends the previous entry: it was a case.
  if(prev_depth GREATER_EQUAL 0 AND depth LESS_EQUAL prev_depth)
    string(APPEND content "add_test([=[${TEST_TARGET}/${prev_path}]=] [==[${TEST_EXECUTABLE}]==] --run_test=${prev_path} --color_output=no)\n")
    # A case that cannot run here (the real fixtures are absent) prints
    # "SKIPPED:" and passes; CTest then reports it as skipped.
    string(APPEND content "set_tests_properties([=[${TEST_TARGET}/${prev_path}]=] PROPERTIES SKIP_REGULAR_EXPRESSION \"SKIPPED: \" ${EXTRA_PROPERTIES})\n")
    math(EXPR count "${count} + 1")
  endif()
  list(LENGTH stack stack_len)
  while(stack_len GREATER depth)
    list(POP_BACK stack)
    list(LENGTH stack stack_len)
  endwhile()
  list(APPEND stack "${name}")
  list(JOIN stack "/" prev_path)
  set(prev_depth ${depth})
endforeach()
if(prev_depth GREATER_EQUAL 0)
  string(APPEND content "add_test([=[${TEST_TARGET}/${prev_path}]=] [==[${TEST_EXECUTABLE}]==] --run_test=${prev_path} --color_output=no)\n")
  string(APPEND content "set_tests_properties([=[${TEST_TARGET}/${prev_path}]=] PROPERTIES SKIP_REGULAR_EXPRESSION \"SKIPPED: \" ${EXTRA_PROPERTIES})\n")
  math(EXPR count "${count} + 1")
endif()
file(WRITE "${OUTPUT_FILE}" "${content}")

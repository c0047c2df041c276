# The direction of dependencies between fairweather's libraries, enforced.
#
# Each library may link only what its entry below names (its own areas and
# the external libraries it is the one owner of), so a new edge is a change
# to this file, made on purpose: weather never links the store, the gate
# never links simdjson, and only one library links each I/O library (curl:
# http, sqlite3 and libpq: store, simdjson: json, toml++: config).
#
# fairweather_check_dependencies() checks every library's direct link line
# at configure time and fails the configuration on an edge not listed. It
# also writes the edges to ${CMAKE_BINARY_DIR}/dependencies.txt, which the
# test "dependency_direction" checks again with `cmake -P` (and checks that a
# forbidden edge is caught).

if(CMAKE_SCRIPT_MODE_FILE)
  cmake_minimum_required(VERSION 3.25)  # the project's policies, if(IN_LIST) among them
endif()

set(FAIRWEATHER_LIBRARIES
  fairweather_util fairweather_json fairweather_http fairweather_release fairweather_weather
  fairweather_sources fairweather_queue fairweather_store fairweather_api fairweather_history
  fairweather_config fairweather_exporters fairweather_gate fairweather_monitor)

set(ALLOWED_fairweather_util tl::expected)
set(ALLOWED_fairweather_json fairweather_util simdjson::simdjson)
set(ALLOWED_fairweather_http fairweather_util CURL::libcurl)
set(ALLOWED_fairweather_release fairweather_util)
set(ALLOWED_fairweather_weather fairweather_release fairweather_util)
set(ALLOWED_fairweather_sources fairweather_weather fairweather_http fairweather_json
  fairweather_util)
set(ALLOWED_fairweather_queue fairweather_release fairweather_util)
set(ALLOWED_fairweather_store fairweather_weather fairweather_queue fairweather_http
  fairweather_util SQLite::SQLite3 PostgreSQL::PostgreSQL)
set(ALLOWED_fairweather_api fairweather_weather fairweather_store fairweather_queue
  fairweather_sources fairweather_http fairweather_json fairweather_util)
set(ALLOWED_fairweather_history fairweather_api fairweather_release fairweather_store
  fairweather_sources fairweather_json fairweather_util)
set(ALLOWED_fairweather_config fairweather_queue fairweather_release fairweather_sources
  fairweather_weather fairweather_http fairweather_util tomlplusplus::tomlplusplus)
set(ALLOWED_fairweather_exporters fairweather_config fairweather_history fairweather_queue
  fairweather_release fairweather_weather fairweather_http fairweather_util)
set(ALLOWED_fairweather_gate fairweather_config fairweather_exporters fairweather_api
  fairweather_history fairweather_sources fairweather_http CLI11::CLI11)
set(ALLOWED_fairweather_monitor fairweather_exporters fairweather_config fairweather_api
  fairweather_history fairweather_store fairweather_sources fairweather_queue fairweather_http
  CLI11::CLI11 Threads::Threads)

# Checks "TARGET DEPENDENCY" lines; sets PROBLEMS_OUT to the edges not allowed.
function(fairweather_forbidden_edges edges problems_out)
  set(problems "")
  foreach(edge IN LISTS edges)
    string(REPLACE " " ";" pair "${edge}")
    list(GET pair 0 target)
    list(GET pair 1 dependency)
    if(NOT DEFINED ALLOWED_${target})
      list(APPEND problems "${target} is not a fairweather library this file knows")
    elseif(NOT dependency IN_LIST ALLOWED_${target})
      list(APPEND problems "${target} links ${dependency}, which it may not")
    endif()
  endforeach()
  set(${problems_out} "${problems}" PARENT_SCOPE)
endfunction()

function(fairweather_check_dependencies)
  set(edges "")
  foreach(target IN LISTS FAIRWEATHER_LIBRARIES)
    get_target_property(links ${target} LINK_LIBRARIES)
    foreach(dependency IN LISTS links)
      list(APPEND edges "${target} ${dependency}")
    endforeach()
  endforeach()
  list(JOIN edges "\n" text)
  file(WRITE ${CMAKE_BINARY_DIR}/dependencies.txt "${text}\n")
  fairweather_forbidden_edges("${edges}" problems)
  if(problems)
    list(JOIN problems "\n  " text)
    message(FATAL_ERROR "fairweather: a dependency against the direction in "
      "cmake/Dependencies.cmake:\n  ${text}\nLink what the area may use, or change the "
      "direction there on purpose (and docs/ARCHITECTURE.md with it).")
  endif()
endfunction()

# Run as a script: cmake -D EDGES_FILE=... [-D EXTRA_EDGE="A B" -D EXPECT_FAILURE=ON]
#   -P Dependencies.cmake
if(CMAKE_SCRIPT_MODE_FILE AND DEFINED EDGES_FILE)
  file(STRINGS ${EDGES_FILE} edges)
  if(DEFINED EXTRA_EDGE)
    list(APPEND edges "${EXTRA_EDGE}")
  endif()
  fairweather_forbidden_edges("${edges}" problems)
  list(LENGTH edges count)
  if(EXPECT_FAILURE)
    if(NOT problems)
      message(FATAL_ERROR "the edge \"${EXTRA_EDGE}\" should have been refused")
    endif()
    message(STATUS "refused as it should be: ${problems}")
  elseif(problems)
    list(JOIN problems "\n  " text)
    message(FATAL_ERROR "dependencies against the direction:\n  ${text}")
  else()
    message(STATUS "${count} dependency edges, all in the allowed direction")
  endif()
endif()

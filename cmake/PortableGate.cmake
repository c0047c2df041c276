# fairweather-gate-portable: the gate of the release archive
# (scripts/package.sh), which must start on any x86_64 Linux with glibc 2.35 or
# newer (Ubuntu 22.04, the oldest GitHub-hosted runner image still supported)
# without installing anything. Same code as fairweather-gate, linked
# differently:
#   - libstdc++ and libgcc static (-static-libstdc++ -static-libgcc). Debian
#     12's libstdc++.so.6 needs glibc 2.36 (arc4random), so it cannot travel.
#   - simdjson static, compiled from the Debian source package of the very
#     version whose header we build against (Debian ships no libsimdjson.a;
#     scripts/fetch-simdjson-source.sh downloads and verifies it through apt).
#   - toml++'s compiled part static: one translation unit of our own with
#     TOML_IMPLEMENTATION over Debian's headers (they carry the whole
#     implementation), instead of libtomlplusplus.so.3, which needs libstdc++.
#   - libcurl and the C libraries it pulls in (OpenSSL, nghttp2, libssh2, ...)
#     stay shared: Debian has no static build of most of them. package.sh
#     copies them into the archive's lib/, found through an $ORIGIN run path
#     written as DT_RPATH (--disable-new-dtags), which, unlike DT_RUNPATH,
#     also applies to the libraries those libraries load.
#   - arc4random of our own (cmake/glibc_compat.cpp): the static libstdc++
#     calls it, and glibc has it only since 2.36.
#   - --as-needed drops the shared simdjson, toml++ and libstdc++ that the
#     libraries' usage requirements still name.
# Not built under the sanitizers or for fuzzing (such a gate is no release artifact)
# nor when simdjson's source is missing; FAIRWEATHER_PORTABLE_GATE says which.
set(FAIRWEATHER_SIMDJSON_SOURCE "" CACHE PATH
    "simdjson's singleheader/ directory (simdjson.cpp) for the portable gate; default: .tools/simdjson-<version>/singleheader")

function(fairweather_add_portable_gate)
  set(FAIRWEATHER_PORTABLE_GATE OFF PARENT_SCOPE)
  if(FAIRWEATHER_SANITIZE OR FAIRWEATHER_FUZZ OR NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
    return()
  endif()
  find_file(_simdjson_header simdjson.h REQUIRED)
  file(STRINGS ${_simdjson_header} _line REGEX "^#define SIMDJSON_VERSION [0-9.]+")
  string(REGEX MATCH "[0-9.]+$" _version "${_line}")
  set(_source "${FAIRWEATHER_SIMDJSON_SOURCE}")
  if(NOT _source)
    set(_source ${CMAKE_SOURCE_DIR}/.tools/simdjson-${_version}/singleheader)
  endif()
  if(NOT EXISTS ${_source}/simdjson.cpp OR NOT EXISTS ${_source}/simdjson.h)
    message(STATUS "fairweather-gate-portable: not built, no simdjson ${_version} source in ${_source} "
                   "(scripts/fetch-simdjson-source.sh fetches it)")
    return()
  endif()
  file(SHA256 ${_source}/simdjson.h _theirs)
  file(SHA256 ${_simdjson_header} _ours)
  if(NOT _theirs STREQUAL _ours)
    message(FATAL_ERROR "${_source}/simdjson.h is not the installed ${_simdjson_header}: "
                        "fetch the source of the installed version with scripts/fetch-simdjson-source.sh")
  endif()

  # Its own header directory first, so simdjson.cpp sees the header beside it.
  # Object libraries, not archives: their objects are linked whole, so they
  # define every simdjson and toml++ symbol before any shared library is seen.
  add_library(fairweather_simdjson_static OBJECT ${_source}/simdjson.cpp)
  target_include_directories(fairweather_simdjson_static PRIVATE ${_source})
  target_compile_options(fairweather_simdjson_static PRIVATE -w)

  add_library(fairweather_toml_static OBJECT ${CMAKE_SOURCE_DIR}/cmake/toml_implementation.cpp)
  target_link_libraries(fairweather_toml_static PRIVATE tomlplusplus::tomlplusplus)

  add_executable(fairweather-gate-portable ${CMAKE_SOURCE_DIR}/gate/main.cpp
    ${CMAKE_SOURCE_DIR}/cmake/glibc_compat.cpp
    $<TARGET_OBJECTS:fairweather_simdjson_static> $<TARGET_OBJECTS:fairweather_toml_static>)
  target_link_libraries(fairweather-gate-portable PRIVATE fairweather_gate)
  target_link_options(fairweather-gate-portable PRIVATE
    -static-libstdc++ -static-libgcc LINKER:--as-needed LINKER:--disable-new-dtags)
  set_target_properties(fairweather-gate-portable PROPERTIES
    BUILD_RPATH "\$ORIGIN/../lib" INSTALL_RPATH "\$ORIGIN/../lib")
  set(FAIRWEATHER_PORTABLE_GATE ON PARENT_SCOPE)
endfunction()

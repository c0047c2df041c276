# The fuzz build (FAIRWEATHER_FUZZ=ON): every library compiled for libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer, so the targets in fuzz/
# see coverage from the parsers they call and stop at the first memory error
# or undefined behaviour. Included before find_package and the libraries so
# both pick it up; scripts/fuzz.sh configures it in build-fuzz/.

# libFuzzer comes with clang only (on Debian 12: clang and libclang-rt-14-dev).
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "FAIRWEATHER_FUZZ needs clang (libFuzzer is part of clang's runtime), "
    "but the C++ compiler is ${CMAKE_CXX_COMPILER_ID} (${CMAKE_CXX_COMPILER}). Configure with "
    "-DCMAKE_CXX_COMPILER=clang++, as scripts/fuzz.sh does.")
endif()

# fuzzer-no-link instruments without libFuzzer's main, which only the targets
# link. Undefined behaviour aborts instead of printing and going on, so
# libFuzzer sees it as a crash. _GLIBCXX_ASSERTIONS checks operator[] and
# front()/back() on std containers (ABI-compatible with the uninstrumented
# system libraries, unlike _GLIBCXX_DEBUG).
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
  -fno-sanitize-recover=undefined -D_GLIBCXX_ASSERTIONS)
add_link_options(-fsanitize=address,undefined)

# Debian's toml++ is a shared library built without coverage, so libFuzzer
# would be blind inside the TOML parser. The fuzz build compiles the same
# sources header-only into fairweather_config instead; toml++'s package
# config keeps a target that already exists, so defining it first is enough.
# It is compiled as Debian ships it: assertions off (Debian's library has
# them off: "[[" followed by NUL, which trips one, is a clean parse error in
# the release binaries), while UBSan still stops at every
# __builtin_unreachable() toml++ reaches. The assertions found so far are
# listed in config/text_check.h.
add_library(tomlplusplus::tomlplusplus INTERFACE IMPORTED)
set_target_properties(tomlplusplus::tomlplusplus PROPERTIES
  INTERFACE_COMPILE_DEFINITIONS TOML_HEADER_ONLY=1
  # A function-like macro is not a compile definition CMake passes on.
  INTERFACE_COMPILE_OPTIONS "-DTOML_ASSERT(expr)=((void)0)")

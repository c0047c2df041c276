// toml++'s compiled part, for the portable gate (cmake/PortableGate.cmake):
// Debian's headers carry the whole implementation, and this one translation
// unit instantiates it, so the gate needs no libtomlplusplus.so.3.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>

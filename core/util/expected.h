#pragma once
// Errors as values: fairweather returns tl::expected where failure is an
// ordinary outcome (network, parse, config, storage). g++ 12 has no
// std::expected; tl::expected has the same shape, so a later switch is a rename.

#include <tl/expected.hpp>

namespace fairweather {

template <class T, class E>
using Expected = tl::expected<T, E>;
using tl::make_unexpected;
using tl::unexpected;

}  // namespace fairweather

#pragma once
// Checks the store tests share: a StoreResult that must hold a value (the
// test stops with the store's message when it does not) or an error.

#include <string>
#include <utility>

#include <boost/test/unit_test.hpp>

#include "core/store/state_store.h"

namespace fairweather::testing {

template <class T>
T ok(StoreResult<T> r) {
    BOOST_REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    return std::move(*r);
}

inline void ok(StoreResult<void> r) {
    BOOST_REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
}

// The error of a call that must fail.
template <class T>
std::string error_of(const StoreResult<T>& r) {
    BOOST_REQUIRE_MESSAGE(!r.has_value(), "the call succeeded; it should have failed");
    return r.error().message;
}

}  // namespace fairweather::testing

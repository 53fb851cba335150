// Shared by tests/test_sort/*.cpp: the golden file of the newer sort forms (tests/golden/sort/make_golden.py writes
// forms.txt) and an exact comparison that also matches NaN parts and the sign of zeros.
#pragma once

#include <ndthrust/ndthrust.h>
#include <ndthrust/sort.h>

#include "golden/reduce/check.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace forms {

using nd::index_t;

// The golden reader looks under <golden>/core.
inline const std::string file = "../sort/forms.txt";

inline const golden::case_t& want(const std::string& name) { return golden::get(file, name); }
inline bool has(const std::string& name) { return golden::file(file).count(name) > 0; }

template <class T, class Policy = nd::device_policy>
auto input(const std::string& name, const Policy& policy = nd::device) {
  return golden::input<T>(policy, file, name);
}

/// x and y are the same value: NaN matches NaN, and (with `signs`) zeros must have the same sign.
template <class V>
bool same(V x, V y, bool signs) {
  if constexpr (nd::is_complex_v<V>) {
    return same(x.real(), y.real(), signs) && same(x.imag(), y.imag(), signs);
  } else if constexpr (std::is_floating_point_v<V>) {
    if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
    return x == y && (!signs || std::signbit(x) == std::signbit(y));
  } else {
    return x == y;
  }
}

/// Shape and exact values against the golden case `name` (NaN parts included; signed zeros with `signs`).
template <class T, class S>
void expect_exact(const std::string& name, const nd::array<T, S>& r, bool signs = false) {
  const auto& c = want(name);
  ASSERT_EQ(nd::shape_str(r.shape()), nd::shape_str(c.shape)) << name;
  auto got  = nd::to_vector(r);
  auto want = golden::values<T>(c);
  ASSERT_EQ(got.size(), want.size()) << name;
  for (std::size_t i = 0; i < want.size(); ++i)
    EXPECT_TRUE(same(got[i], want[i], signs)) << name << " [" << i << "]: got " << got[i] << ", NumPy "
                                              << c.values[i];
}

/// Within the reductions' tolerance (float sums in another order), NaN matching NaN.
template <class R, class S>
void expect_close(const std::string& name, const nd::array<R, S>& r) {
  reduce_golden::check(file, name, r);
}

} // namespace forms

// Shared checks of tests/test_reduce.cpp and tests/test_scan.cpp: the golden layouts and a tolerant comparison
// (floating results of reductions depend on the summation order).
#pragma once

#include "golden/core/golden.h"

#include <cmath>
#include <string>

namespace reduce_golden {

/// The layouts of make_golden.py: c (as is), t (transpose(2, 0, 1)), s (a[:, ::2, ::-1]).
template <class T>
nd::device_array<T> with_layout(const nd::device_array<T>& a, const std::string& lay) {
  if (lay == "t") return nd::transpose(a, {2, 0, 1});
  if (lay == "s") return a(nd::all, nd::slice(nd::none, nd::none, 2), nd::slice(nd::none, nd::none, -1));
  return a;
}

template <class V>
void expect_close(const V& got, const V& want, const std::string& what) {
  if constexpr (nd::is_complex_v<V>) {
    expect_close(got.real(), want.real(), what + " (real)");
    expect_close(got.imag(), want.imag(), what + " (imag)");
  } else if constexpr (std::is_floating_point_v<V>) {
    if (std::isnan(want)) EXPECT_TRUE(std::isnan(got)) << what << ": expected NaN, got " << got;
    else if (std::isinf(want)) EXPECT_EQ(got, want) << what;
    else EXPECT_NEAR(got, want, (std::is_same_v<V, float> ? 2e-5 : 1e-9) * (1 + std::fabs(want))) << what;
  } else {
    EXPECT_EQ(+got, +want) << what;
  }
}

/// Shape and values of `r` against the golden case `name` of `file` (relative to the golden folder's core/).
template <class R, class S>
void check(const std::string& file, const std::string& name, const nd::array<R, S>& r) {
  const auto& c = golden::get(file, name);
  ASSERT_EQ(nd::shape_str(r.shape()), nd::shape_str(c.shape)) << name;
  auto got  = nd::to_vector(r);
  auto want = golden::values<R>(c);
  ASSERT_EQ(got.size(), want.size()) << name;
  for (std::size_t i = 0; i < want.size(); ++i)
    expect_close(static_cast<R>(got[i]), static_cast<R>(want[i]), name + " [" + std::to_string(i) + "]");
}

} // namespace reduce_golden

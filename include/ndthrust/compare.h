// ndthrust/compare.h — approximate equality: isclose and allclose (NumPy's names and semantics).
//
//   auto m  = nd::isclose(nd::device, a, b);                      // bool array of the broadcast shape
//   auto m2 = nd::isclose(nd::device, a, b, 1e-3, 0.0, true);     // rtol, atol, equal_nan
//   bool ok = nd::allclose(nd::device, a, b);                     // every element close: a host bool
//
// Elementwise |a - b| <= atol + rtol * |b| (not symmetric: b is the reference), as NumPy computes it: b is made
// inexact first (result_type(b, 1.0): integers and bool → float64, float32 stays), a - b and a == b are in the
// promoted dtype, the tolerance in b's real dtype (float64 for a C++ scalar b, which is weak as a Python scalar).
// Infinities are close only to themselves with the same sign; NaN is close to NaN only under equal_nan. Any numeric
// dtypes mix, complex included; a and b broadcast together (nd::shape_error otherwise) and are arrays, nd::map
// expressions or C++ scalars in the policy's space.
//
// isclose is one transform kernel. allclose is one fused transform-reduce (no temporary of the broadcast size); it
// returns a host bool, so it synchronises once with the policy to read the result. rtol and atol are scalars
// (NumPy also takes arrays); non-finite ones do not warn, NumPy's RuntimeWarning has no counterpart.
#pragma once

#include <ndthrust/detail/compare/isclose.h>
#include <ndthrust/elementwise.h>
#include <ndthrust/reduce.h>

namespace nd {

/// Whether a and b are elementwise equal within atol + rtol * |b| (NumPy's isclose), as a new bool array.
template <class Policy, class A, class B, std::enable_if_t<is_policy_v<Policy>, int> = 0>
array<bool, space_of_t<Policy>> isclose(const Policy& policy, const A& a, const B& b, double rtol = 1e-05,
                                        double atol = 1e-08, bool equal_nan = false) {
  return transform<bool>(policy, detail::make_isclose_fn<A, B>(rtol, atol, equal_nan), a, b);
}

/// Whether every element of isclose(a, b, …) holds (NumPy's allclose; true for empty operands). Synchronises once.
template <class Policy, class A, class B, std::enable_if_t<is_policy_v<Policy>, int> = 0>
bool allclose(const Policy& policy, const A& a, const B& b, double rtol = 1e-05, double atol = 1e-08,
              bool equal_nan = false) {
  return alltrue(policy, map(detail::make_isclose_fn<A, B>(rtol, atol, equal_nan), a, b)).item();
}

} // namespace nd

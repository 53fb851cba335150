// Helpers for the tests that give an algorithm a lazy expression (nd::map): its result must be the one the same
// call gives on the evaluated array, for every family.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/creation.h>
#include <ndthrust/transfer.h>
#include <ndthrust/views.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ndtest {

/// Same shape and values, NaN matching NaN (the dtypes are equal by the signature).
template <class T, class S>
void expect_same(const nd::array<T, S>& got, const nd::array<T, S>& want, const std::string& what) {
  ASSERT_EQ(nd::shape_str(got.shape()), nd::shape_str(want.shape())) << what;
  auto g = nd::to_vector(got);
  auto w = nd::to_vector(want);
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (g[i] != g[i] && w[i] != w[i]) continue; // both NaN
    EXPECT_TRUE(g[i] == w[i]) << what << " [" << i << "]";
  }
}

/// x * 3 - 7 in x's type: a map whose values differ from its input's, with negatives and (for floats) fractions.
struct affine_fn {
  template <class T>
  NDTHRUST_HD T operator()(T x) const {
    return static_cast<T>(x * T(3) - T(7));
  }
};

/// A (4, 6) array of T seen transposed as (6, 4), so that maps over it read a strided leaf. Values repeat (sorts and
/// unique meet ties) and include negatives.
template <class T>
nd::device_array<T> strided_input() {
  std::vector<T> v;
  for (int i = 0; i < 24; ++i) v.push_back(static_cast<T>((i * 7) % 11 - 3));
  return nd::transpose(nd::asarray(nd::device, v, nd::shape_t{4, 6}));
}

} // namespace ndtest

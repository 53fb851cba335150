// np.unique(a, axis=k): the distinct slices along an axis, against NumPy (forms.txt), plus empty shapes and errors.
#include "forms.h"
#include "support/same.h"

#include <cstdint>
#include <string>
#include <vector>

namespace {

using forms::expect_exact;
using forms::input;

TEST(UniqueAxis, Float64) {
  auto u = input<double>("ua_f64");
  // NaN rows never merge; -0.0 and 0.0 rows do (the first in input order is kept: 0.0).
  expect_exact("ua_f64_a0", nd::unique(nd::device, u, 0), /*signs=*/true);
  expect_exact("ua_f64_a1", nd::unique(nd::device, u, 1), true);
  expect_exact("ua_f64_am1", nd::unique(nd::device, u, -1), true);
  expect_exact("ua_f64_a0", nd::unique(nd::device, u, std::int64_t{0}), true);
}

TEST(UniqueAxis, Int32ThreeAxes) {
  auto u = input<std::int32_t>("ua_i32");
  expect_exact("ua_i32_a0", nd::unique(nd::device, u, 0));
  expect_exact("ua_i32_a1", nd::unique(nd::device, u, 1));
  expect_exact("ua_i32_a2", nd::unique(nd::device, u, 2));
  // A transposed view: unique along axis 0 of u.T is unique along axis 2 of u, transposed.
  auto t = nd::unique(nd::device, nd::transpose(u), 0);
  ndtest::expect_same(t, nd::copy(nd::device, nd::transpose(nd::unique(nd::device, u, 2))), "transposed view");
}

TEST(UniqueAxis, ComplexAnd1d) {
  expect_exact("ua_c128_a0", nd::unique(nd::device, input<nd::complex128>("ua_c128"), 0));
  // 1-d: NumPy's flattened unique, whose equal_nan merges the NaNs (not with an axis of a 2-d array: ua_f64).
  auto a = input<double>("ua_1d");
  expect_exact("ua_1d_a0", nd::unique(nd::device, a, 0));
  expect_exact("ua_1d_a0", nd::unique(nd::device, a, -1));
  EXPECT_EQ(nd::unique(nd::device, a, 0, /*equal_nan=*/false).size(), 5);
  golden::expect_error<nd::axis_error>([&] { nd::unique(nd::device, a, 1); },
                                       "axis 1 is out of bounds for array of dimension 1");
}

TEST(UniqueAxis, HostAndExpressions) {
  auto h = nd::to_host(input<std::int32_t>("ua_i32"));
  expect_exact("ua_i32_a1", nd::unique(nd::host, h, 1));
  auto u = input<std::int32_t>("ua_i32");
  auto e = nd::map(ndtest::affine_fn{}, u);
  ndtest::expect_same(nd::unique(nd::device, e, 1), nd::unique(nd::device, nd::evaluate(nd::device, e), 1), "map");
}

TEST(UniqueAxis, EmptyShapes) {
  // NumPy: slices of no elements are all equal, so n > 0 of them make one.
  EXPECT_EQ(nd::shape_str(nd::unique(nd::device, nd::zeros<float>(nd::device, {0, 3}), 0).shape()), "(0, 3)");
  EXPECT_EQ(nd::shape_str(nd::unique(nd::device, nd::zeros<float>(nd::device, {3, 0}), 0).shape()), "(1, 0)");
  EXPECT_EQ(nd::shape_str(nd::unique(nd::device, nd::zeros<float>(nd::device, {0, 3}), 1).shape()), "(0, 1)");
  EXPECT_EQ(nd::shape_str(nd::unique(nd::device, nd::zeros<float>(nd::device, {3, 0}), 1).shape()), "(3, 0)");
  auto one = nd::full<std::int32_t>(nd::device, {1, 4}, 7);
  EXPECT_EQ(nd::to_vector(nd::unique(nd::device, one, 0)), std::vector<std::int32_t>(4, 7));
  EXPECT_EQ(nd::shape_str(nd::unique(nd::device, one, 1).shape()), "(1, 1)");
}

TEST(UniqueAxis, Errors) {
  auto u = input<double>("ua_f64");
  golden::expect_error<nd::axis_error>([&] { nd::unique(nd::device, u, 2); },
                                       "axis 2 is out of bounds for array of dimension 2");
  golden::expect_error<nd::axis_error>([&] { nd::unique(nd::device, u, -3); },
                                       "axis -3 is out of bounds for array of dimension 2");
  golden::expect_error<nd::axis_error>([&] { nd::unique(nd::device, nd::full<double>(nd::device, {}, 3.0), 0); },
                                       "axis 0 is out of bounds for array of dimension 0");
  // unique(a, false) is still equal_nan=false on the flattened array, not an axis.
  EXPECT_EQ(nd::unique(nd::device, input<double>("ua_1d"), false).size(), 5);
}

} // namespace

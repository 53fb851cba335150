// quantile / percentile with an array of q (array, std::vector and list forms), and median / quantile over tuples of
// axes, against NumPy golden data (tests/golden/quantile/make_golden.py), plus dtypes, host policy and error cases.
#include <ndthrust/ndthrust.h>
#include <ndthrust/quantile.h>

#include "cases.h"
#include "support/same.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace {

using nd::index_t;
using quantile_golden::file;
using quantile_golden::input;
using reduce_golden::check;

const std::vector<double> qarr = {0.0, 0.1, 0.25, 0.5, 0.9, 1.0};
const std::vector<double> parr = {0.0, 12.5, 50.0, 87.5, 100.0};

const char* const axes[] = {"all", "a0", "a1", "am1"};
nd::quantile_axes axis_of(const std::string& key) {
  if (key == "all") return {};
  return key == "am1" ? -1 : key[1] - '0';
}
const std::pair<const char*, nd::quantile_axes> tuples[] = {
  {"t02", {0, 2}}, {"t01", {0, 1}}, {"t12", {1, 2}}, {"tm10", {-1, 0}}, {"t012", {0, 1, 2}}, {"tnone", nd::small_vec<index_t>{}}};

template <class Q>
nd::device_array<Q> qs(const std::vector<double>& v, nd::shape_t shape = {}) {
  if (shape.size() == 0) shape = {static_cast<index_t>(v.size())};
  std::vector<Q> c(v.begin(), v.end());
  return nd::asarray(nd::device, c, shape);
}

template <class T>
void run_array_q(const std::string& dt) {
  auto a   = input<T>(dt);
  auto q64 = qs<double>(qarr);
  auto q32 = qs<float>(qarr);
  // NumPy's lerp promotes the input with q's dtype (a float64 q array is not weak).
  using R64 = typename decltype(nd::quantile(nd::device, a, q64))::value_type;
  using R32 = typename decltype(nd::quantile(nd::device, a, q32))::value_type;
  static_assert(std::is_same_v<R64, double>);
  static_assert(std::is_same_v<R32, std::conditional_t<(sizeof(T) <= 2 || std::is_same_v<T, float>), float, double>>);
  for (const char* ax : axes) {
    const std::string k = dt + "_" + ax;
    check(file, "qarr_" + k, nd::quantile(nd::device, a, q64, axis_of(ax)));
    check(file, "qarr32_" + k, nd::quantile(nd::device, a, q32, axis_of(ax)));
  }
  check(file, "qarr_" + dt + "_a1_k", nd::quantile(nd::device, a, q64, 1, true));
  check(file, "q2d_" + dt + "_a1", nd::quantile(nd::device, a, qs<double>({0.0, 0.3, 0.75, 0.5, 1.0, 0.05}, {2, 3}), 1));
  auto q0 = nd::full<double>(nd::device, nd::shape_t{}, 0.3);
  check(file, "q0d_" + dt + "_am1", nd::quantile(nd::device, a, q0, -1));
  check(file, "parr_" + dt + "_a1", nd::percentile(nd::device, a, qs<double>(parr), 1));
  check(file, "parr32_" + dt + "_a0", nd::percentile(nd::device, a, qs<float>(parr), 0));
  // The list and std::vector forms are 1-d float64 arrays of q.
  check(file, "qarr_" + dt + "_a0", nd::quantile(nd::device, a, qarr, 0));
  check(file, "qarr_" + dt + "_a0", nd::quantile(nd::device, a, {0.0, 0.1, 0.25, 0.5, 0.9, 1.0}, 0));
  check(file, "parr_" + dt + "_a1", nd::percentile(nd::device, a, {0, 12.5, 50, 87.5, 100}, 1));
}

TEST(QuantileArrayQ, Float64) { run_array_q<double>("f64"); }
TEST(QuantileArrayQ, Float32) { run_array_q<float>("f32"); }
TEST(QuantileArrayQ, Int32) { run_array_q<std::int32_t>("i32"); }
TEST(QuantileArrayQ, Int8) { run_array_q<std::int8_t>("i8"); }

TEST(QuantileArrayQ, ScalarQStaysWeak) {
  // A C++ number is weak as a Python float: float32 input keeps float32; a one-element list is an array of q.
  auto a = input<float>("f32");
  static_assert(std::is_same_v<decltype(nd::quantile(nd::device, a, 0.5))::value_type, float>);
  static_assert(std::is_same_v<decltype(nd::quantile(nd::device, a, {0.5}))::value_type, double>);
  EXPECT_EQ(nd::quantile(nd::device, a, {0.5}, 1).shape(), (nd::shape_t{1, 2, 4}));
}

TEST(QuantileArrayQ, NaNForms) {
  auto a = input<double>("nan");
  for (const char* ax : axes) {
    const std::string k = std::string("nan_") + ax;
    check(file, "qarr_" + k, nd::quantile(nd::device, a, qs<double>(qarr), axis_of(ax)));
    check(file, "nanqarr_" + k, nd::nanquantile(nd::device, a, qs<double>(qarr), axis_of(ax)));
    check(file, "nanparr_" + k, nd::nanpercentile(nd::device, a, parr, axis_of(ax)));
  }
}

TEST(QuantileArrayQ, EmptyQ) {
  auto a = input<double>("f64");
  auto r = nd::quantile(nd::device, a, std::vector<double>{}, 1);
  EXPECT_EQ(r.shape(), (nd::shape_t{0, 2, 4}));
}

template <class T>
void run_tuples(const std::string& dt) {
  auto a = input<T>(dt);
  for (const auto& [tn, ax] : tuples) {
    check(file, "median_" + dt + "_" + tn, nd::median(nd::device, a, ax));
    check(file, "quantile_" + dt + "_" + tn + "_q90", nd::quantile(nd::device, a, 0.9, ax));
  }
  check(file, "median_" + dt + "_t02_k", nd::median(nd::device, a, {0, 2}, true));
  check(file, "qarr_" + dt + "_t02_k", nd::quantile(nd::device, a, qarr, {0, 2}, true));
  check(file, "qarr_" + dt + "_t12", nd::quantile(nd::device, a, qs<double>(qarr), {1, 2}));
}

TEST(QuantileTupleAxes, Float64) { run_tuples<double>("f64"); }
TEST(QuantileTupleAxes, Float32) { run_tuples<float>("f32"); }
TEST(QuantileTupleAxes, Int32) { run_tuples<std::int32_t>("i32"); }
TEST(QuantileTupleAxes, Int8) { run_tuples<std::int8_t>("i8"); }

TEST(QuantileTupleAxes, NaNForms) {
  auto a = input<double>("nan");
  for (const auto& [tn, ax] : tuples) {
    check(file, std::string("median_nan_") + tn, nd::median(nd::device, a, ax));
    check(file, std::string("nanmedian_nan_") + tn, nd::nanmedian(nd::device, a, ax));
    check(file, std::string("nanqarr_nan_") + tn, nd::nanquantile(nd::device, a, qarr, ax));
  }
  check(file, "nanqarr32_nan_t02_k", nd::nanquantile(nd::device, a, qs<float>(qarr), {0, 2}, true));
}

TEST(QuantileTupleAxes, TransposedInput) {
  auto t = nd::transpose(input<double>("f64"), {2, 0, 1});
  check(file, "median_f64T_t02", nd::median(nd::device, t, {0, 2}));
  check(file, "qarr_f64T_t12", nd::quantile(nd::device, t, qs<double>(qarr), {1, 2}));
}

TEST(QuantileArrayQ, HostPolicy) {
  auto a = nd::to_host(input<double>("f64"));
  auto q = nd::to_host(qs<double>(qarr));
  check(file, "qarr_f64_am1", nd::quantile(nd::host, a, q, -1));
  check(file, "qarr_f64_t02_k", nd::quantile(nd::host, a, qarr, {0, 2}, true));
  check(file, "median_f64_t12", nd::median(nd::host, a, {1, 2}));
  check(file, "nanqarr_nan_t02", nd::nanquantile(nd::host, nd::to_host(input<double>("nan")), q, {0, 2}));
  check(file, "parr_f64_a1", nd::percentile(nd::host, a, nd::to_host(qs<double>(parr)), 1));
}

// Lazy expressions over tuples of axes and with array q: the results are those of the evaluated array.
TEST(QuantileTupleAxes, MapInput) {
  using ndtest::expect_same;
  auto e = nd::map(ndtest::affine_fn{}, ndtest::strided_input<double>());
  auto v = nd::evaluate(nd::device, e);
  expect_same(nd::median(nd::device, e, {0, 1}), nd::median(nd::device, v, {0, 1}), "median (0, 1)");
  expect_same(nd::quantile(nd::device, e, qarr, {1, 0}, true), nd::quantile(nd::device, v, qarr, {1, 0}, true),
              "quantile (1, 0) keepdims");
  expect_same(nd::nanpercentile(nd::device, e, qs<float>(parr), -1), nd::nanpercentile(nd::device, v, qs<float>(parr), -1),
              "nanpercentile float32 p");
}

TEST(QuantileArrayQ, Errors) {
  auto a = input<double>("f64");
  const char* qmsg = "Quantiles must be in the range [0, 1]";
  const char* pmsg = "Percentiles must be in the range [0, 100]";
  golden::expect_error<nd::value_error>([&] { nd::quantile(nd::device, a, qs<double>({0.5, 1.5})); }, qmsg);
  golden::expect_error<nd::value_error>([&] { nd::quantile(nd::device, a, qs<double>({0.5, NAN}), 0); }, qmsg);
  golden::expect_error<nd::value_error>([&] { nd::nanquantile(nd::device, a, qs<float>({-0.1}), 0); }, qmsg);
  golden::expect_error<nd::value_error>([&] { nd::quantile(nd::device, a, {0.2, 1.01}); }, qmsg);
  golden::expect_error<nd::value_error>([&] { nd::nanquantile(nd::host, nd::to_host(a), std::vector<double>{-1.0}); },
                                        qmsg);
  golden::expect_error<nd::value_error>([&] { nd::percentile(nd::device, a, qs<double>({50, 101}), 1); }, pmsg);
  golden::expect_error<nd::value_error>([&] { nd::nanpercentile(nd::device, a, {-5.0}); }, pmsg);
  golden::expect_error<nd::value_error>(
    [&] { nd::quantile(nd::device, a, qs<double>({0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, {2, 2, 2})); },
    "q must be a scalar or 1d");
  golden::expect_error<nd::value_error>([&] { nd::median(nd::device, a, {0, 0}); }, "repeated axis");
  golden::expect_error<nd::value_error>([&] { nd::quantile(nd::device, a, 0.5, {2, -1}); }, "repeated axis");
  golden::expect_error<nd::axis_error>([&] { nd::median(nd::device, a, {0, 3}); },
                                       "axis 3 is out of bounds for array of dimension 3");
  golden::expect_error<nd::axis_error>([&] { nd::nanquantile(nd::device, a, qarr, {-4, 1}); },
                                       "axis -4 is out of bounds for array of dimension 3");
}

} // namespace

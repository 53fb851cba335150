// median / quantile / percentile and their nan forms against NumPy golden data (tests/golden/quantile/make_golden.py),
// plus keepdims, single-element, empty and error cases.
#include <ndthrust/ndthrust.h>
#include <ndthrust/quantile.h>

#include "test_quantile/cases.h"
#include "support/same.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

namespace {

using nd::index_t;
using quantile_golden::file;
using quantile_golden::input;
using reduce_golden::check;

const char* const axes[] = {"all", "a0", "a1", "am1"};
std::optional<index_t> axis_of(const std::string& key) {
  if (key == "all") return std::nullopt;
  return key == "am1" ? -1 : key[1] - '0';
}

const std::pair<const char*, double> all_qs[] = {{"q0", 0.0}, {"q25", 0.25}, {"q50", 0.5}, {"q90", 0.9}, {"q100", 1.0}};

bool has(const std::string& name) { return golden::file(file).count(name) > 0; }

template <class T>
void run_dtype(const std::string& dt) {
  auto a   = input<T>(dt);
  auto a2  = input<T>(dt + "_2d");
  int seen = 0;
  for (const char* ax : axes) {
    const std::string k = dt + "_" + ax;
    check(file, "median_" + k, nd::median(nd::device, a, axis_of(ax)));
    for (const auto& [qn, q] : all_qs) {
      if (!has("quantile_" + k + "_" + qn)) continue;
      ++seen;
      check(file, "quantile_" + k + "_" + qn, nd::quantile(nd::device, a, q, axis_of(ax)));
    }
    if (std::string(ax) == "am1") continue;
    check(file, "median_" + dt + "_2d_" + ax, nd::median(nd::device, a2, axis_of(ax)));
    check(file, "quantile_" + dt + "_2d_" + ax + "_q90", nd::quantile(nd::device, a2, 0.9, axis_of(ax)));
  }
  EXPECT_GE(seen, 8) << "golden cases missing for " << dt;
  check(file, "percentile_" + dt + "_a1_p37.5", nd::percentile(nd::device, a, 37.5, 1));
}

TEST(Quantile, Float64) { run_dtype<double>("f64"); }
TEST(Quantile, Float32) { run_dtype<float>("f32"); }
TEST(Quantile, Int32GivesFloat64) {
  static_assert(std::is_same_v<decltype(nd::median(nd::device, input<std::int32_t>("i32")))::value_type, double>);
  run_dtype<std::int32_t>("i32");
}
TEST(Quantile, Float32StaysFloat32) {
  static_assert(std::is_same_v<decltype(nd::quantile(nd::device, input<float>("f32"), 0.5))::value_type, float>);
}

TEST(Quantile, KeepDims) {
  auto a = input<double>("f64");
  for (const char* ax : {"all", "a1", "am1"}) {
    const std::string k = std::string("f64_") + ax;
    check(file, "quantile_" + k + "_q25_k", nd::quantile(nd::device, a, 0.25, axis_of(ax), true));
    check(file, "median_" + k + "_k", nd::median(nd::device, a, axis_of(ax), true));
  }
}

TEST(Quantile, NaNPropagatesOrIsSkipped) {
  auto a = input<double>("nan");
  for (const char* ax : axes) {
    const std::string k = std::string("nan_") + ax;
    check(file, "median_" + k, nd::median(nd::device, a, axis_of(ax)));
    check(file, "nanmedian_" + k, nd::nanmedian(nd::device, a, axis_of(ax)));
    for (const auto& [qn, q] : {std::pair<const char*, double>{"q25", 0.25}, {"q90", 0.9}}) {
      check(file, "quantile_" + k + "_" + qn, nd::quantile(nd::device, a, q, axis_of(ax)));
      check(file, "nanquantile_" + k + "_" + qn, nd::nanquantile(nd::device, a, q, axis_of(ax)));
    }
    check(file, "nanpercentile_" + k + "_p90", nd::nanpercentile(nd::device, a, 90.0, axis_of(ax)));
  }
}

TEST(Quantile, SingleElement) {
  auto a = input<double>("one");
  check(file, "median_one_all", nd::median(nd::device, a));
  check(file, "quantile_one_all_q90", nd::quantile(nd::device, a, 0.9));
  check(file, "nanquantile_one_all_q90", nd::nanquantile(nd::device, a, 0.9));
  EXPECT_EQ(nd::median(nd::device, a, 0, true).shape(), nd::shape_t{1});
}

TEST(Quantile, HostPolicyAndStridedInput) {
  auto a = nd::to_host(input<double>("f64"));
  auto r = nd::quantile(nd::host, a, 0.9, -1);
  check(file, "quantile_f64_am1_q90", r);
  // A transposed view gives the same lines as moving the axis: quantile over axis 0 of a.T is over a's last axis.
  auto t = nd::quantile(nd::host, nd::transpose(a), 0.9, 0);
  check(file, "quantile_f64_am1_q90", nd::transpose(t));
}

TEST(Quantile, EmptyGivesNaN) {
  auto e = nd::zeros<double>(nd::device, {0, 3});
  auto m = nd::median(nd::device, e, 0);
  ASSERT_EQ(m.shape(), nd::shape_t{3});
  for (double v : nd::to_vector(m)) EXPECT_TRUE(std::isnan(v));
  EXPECT_TRUE(std::isnan(nd::quantile(nd::device, e, 0.5).item()));
  EXPECT_EQ(nd::median(nd::device, e, 1).shape(), nd::shape_t{0});
}

TEST(Quantile, Errors) {
  auto a = input<double>("f64");
  golden::expect_error<nd::value_error>([&] { nd::quantile(nd::device, a, 1.5); },
                                        "Quantiles must be in the range [0, 1]");
  golden::expect_error<nd::value_error>([&] { nd::nanquantile(nd::device, a, -0.1, 0); },
                                        "Quantiles must be in the range [0, 1]");
  golden::expect_error<nd::value_error>([&] { nd::percentile(nd::device, a, 101.0); },
                                        "Percentiles must be in the range [0, 100]");
  golden::expect_error<nd::value_error>([&] { nd::nanpercentile(nd::device, a, -1.0); },
                                        "Percentiles must be in the range [0, 100]");
  golden::expect_error<nd::axis_error>([&] { nd::median(nd::device, a, 3); },
                                       "axis 3 is out of bounds for array of dimension 3");
  golden::expect_error<nd::axis_error>([&] { nd::quantile(nd::device, a, 0.5, -4); },
                                       "axis -4 is out of bounds for array of dimension 3");
}

// Lazy expressions (nd::map) are evaluated, then sorted: the results are those of the evaluated array.
/// NaN for negative inputs, for the nan forms.
struct nan_below_zero_fn {
  template <class T>
  NDTHRUST_HD T operator()(T x) const {
    return x < T(0) ? T(NAN) : x;
  }
};

template <class T>
void run_map_quantiles() {
  using ndtest::expect_same;
  auto e = nd::map(ndtest::affine_fn{}, ndtest::strided_input<T>());
  auto v = nd::evaluate(nd::device, e);
  for (std::optional<index_t> ax : {std::optional<index_t>(0), std::optional<index_t>(-1), std::optional<index_t>()}) {
    std::string k = ax ? std::to_string(*ax) : "None";
    expect_same(nd::median(nd::device, e, ax), nd::median(nd::device, v, ax), "median axis " + k);
    expect_same(nd::quantile(nd::device, e, 0.3, ax, true), nd::quantile(nd::device, v, 0.3, ax, true),
                "quantile axis " + k);
    expect_same(nd::percentile(nd::device, e, 85.0, ax), nd::percentile(nd::device, v, 85.0, ax),
                "percentile axis " + k);
  }
  if constexpr (std::is_floating_point_v<T>) {
    auto n  = nd::map(nan_below_zero_fn{}, e);
    auto nv = nd::evaluate(nd::device, n);
    for (index_t ax : {0, 1}) {
      expect_same(nd::nanmedian(nd::device, n, ax), nd::nanmedian(nd::device, nv, ax), "nanmedian");
      expect_same(nd::nanquantile(nd::device, n, 0.6, ax), nd::nanquantile(nd::device, nv, 0.6, ax), "nanquantile");
      expect_same(nd::nanpercentile(nd::device, n, 40.0, ax), nd::nanpercentile(nd::device, nv, 40.0, ax),
                  "nanpercentile");
    }
  }
}

TEST(QuantileMap, Float64) { run_map_quantiles<double>(); }
TEST(QuantileMap, Int32) { run_map_quantiles<std::int32_t>(); }

} // namespace

// nd::isclose / nd::allclose against NumPy golden data (tests/golden/elementwise/make_golden.py), exactly: mixed
// dtypes (each step in NumPy's dtype), infinities, NaN with and without equal_nan, broadcasting, weak C++ scalars,
// expressions, the host policy and error cases.
#include <ndthrust/compare.h>
#include <ndthrust/ndthrust.h>

#include "golden/core/golden.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace {

const std::string file = "../elementwise/isclose.txt";

template <class S>
void check_bool(const std::string& name, const nd::array<bool, S>& r) {
  const auto& c = golden::get(file, name);
  ASSERT_EQ(nd::shape_str(r.shape()), nd::shape_str(c.shape)) << name;
  auto got  = nd::to_vector(r);
  auto want = golden::values<bool>(c);
  ASSERT_EQ(got.size(), want.size()) << name;
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(bool(got[i]), want[i]) << name << " [" << i << "]";
}
bool golden_bool(const std::string& name) { return golden::values<bool>(golden::get(file, name)).at(0); }

template <class A, class B>
void run_case(const std::string& name) {
  auto a = golden::input<A>(nd::device, file, "in_" + name + "_a");
  auto b = golden::input<B>(nd::device, file, "in_" + name + "_b");
  check_bool("isclose_" + name + "_def", nd::isclose(nd::device, a, b));
  check_bool("isclose_" + name + "_nan", nd::isclose(nd::device, a, b, 1e-05, 1e-08, true));
  check_bool("isclose_" + name + "_r3", nd::isclose(nd::device, a, b, 1e-3, 0.0));
  check_bool("isclose_" + name + "_a1", nd::isclose(nd::device, a, b, 1e-05, 0.1));
  EXPECT_EQ(nd::allclose(nd::device, a, b), golden_bool("allclose_" + name + "_def")) << name;
  EXPECT_EQ(nd::allclose(nd::device, a, b, 1e-05, 1e-08, true), golden_bool("allclose_" + name + "_nan")) << name;
  EXPECT_EQ(nd::allclose(nd::device, a, b, 1e-3, 0.0), golden_bool("allclose_" + name + "_r3")) << name;
  EXPECT_EQ(nd::allclose(nd::device, a, b, 1e-05, 0.1), golden_bool("allclose_" + name + "_a1")) << name;
}

using c128 = thrust::complex<double>;

TEST(IsClose, Float64) { run_case<double, double>("f64"); }
TEST(IsClose, Float32) { run_case<float, float>("f32"); }
TEST(IsClose, Float32WithFloat64) { run_case<float, double>("f32f64"); }
TEST(IsClose, Float64WithFloat32) { run_case<double, float>("f64f32"); }
TEST(IsClose, Int32WithFloat32) { run_case<std::int32_t, float>("i32f32"); }
TEST(IsClose, Int64) { run_case<std::int64_t, std::int64_t>("i64"); }
TEST(IsClose, UInt8WithInt8) { run_case<std::uint8_t, std::int8_t>("u8i8"); }
TEST(IsClose, Bool) { run_case<bool, bool>("bool"); }
TEST(IsClose, Complex128) { run_case<c128, c128>("c128"); }
TEST(IsClose, Complex128WithFloat64) { run_case<c128, double>("c128f64"); }
TEST(IsClose, Broadcast) { run_case<double, double>("bcast"); }
TEST(IsClose, Empty) { run_case<double, double>("empty"); }

TEST(IsClose, WeakScalars) {
  // A C++ scalar is weak, as a Python scalar: b = 1.0 keeps a's float32 for a - b, its tolerance is float64.
  for (const char* n : {"f32", "f64"}) {
    const std::string name = n;
    if (name == "f32") {
      auto a = golden::input<float>(nd::device, file, "in_f32_a");
      check_bool("isclose_f32_scalarb", nd::isclose(nd::device, a, 1.0));
      check_bool("isclose_f32_scalara", nd::isclose(nd::device, 1.0, a));
      check_bool("isclose_f32_scalarb_r3", nd::isclose(nd::device, a, 1.00001, 1e-3, 0.0));
    } else {
      auto a = golden::input<double>(nd::device, file, "in_f64_a");
      check_bool("isclose_f64_scalarb", nd::isclose(nd::device, a, 1.0));
      check_bool("isclose_f64_scalara", nd::isclose(nd::device, 1.0, a));
      check_bool("isclose_f64_scalarb_r3", nd::isclose(nd::device, a, 1.00001, 1e-3, 0.0));
    }
  }
  check_bool("isclose_i32_scalarb", nd::isclose(nd::device, golden::input<std::int32_t>(nd::device, file, "in_i32f32_a"), 3));
}

TEST(IsClose, ExpressionsViewsAndHost) {
  auto a = golden::input<double>(nd::device, file, "in_f64_a");
  auto b = golden::input<double>(nd::device, file, "in_f64_b");
  // An nd::map operand is read inside the one kernel; reversed views give the reversed result.
  check_bool("isclose_f64_def", nd::isclose(nd::device, nd::map(nd::ops::positive{}, a), b));
  check_bool("isclose_f64_nan", nd::flip(nd::isclose(nd::device, nd::flip(a), nd::flip(b), 1e-05, 1e-08, true)));
  EXPECT_EQ(nd::allclose(nd::device, nd::map(nd::ops::positive{}, a), b, 1e-3, 0.0), golden_bool("allclose_f64_r3"));
  auto ha = nd::to_host(a), hb = nd::to_host(b);
  check_bool("isclose_f64_a1", nd::isclose(nd::host, ha, hb, 1e-05, 0.1));
  EXPECT_EQ(nd::allclose(nd::host, ha, hb, 1e-05, 1e-08, true), golden_bool("allclose_f64_nan"));
  auto f = nd::to_host(golden::input<float>(nd::device, file, "in_f32_a"));
  check_bool("isclose_f32_scalarb", nd::isclose(nd::host, f, 1.0));
  // Equal arrays are close; one element off is not.
  auto x = nd::arange<double>(nd::device, 1000.0);
  EXPECT_TRUE(nd::allclose(nd::device, x, x));
  auto y = nd::copy(nd::device, x);
  nd::fill(nd::device, y(nd::slice(500, 501)), 500.1);
  EXPECT_FALSE(nd::allclose(nd::device, x, y));
  EXPECT_TRUE(nd::allclose(nd::device, x, y, 0.0, 0.2));
}

TEST(IsClose, Errors) {
  auto a = nd::zeros<double>(nd::device, {2});
  auto b = nd::zeros<double>(nd::device, {3});
  golden::expect_error<nd::shape_error>([&] { nd::isclose(nd::device, a, b); },
                                        "operands could not be broadcast together with shapes (2,) (3,)");
  golden::expect_error<nd::shape_error>([&] { nd::allclose(nd::device, a, b); },
                                        "operands could not be broadcast together with shapes (2,) (3,)");
}

} // namespace

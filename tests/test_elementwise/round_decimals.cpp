// nd::round / nd::around with decimals against NumPy golden data (tests/golden/elementwise/make_golden.py), exactly:
// every real, complex and integer dtype, positive and negative decimals, overflow to inf and integer wrap-around,
// plus views, expressions, the host policy and error cases.
#include <ndthrust/ndthrust.h>

#include "golden/core/golden.h"

#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <cstdint>
#include <string>

namespace {

const std::string file = "../elementwise/round.txt";

template <class T>
void expect_exact(const T& got, const T& want, const std::string& what) {
  if constexpr (nd::is_complex_v<T>) {
    expect_exact(got.real(), want.real(), what + " (real)");
    expect_exact(got.imag(), want.imag(), what + " (imag)");
  } else if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(want)) EXPECT_TRUE(std::isnan(got)) << what << ": expected NaN, got " << got;
    else EXPECT_TRUE(got == want && std::signbit(got) == std::signbit(want)) << what << ": got " << got << ", NumPy " << want;
  } else {
    EXPECT_EQ(+got, +want) << what;
  }
}

template <class T, class S>
void check_exact(const std::string& name, const nd::array<T, S>& r) {
  const auto& c = golden::get(file, name);
  ASSERT_EQ(nd::shape_str(r.shape()), nd::shape_str(c.shape)) << name;
  auto got  = nd::to_vector(r);
  auto want = golden::values<T>(c);
  ASSERT_EQ(got.size(), want.size()) << name;
  for (std::size_t i = 0; i < want.size(); ++i) expect_exact(static_cast<T>(got[i]), want[i], name + " [" + std::to_string(i) + "]");
}

/// Every golden case round_<dt>_d<k> / _dm<k> of the file, run on nd::device.
template <class T>
void run_round(const std::string& dt) {
  auto a                  = golden::input<T>(nd::device, file, "in_" + dt);
  const std::string stem  = "round_" + dt + "_d";
  int seen                = 0;
  for (const auto& [name, c] : golden::file(file)) {
    if (name.compare(0, stem.size(), stem) != 0) continue;
    const std::string k = name.substr(stem.size());
    const int d         = k[0] == 'm' ? -std::stoi(k.substr(1)) : std::stoi(k);
    auto r              = nd::round(nd::device, a, d);
    static_assert(std::is_same_v<typename decltype(r)::value_type, T>, "round keeps the input's dtype");
    check_exact(name, r);
    ++seen;
  }
  EXPECT_GE(seen, 2) << "golden cases missing for " << dt;
}

TEST(RoundDecimals, Float64) { run_round<double>("f64"); }
TEST(RoundDecimals, Float32) { run_round<float>("f32"); }
TEST(RoundDecimals, Complex128) { run_round<thrust::complex<double>>("c128"); }
TEST(RoundDecimals, Complex64) { run_round<thrust::complex<float>>("c64"); }
TEST(RoundDecimals, Int32) { run_round<std::int32_t>("i32"); }
TEST(RoundDecimals, Int8Wraps) { run_round<std::int8_t>("i8"); }
TEST(RoundDecimals, UInt8Wraps) { run_round<std::uint8_t>("u8"); }
TEST(RoundDecimals, Int16) { run_round<std::int16_t>("i16"); }
TEST(RoundDecimals, Int64) { run_round<std::int64_t>("i64"); }
TEST(RoundDecimals, UInt64) { run_round<std::uint64_t>("u64"); }

TEST(RoundDecimals, NumPyExamples) {
  // 2.675 * 100 is 267.5 in float64, which rounds half to even: NumPy's 2.68 (Python's round gives 2.67).
  auto x = nd::asarray(nd::device, {2.675, 0.5, 1.5, -0.5});
  EXPECT_EQ(nd::to_vector(nd::round(nd::device, x, 2))[0], 2.68);
  EXPECT_EQ(nd::to_vector(nd::around(nd::device, x, 0)), (std::vector<double>{3.0, 0.0, 2.0, -0.0}));
  auto i = nd::asarray(nd::device, {std::int32_t(1234), std::int32_t(1250), std::int32_t(1350)});
  EXPECT_EQ(nd::to_vector(nd::round(nd::device, i, -2)), (std::vector<std::int32_t>{1200, 1200, 1400}));
  EXPECT_EQ(nd::to_vector(nd::round(nd::device, i, 3)), (std::vector<std::int32_t>{1234, 1250, 1350}));
}

TEST(RoundDecimals, ZeroIsRound) {
  auto a = golden::input<double>(nd::device, file, "in_f64");
  auto r = nd::round(nd::device, a, 0);
  auto e = nd::round(nd::device, a);
  auto rv = nd::to_vector(r), ev = nd::to_vector(e);
  for (std::size_t k = 0; k < rv.size(); ++k)
    EXPECT_TRUE(rv[k] == ev[k] || (std::isnan(rv[k]) && std::isnan(ev[k]))) << k;
  // bool keeps round's float loop at decimals 0 (NumPy: float16).
  auto b = nd::asarray(nd::device, {true, false});
  static_assert(std::is_same_v<decltype(nd::round(nd::device, b, 0))::value_type, float>);
}

TEST(RoundDecimals, ViewsExpressionsAndHost) {
  // A reversed view, an nd::map expression and a host array give the golden values of the same elements.
  auto a  = golden::input<double>(nd::device, file, "in_f64");
  auto rv = nd::flip(a);
  check_exact("round_f64_d2", nd::flip(nd::round(nd::device, rv, 2)));
  auto e = nd::map(nd::ops::positive{}, a);
  check_exact("round_f64_dm2", nd::round(nd::device, e, -2));
  auto h = nd::to_host(golden::input<std::int32_t>(nd::device, file, "in_i32"));
  check_exact("round_i32_dm2", nd::round(nd::host, h, -2));
  check_exact("round_i32_dm400", nd::around(nd::host, h, -400));
  check_exact("round_f32_d39", nd::round(nd::host, nd::to_host(golden::input<float>(nd::device, file, "in_f32")), 39));
}

TEST(RoundDecimals, Errors) {
  auto b = nd::asarray(nd::device, {true, false});
  golden::expect_error<nd::dtype_error>(
    [&] { nd::round(nd::device, b, 1); },
    "Cannot cast ufunc 'multiply' output from dtype('float64') to dtype('bool') with casting rule 'same_kind'");
  golden::expect_error<nd::dtype_error>(
    [&] { nd::around(nd::device, b, -1); },
    "Cannot cast ufunc 'divide' output from dtype('float64') to dtype('bool') with casting rule 'same_kind'");
  auto a = nd::asarray(nd::device, {1.5});
  golden::expect_error<nd::value_error>([&] { nd::round(nd::device, a, 1LL << 40); },
                                        "Python int too large to convert to C int");
}

} // namespace

// Scans (cumsum, cumprod and the nan forms) and diff against NumPy golden data
// (tests/golden/reduce/make_golden.py), plus dtype, empty and error cases.
#include <ndthrust/ndthrust.h>
#include <ndthrust/scan.h>

#include "golden/reduce/check.h"
#include "support/same.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace {

const std::string file = "../reduce/scan.txt"; // the golden reader looks under <golden>/core

using reduce_golden::with_layout;

template <class R, class S>
void check(const std::string& name, const nd::array<R, S>& r) {
  reduce_golden::check(file, name, r);
}

std::optional<nd::index_t> parse_axis(const std::string& key) {
  if (key == "all") return std::nullopt;
  return key[1] == 'm' ? -(key[2] - '0') : key[1] - '0';
}

/// Every scan case of dtype `dt`: "<fn>_<dt>_<layout>_<axis>".
template <class T>
void run_scans(const std::string& dt, const std::vector<std::string>& fns) {
  auto in   = golden::input<T>(nd::device, file, "in_" + dt);
  int count = 0;
  for (const auto& fn : fns)
    for (const char* lay : {"c", "t", "s"})
      for (const char* ax : {"all", "a0", "a1", "am1"}) {
        std::string name = fn + "_" + dt + "_" + lay + "_" + ax;
        if (!golden::file(file).count(name)) continue;
        ++count;
        auto a    = with_layout(in, lay);
        auto axis = parse_axis(ax);
        if (fn == "cumsum") check(name, nd::cumsum(nd::device, a, axis));
        else if constexpr (!std::is_same_v<T, bool> && !nd::is_complex_v<T>) {
          if (fn == "cumprod") check(name, nd::cumprod(nd::device, a, axis));
          else if (fn == "nancumsum") check(name, nd::nancumsum(nd::device, a, axis));
          else if (fn == "nancumprod") check(name, nd::nancumprod(nd::device, a, axis));
        }
      }
  EXPECT_GE(count, 4 * static_cast<int>(fns.size())) << "golden cases missing for " << dt;
}

template <class T>
void run_diffs(const std::string& dt) {
  auto in   = golden::input<T>(nd::device, file, "in_" + dt);
  int count = 0;
  for (const char* lay : {"c", "t"})
    for (int n : {1, 2})
      for (int ax : {0, 1, -1}) {
        std::string name = "diff_" + dt + "_" + lay + "_n" + std::to_string(n) + "_a" + (ax < 0 ? "m1" : std::to_string(ax));
        check(name, nd::diff(nd::device, with_layout(in, lay), n, ax));
        ++count;
      }
  EXPECT_EQ(count, 12);
}

} // namespace

TEST(ScanGolden, Float64) { run_scans<double>("f64", {"cumsum", "cumprod"}); }
TEST(ScanGolden, Float32) { run_scans<float>("f32", {"cumsum"}); }
TEST(ScanGolden, Int32) { run_scans<std::int32_t>("i32", {"cumsum"}); }
TEST(ScanGolden, Int8) { run_scans<std::int8_t>("i8", {"cumsum", "cumprod"}); }
TEST(ScanGolden, Bool) { run_scans<bool>("b", {"cumsum"}); }
TEST(ScanGolden, Complex128) { run_scans<nd::complex128>("c128", {"cumsum"}); }
TEST(ScanGolden, NaN) { run_scans<double>("nan", {"cumsum", "nancumsum", "nancumprod"}); }
TEST(DiffGolden, Float64) { run_diffs<double>("f64"); }
TEST(DiffGolden, Int32) { run_diffs<std::int32_t>("i32"); }
TEST(DiffGolden, Bool) { run_diffs<bool>("b"); }

TEST(Scan, DtypesAndShapes) {
  auto i8 = nd::full<std::int8_t>(nd::device, {2, 100}, 100);
  auto c  = nd::cumsum(nd::device, i8, 1);
  static_assert(std::is_same_v<decltype(c), nd::device_array<std::int64_t>>);
  EXPECT_EQ(c.shape(), (nd::shape_t{2, 100}));
  EXPECT_EQ(nd::to_vector(c).back(), 10000);
  auto flat = nd::cumsum<double>(nd::device, nd::full<float>(nd::device, {3, 4}, 0.5f));
  static_assert(std::is_same_v<decltype(flat), nd::device_array<double>>);
  EXPECT_EQ(flat.shape(), nd::shape_t{12});
  EXPECT_EQ(nd::to_vector(flat).back(), 6.0);
  EXPECT_EQ(nd::cumsum(nd::device, nd::empty<double>(nd::device, {0, 3}), 1).shape(), (nd::shape_t{0, 3}));
  EXPECT_EQ(nd::cumsum(nd::device, nd::empty<double>(nd::device, {0, 3})).shape(), nd::shape_t{0});
  EXPECT_THROW(nd::cumsum(nd::device, i8, 2), nd::axis_error);
  auto d = nd::diff(nd::device, nd::arange<int>(nd::device, 0, 5), 9);
  EXPECT_EQ(d.shape(), nd::shape_t{0});
  EXPECT_THROW(nd::diff(nd::device, nd::arange<int>(nd::device, 0, 5), -1), nd::value_error);
}

TEST(Scan, LongLinesTakeEveryPath) {
  // Long lines along each axis of a 3-d array (the warp, column and whole-array paths on the GPU), checked against
  // a host running sum.
  const nd::index_t n0 = 3, n1 = 1500, n2 = 5;
  std::vector<std::int64_t> h(n0 * n1 * n2);
  for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<std::int64_t>((i * 7919) % 13) - 6;
  auto a = nd::asarray(nd::device, h, {n0, n1, n2});
  auto t = nd::swapaxes(a, 1, 2); // the long axis is now the last one, with stride n2
  auto got = nd::to_vector(nd::cumsum(nd::device, t, -1));
  std::size_t bad = 0;
  for (nd::index_t i = 0; i < n0; ++i)
    for (nd::index_t k = 0; k < n2; ++k) {
      std::int64_t run = 0;
      for (nd::index_t j = 0; j < n1; ++j) {
        run += h[(i * n1 + j) * n2 + k];
        bad += got[(i * n2 + k) * n1 + j] != run;
      }
    }
  EXPECT_EQ(bad, 0u);
  auto c   = nd::ascontiguousarray(nd::device, t);
  auto got2 = nd::to_vector(nd::cumsum(nd::device, c, -1));
  EXPECT_EQ(got2, got);
  auto whole = nd::to_vector(nd::cumsum(nd::device, a));
  std::int64_t run = 0;
  for (std::size_t i = 0; i < h.size(); ++i) {
    run += h[i];
    ASSERT_EQ(whole[i], run) << i;
  }
}

// Lazy expressions (nd::map): the scans read them inside their kernel, diff evaluates them; either way the results
// are those of the same call on the evaluated array.
template <class T>
void run_map_scans() {
  using ndtest::expect_same;
  auto e = nd::map(ndtest::affine_fn{}, ndtest::strided_input<T>());
  auto v = nd::evaluate(nd::device, e);
  for (std::optional<nd::index_t> ax : {std::optional<nd::index_t>(0), std::optional<nd::index_t>(-1),
                                        std::optional<nd::index_t>()}) {
    std::string k = ax ? std::to_string(*ax) : "None";
    expect_same(nd::cumsum(nd::device, e, ax), nd::cumsum(nd::device, v, ax), "cumsum axis " + k);
    expect_same(nd::cumprod(nd::device, e, ax), nd::cumprod(nd::device, v, ax), "cumprod axis " + k);
    expect_same(nd::nancumsum(nd::device, e, ax), nd::nancumsum(nd::device, v, ax), "nancumsum axis " + k);
  }
  for (nd::index_t n : {0, 1, 2})
    for (nd::index_t ax : {0, -1})
      expect_same(nd::diff(nd::device, e, n, ax), nd::diff(nd::device, v, n, ax),
                  "diff n=" + std::to_string(n) + " axis " + std::to_string(ax));
}

TEST(ScanMap, Float64) { run_map_scans<double>(); }
TEST(ScanMap, Int32) { run_map_scans<std::int32_t>(); }

// Reductions of every shape (issue 18's sweep, small): tall-skinny and short-wide arrays, short rows, a few hundred
// columns of a tall array, reduced lengths of one, reversed and strided views and 3-D arrays along the middle
// axis; each against a host loop over the same values (small integers: exact in any summation order, as NumPy).
// On the GPU these take the thread-, quarter-warp-, warp- and block-per-row kernels, the tile kernel and the
// passes over split partial results.
#include <ndthrust/ndthrust.h>
#include <ndthrust/reduce.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

// --- every shape: tall-skinny and short-wide arrays take the tile, thread-per-row and split paths ---------------
namespace {
using nd::index_t;
// Small integers (exact in any summation order), distinct enough that argmax has one answer per row/column.
double shape_value(index_t i, index_t j) { return double((i * 7 + j * 3) % 23) - 11.0; }
} // namespace

TEST(EveryShape, SumMaxArgmaxMeanOfTallAndWideArrays) {
  const std::vector<std::pair<index_t, index_t>> shapes = {{200000, 1}, {200000, 2}, {100000, 3}, {60000, 5},
                                                           {20000, 16}, {3000, 100}, {2, 200000}, {5, 40000},
                                                           {16, 20000}, {1, 300000}};
  for (auto [n, k] : shapes) {
    std::vector<double> h(static_cast<std::size_t>(n * k));
    for (index_t i = 0; i < n; ++i)
      for (index_t j = 0; j < k; ++j) h[i * k + j] = shape_value(i, j);
    auto a = nd::reshape(nd::asarray(nd::device, h), {n, k});
    auto f = nd::astype<float>(nd::device, a);
    for (int axis = 0; axis < 2; ++axis) {
      const index_t outs = axis == 0 ? k : n, len = axis == 0 ? n : k;
      std::vector<double> sum(outs, 0.0), mx(outs, -1e300);
      std::vector<std::int64_t> am(outs, 0);
      for (index_t o = 0; o < outs; ++o)
        for (index_t r = 0; r < len; ++r) {
          double v = axis == 0 ? h[r * k + o] : h[o * k + r];
          sum[o] += v;
          if (v > mx[o]) mx[o] = v, am[o] = r;
        }
      const std::string what = "shape (" + std::to_string(n) + ", " + std::to_string(k) + ") axis " + std::to_string(axis);
      EXPECT_EQ(nd::to_vector(nd::sum(nd::device, a, axis)), sum) << what;
      auto sf = nd::to_vector(nd::sum(nd::device, f, axis));
      for (index_t o = 0; o < outs; ++o) ASSERT_EQ(double(sf[o]), sum[o]) << what << " f32 output " << o;
      EXPECT_EQ(nd::to_vector(nd::max(nd::device, a, axis)), mx) << what;
      EXPECT_EQ(nd::to_vector(nd::argmax(nd::device, f, axis)), am) << what;
      auto mean = nd::to_vector(nd::mean(nd::device, a, axis));
      for (index_t o = 0; o < outs; ++o) ASSERT_NEAR(mean[o], sum[o] / double(len), 1e-12) << what << " output " << o;
    }
  }
}

// Host arrays run backend/generic's loops in both builds (on the CUDA build, device arrays run the CUDA kernels):
// the same shapes give the same answers in both spaces (sums of small integers are exact in any order).
TEST(EveryShape, HostArraysAgreeWithDeviceArrays) {
  const std::vector<std::pair<index_t, index_t>> shapes = {{100000, 2}, {20000, 16}, {3, 70000}, {300, 300}};
  for (auto [n, k] : shapes) {
    std::vector<double> h(static_cast<std::size_t>(n * k));
    for (index_t i = 0; i < n; ++i)
      for (index_t j = 0; j < k; ++j) h[i * k + j] = shape_value(i, j);
    auto hd = nd::reshape(nd::asarray(nd::host, h), {n, k});
    auto dd = nd::reshape(nd::asarray(nd::device, h), {n, k});
    auto hf = nd::astype<float>(nd::host, hd);
    auto df = nd::astype<float>(nd::device, dd);
    for (int axis = 0; axis < 2; ++axis) {
      const std::string what = "shape (" + std::to_string(n) + ", " + std::to_string(k) + ") axis " + std::to_string(axis);
      EXPECT_EQ(nd::to_vector(nd::sum(nd::host, hd, axis)), nd::to_vector(nd::sum(nd::device, dd, axis))) << what;
      EXPECT_EQ(nd::to_vector(nd::sum(nd::host, hf, axis)), nd::to_vector(nd::sum(nd::device, df, axis))) << what;
      EXPECT_EQ(nd::to_vector(nd::max(nd::host, hf, axis)), nd::to_vector(nd::max(nd::device, df, axis))) << what;
      EXPECT_EQ(nd::to_vector(nd::argmin(nd::host, hd, axis)), nd::to_vector(nd::argmin(nd::device, dd, axis)))
        << what;
      EXPECT_EQ(nd::to_vector(nd::cumsum(nd::host, hd, axis)), nd::to_vector(nd::cumsum(nd::device, dd, axis)))
        << what;
      auto hv = nd::to_vector(nd::var(nd::host, hd, axis)), dv = nd::to_vector(nd::var(nd::device, dd, axis));
      ASSERT_EQ(hv.size(), dv.size()) << what;
      for (std::size_t o = 0; o < hv.size(); ++o) ASSERT_NEAR(hv[o], dv[o], 1e-9 * (1 + dv[o])) << what << " var " << o;
    }
    // The flattened forms: one output, and one long line.
    EXPECT_EQ(nd::item(nd::sum(nd::host, hd)), nd::item(nd::sum(nd::device, dd)));
    EXPECT_EQ(nd::item(nd::argmax(nd::host, hf)), nd::item(nd::argmax(nd::device, df)));
    EXPECT_EQ(nd::to_vector(nd::cumsum(nd::host, hd)), nd::to_vector(nd::cumsum(nd::device, dd)));
  }
}

namespace {
/// Sum, max and argmax of view `v` along `axis`, from its values copied to the host in C order.
struct host_reference {
  std::vector<double> sum, mx;
  std::vector<std::int64_t> am;
  host_reference(const std::vector<double>& h, const nd::shape_t& s, int axis) {
    index_t outer = 1, len = s[axis], inner = 1;
    for (int d = 0; d < axis; ++d) outer *= s[d];
    for (int d = axis + 1; d < static_cast<int>(s.size()); ++d) inner *= s[d];
    sum.assign(outer * inner, 0.0);
    mx.assign(outer * inner, -1e300);
    am.assign(outer * inner, 0);
    for (index_t a = 0; a < outer; ++a)
      for (index_t r = 0; r < len; ++r)
        for (index_t b = 0; b < inner; ++b) {
          const double v    = h[(a * len + r) * inner + b];
          const index_t o   = a * inner + b;
          sum[o] += v;
          if (v > mx[o]) mx[o] = v, am[o] = r;
        }
  }
};
} // namespace

TEST(EveryShape, ShortRowsManyColumnsViewsAndMiddleAxes) {
  // Rows of up to 32 elements (a quarter-warp per row on the GPU), a few hundred columns of a tall array (several
  // passes over partial results), a reduced length of one, reversed and strided views, and 3-D arrays reduced
  // along the middle axis.
  struct c {
    nd::shape_t shape;
    int axis;
  };
  const std::vector<c> cases = {{{30000, 32}, 1}, {{20000, 17}, 1}, {{10000, 33}, 1}, {{4000, 256}, 0},
                                {{1000, 1024}, 0}, {{20000, 16}, 0}, {{1, 300000}, 0}, {{300000, 1}, 1},
                                {{400, 300, 3}, 1}, {{3, 20000, 5}, 1}, {{50, 2000, 2}, 1}, {{2, 50000, 1}, 1}};
  for (const auto& cs : cases) {
    index_t n = 1;
    for (index_t e : cs.shape) n *= e;
    std::vector<double> h(static_cast<std::size_t>(n));
    for (index_t i = 0; i < n; ++i) h[i] = shape_value(i / 13, i % 13);
    auto base = nd::reshape(nd::asarray(nd::device, h), cs.shape);
    // The array itself, reversed along the reduced axis, and every other element of its longest axis.
    std::vector<nd::array<double>> views = {base, nd::flip(base, cs.axis)};
    const int longest = static_cast<int>(std::max_element(cs.shape.begin(), cs.shape.end()) - cs.shape.begin());
    views.push_back(nd::swapaxes(nd::swapaxes(base, 0, longest)(nd::slice(nd::none, nd::none, 2)), 0, longest));
    for (std::size_t vi = 0; vi < views.size(); ++vi) {
      const auto& v = views[vi];
      const host_reference want(nd::to_vector(nd::ascontiguousarray(nd::device, v)), v.shape(), cs.axis);
      std::string what = "shape";
      for (index_t e : v.shape()) what += " " + std::to_string(e);
      what += " axis " + std::to_string(cs.axis) + " view " + std::to_string(vi);
      EXPECT_EQ(nd::to_vector(nd::sum(nd::device, v, cs.axis)), want.sum) << what;
      EXPECT_EQ(nd::to_vector(nd::max(nd::device, v, cs.axis)), want.mx) << what;
      EXPECT_EQ(nd::to_vector(nd::argmax(nd::device, nd::astype<float>(nd::device, v), cs.axis)), want.am) << what;
      auto sf = nd::to_vector(nd::sum(nd::device, nd::astype<float>(nd::device, v), cs.axis));
      for (std::size_t o = 0; o < sf.size(); ++o) ASSERT_EQ(double(sf[o]), want.sum[o]) << what << " f32 " << o;
    }
  }
}

TEST(EveryShape, NaNInfEmptyAndOutAlongEveryKernel) {
  // NaN and inf in tall, wide and short-row arrays (row-block and pairwise paths on the host; tile, column, short-row
  // and split kernels on the GPU): max propagates NaN, argmax reports the first NaN, nanmax/nanargmax skip it.
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const std::vector<std::pair<index_t, index_t>> shapes = {{20000, 3}, {3, 20000}, {5000, 32}, {1, 5000}, {40000, 1},
                                                           {2000, 300}};
  for (auto [n, k] : shapes) {
    std::vector<double> h(static_cast<std::size_t>(n * k));
    for (index_t i = 0; i < n * k; ++i) h[i] = shape_value(i / k, i % k);
    h[(n / 2) * k + k / 2] = nan;     // one NaN, in the middle
    h[(n / 3) * k]         = inf;     // an inf in the first column
    h[(n - 1) * k + k - 1] = nan;     // a NaN at the very end
    auto a = nd::reshape(nd::asarray(nd::device, h), {n, k});
    for (int axis = 0; axis < 2; ++axis) {
      const index_t outs = axis == 0 ? k : n, len = axis == 0 ? n : k;
      std::vector<double> mx(outs), nmx(outs);
      std::vector<std::int64_t> am(outs), nam(outs);
      for (index_t o = 0; o < outs; ++o) {
        mx[o] = nmx[o] = -inf;
        am[o] = nam[o] = -1;
        bool seen_nan = false;
        for (index_t r = 0; r < len; ++r) {
          const double v = axis == 0 ? h[r * k + o] : h[o * k + r];
          if (std::isnan(v)) {
            if (!seen_nan) mx[o] = v, am[o] = r, seen_nan = true;
            continue;
          }
          if (!seen_nan && (am[o] < 0 || v > mx[o])) mx[o] = v, am[o] = r;
          if (nam[o] < 0 || v > nmx[o]) nmx[o] = v, nam[o] = r;
        }
      }
      const std::string what = "shape (" + std::to_string(n) + ", " + std::to_string(k) + ") axis " + std::to_string(axis);
      auto got_mx = nd::to_vector(nd::max(nd::device, a, axis));
      for (index_t o = 0; o < outs; ++o) {
        if (std::isnan(mx[o])) ASSERT_TRUE(std::isnan(got_mx[o])) << what << " max " << o;
        else ASSERT_EQ(got_mx[o], mx[o]) << what << " max " << o;
      }
      EXPECT_EQ(nd::to_vector(nd::argmax(nd::device, a, axis)), am) << what;
      if (len > 1) { // a length-one line holding the NaN is all-NaN: nanargmax raises there (tested elsewhere)
        EXPECT_EQ(nd::to_vector(nd::nanmax(nd::device, a, axis)), nmx) << what;
        EXPECT_EQ(nd::to_vector(nd::nanargmax(nd::device, a, axis)), nam) << what;
      }
      // Into a strided view of a bigger array (the sink's layout), and mixed dtypes: a float32 input summed as
      // float64 into that view.
      auto big  = nd::full<double>(nd::device, {outs, 2}, -7.0);
      auto col  = big(nd::slice(), 1);
      auto fin  = nd::astype<float>(nd::device, nd::reshape(nd::asarray(nd::device, std::vector<double>(
                                                              static_cast<std::size_t>(n * k), 1.0)), {n, k}));
      nd::sum(nd::device, fin, axis, col);
      auto hb = nd::to_vector(nd::ravel(nd::device, big));
      for (index_t o = 0; o < outs; ++o) {
        ASSERT_EQ(hb[2 * o], -7.0) << what << " untouched column " << o;
        ASSERT_EQ(hb[2 * o + 1], double(len)) << what << " sum into view " << o;
      }
      // A read-only (broadcast) view as the output is refused and left alone.
      auto ro = nd::broadcast_to(nd::full<double>(nd::device, {1}, 3.0), {outs});
      EXPECT_ANY_THROW(nd::sum(nd::device, a, axis, ro)) << what;
      EXPECT_EQ(nd::item(ro(0)), 3.0) << what;
    }
  }
  // Empty reduced axes give the identity along every kernel's shape; empty kept axes give empty results.
  EXPECT_EQ(nd::to_vector(nd::sum(nd::device, nd::zeros<double>(nd::device, {0, 300}), 0)), std::vector<double>(300, 0.0));
  EXPECT_EQ(nd::to_vector(nd::sum(nd::device, nd::zeros<double>(nd::device, {300, 0}), 1)), std::vector<double>(300, 0.0));
  EXPECT_EQ(nd::sum(nd::device, nd::zeros<double>(nd::device, {0, 300}), 1).size(), 0);
  EXPECT_THROW(nd::argmax(nd::device, nd::zeros<double>(nd::device, {0, 300}), 0), nd::value_error);
}

namespace {
/// NumPy's max / min, argmax / argmin and nanargmax / nanargmin of one line, from a plain loop.
template <class T, bool Max>
struct line_extrema {
  T ext{};
  std::int64_t arg = -1, nanarg = -1;
  bool nan = false;
  explicit line_extrema(const std::vector<T>& v) {
    T best{}, nbest{};
    for (std::size_t r = 0; r < v.size(); ++r) {
      const T x = v[r];
      if (x != x) {
        if (!nan) nan = true, arg = static_cast<std::int64_t>(r);
        continue;
      }
      if (!nan && (arg < 0 || (Max ? x > best : x < best))) best = x, arg = static_cast<std::int64_t>(r);
      if (nanarg < 0 || (Max ? x > nbest : x < nbest)) nbest = x, nanarg = static_cast<std::int64_t>(r);
    }
    ext = nan ? v[static_cast<std::size_t>(arg)] : best;
  }
};

template <class T, bool Max>
void check_extrema(const std::vector<T>& h, index_t n, index_t k) {
  auto a = nd::reshape(nd::asarray(nd::device, h), {n, k});
  for (int axis = 0; axis < 2; ++axis) {
    const index_t outs = axis == 0 ? k : n, len = axis == 0 ? n : k;
    auto ext  = nd::to_vector(Max ? nd::max(nd::device, a, axis) : nd::min(nd::device, a, axis));
    auto arg  = nd::to_vector(Max ? nd::argmax(nd::device, a, axis) : nd::argmin(nd::device, a, axis));
    auto narg = nd::to_vector(Max ? nd::nanargmax(nd::device, a, axis) : nd::nanargmin(nd::device, a, axis));
    for (index_t o = 0; o < outs; ++o) {
      std::vector<T> line(static_cast<std::size_t>(len));
      for (index_t r = 0; r < len; ++r) line[r] = axis == 0 ? h[r * k + o] : h[o * k + r];
      const line_extrema<T, Max> want(line);
      const std::string what = std::string(Max ? "max" : "min") + " shape (" + std::to_string(n) + ", " +
                               std::to_string(k) + ") axis " + std::to_string(axis) + " line " + std::to_string(o);
      if (want.nan) ASSERT_TRUE(ext[o] != ext[o]) << what;
      else ASSERT_EQ(ext[o], want.ext) << what;
      ASSERT_EQ(arg[o], want.arg) << what;
      ASSERT_EQ(narg[o], want.nanarg) << what;
    }
  }
}

/// Values with many ties (first occurrence decides), a run of the extreme value straddling the 512-element blocks
/// of the host's vectorised search, rows of -inf only, and NaNs before and after the extremum.
template <class T>
std::vector<T> tie_heavy(index_t n, index_t k) {
  std::vector<T> h(static_cast<std::size_t>(n * k));
  for (index_t i = 0; i < n; ++i)
    for (index_t j = 0; j < k; ++j) h[i * k + j] = static_cast<T>((i * 5 + j * 3) % 7) - T(3);
  for (index_t j = 510; j < 515 && j < k; ++j) h[j] = T(100), h[(n - 1) * k + j] = T(-100);
  if constexpr (std::is_floating_point_v<T>) {
    const T nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    if (n > 3)
      for (index_t j = 0; j < k; ++j) h[2 * k + j] = -inf, h[3 * k + j] = inf;
    for (index_t i = 5; i < n; i += 7) h[i * k + (i * 13) % k] = nan;
  }
  return h;
}
} // namespace

TEST(EveryShape, ExtremaAndArgExtremaTiesNaNAndInfInEveryDtypeAndDirection) {
  // Float32 and int32 as well as float64: the host's vectorised row and column loops are typed.
  const std::vector<std::pair<index_t, index_t>> shapes = {{7, 1300}, {1300, 7}, {40, 600}, {600, 40}, {3000, 2}};
  for (auto [n, k] : shapes) {
    check_extrema<float, true>(tie_heavy<float>(n, k), n, k);
    check_extrema<float, false>(tie_heavy<float>(n, k), n, k);
    check_extrema<double, true>(tie_heavy<double>(n, k), n, k);
    check_extrema<std::int32_t, true>(tie_heavy<std::int32_t>(n, k), n, k);
    check_extrema<std::int32_t, false>(tie_heavy<std::int32_t>(n, k), n, k);
  }
  // Along an axis of length one every argmax is 0 (no read needed); nanargmax of a NaN there still raises.
  auto col = nd::reshape(nd::asarray(nd::device, std::vector<double>{3.0, std::nan(""), -1.0}), {3, 1});
  EXPECT_EQ(nd::to_vector(nd::argmax(nd::device, col, 1)), (std::vector<std::int64_t>{0, 0, 0}));
  EXPECT_EQ(nd::argmin(nd::device, col, 1, true).shape(), (nd::shape_t{3, 1}));
  EXPECT_THROW(nd::nanargmax(nd::device, col, 1), nd::value_error);
}

// --- against NumPy: tests/golden/shapes/make_golden.py ------------------------------------------------------------
#include "golden/shapes/shapes.h"

namespace {
const std::string reduce_file = "../shapes/reduce.txt";

template <class T>
void reductions_against_numpy(const std::string& dt) {
  using shapes_golden::expect_case;
  shapes_golden::for_each_case<T>(1024, dt, [&](const std::string& key, const nd::device_array<T>& v, int ax) {
    expect_case(reduce_file, "sum", key, [&] { return nd::sum(nd::device, v, ax); });
    expect_case(reduce_file, "max", key, [&] { return nd::max(nd::device, v, ax); });
    expect_case(reduce_file, "argmax", key, [&] { return nd::argmax(nd::device, v, ax); });
    if (dt == "f64") {
      expect_case(reduce_file, "mean", key, [&] { return nd::mean(nd::device, v, ax); });
      expect_case(reduce_file, "var", key, [&] { return nd::var(nd::device, v, ax); });
    }
    if (dt == "nan") {
      expect_case(reduce_file, "nansum", key, [&] { return nd::nansum(nd::device, v, ax); });
      expect_case(reduce_file, "nanmax", key, [&] { return nd::nanmax(nd::device, v, ax); });
      expect_case(reduce_file, "nanargmax", key, [&] { return nd::nanargmax(nd::device, v, ax); });
      expect_case(reduce_file, "nanmean", key, [&] { return nd::nanmean(nd::device, v, ax); });
    }
  });
}
} // namespace

TEST(EveryShapeGolden, ReductionsOfTheSweepShapesMatchNumPy) {
  // (n, k) and (k, n) for k = 1 … 1024, empty and length-one axes, a[::-1], a[:, ::2] and 3-D middle axes.
  reductions_against_numpy<double>("f64");
  reductions_against_numpy<float>("f32");
  reductions_against_numpy<double>("nan");
}

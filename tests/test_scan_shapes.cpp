// Scans of every shape (issue 18's sweep, small): few long lines, many short ones, hundreds of strided lines, 3-D
// arrays along the middle axis and reversed views, against host prefix sums of small integers (exact, as NumPy's).
// On the GPU these take the chunked (block or thread per chunk), warp-per-line and thread-per-line kernels.
#include <ndthrust/ndthrust.h>
#include <ndthrust/scan.h>

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

// --- every shape: few long lines take the chunked three-pass scan on the GPU ------------------------------------
TEST(EveryShape, CumsumOfTallAndWideArrays) {
  using nd::index_t;
  const std::vector<std::pair<index_t, index_t>> shapes = {{300000, 1}, {300000, 2}, {100000, 3}, {20000, 16},
                                                           {2, 300000}, {3, 100000}, {70000, 7}};
  for (auto [n, k] : shapes) {
    std::vector<double> h(static_cast<std::size_t>(n * k));
    for (index_t i = 0; i < n * k; ++i) h[i] = double((i * 5) % 9) - 4.0; // small integers: exact prefix sums
    auto a = nd::reshape(nd::asarray(nd::device, h), {n, k});
    for (int axis = 0; axis < 2; ++axis) {
      std::vector<double> want(h.size());
      if (axis == 0) {
        for (index_t j = 0; j < k; ++j) {
          double acc = 0;
          for (index_t i = 0; i < n; ++i) want[i * k + j] = acc += h[i * k + j];
        }
      } else {
        for (index_t i = 0; i < n; ++i) {
          double acc = 0;
          for (index_t j = 0; j < k; ++j) want[i * k + j] = acc += h[i * k + j];
        }
      }
      const std::string what = "shape (" + std::to_string(n) + ", " + std::to_string(k) + ") axis " + std::to_string(axis);
      EXPECT_EQ(nd::to_vector(nd::cumsum(nd::device, a, axis)), want) << what;
      // A reversed view: negative strides along the scanned axis.
      auto rev  = axis == 0 ? a(nd::slice(nd::none, nd::none, -1)) : a(nd::slice(), nd::slice(nd::none, nd::none, -1));
      auto got  = nd::to_vector(nd::cumsum(nd::device, rev, axis));
      auto hrev = nd::to_vector(nd::ascontiguousarray(nd::device, rev));
      std::vector<double> want_rev(h.size());
      for (index_t i = 0; i < n; ++i)
        for (index_t j = 0; j < k; ++j) {
          double prev = axis == 0 ? (i ? want_rev[(i - 1) * k + j] : 0.0) : (j ? want_rev[i * k + j - 1] : 0.0);
          want_rev[i * k + j] = prev + hrev[i * k + j];
        }
      EXPECT_EQ(got, want_rev) << what << " reversed";
    }
  }
}

TEST(EveryShape, CumsumOfManyStridedLinesAndMiddleAxes) {
  // Hundreds of strided lines of a few thousand rows (chunked per thread on the GPU), a few thousand unit-stride
  // lines of a few thousand (chunked per block), and 3-D arrays scanned along the middle axis, reversed too.
  using nd::index_t;
  struct c {
    index_t a, m, b;
  };
  for (auto [a, m, b] : std::vector<c>{{1, 3000, 256}, {1, 600, 40}, {300, 400, 2}, {20, 3000, 7}, {500, 2500, 1},
                                       {3, 5000, 1}, {1, 1, 300}}) {
    std::vector<double> h(static_cast<std::size_t>(a * m * b));
    for (std::size_t i = 0; i < h.size(); ++i) h[i] = double((i * 5) % 9) - 4.0; // exact prefix sums
    auto x = nd::reshape(nd::asarray(nd::device, h), {a, m, b});
    for (bool reversed : {false, true}) {
      auto v    = reversed ? nd::flip(x, 1) : x;
      auto hv   = nd::to_vector(nd::ascontiguousarray(nd::device, v));
      std::vector<double> want(hv.size());
      for (index_t i = 0; i < a; ++i)
        for (index_t k = 0; k < b; ++k) {
          double acc = 0;
          for (index_t j = 0; j < m; ++j) want[(i * m + j) * b + k] = acc += hv[(i * m + j) * b + k];
        }
      EXPECT_EQ(nd::to_vector(nd::cumsum(nd::device, v, 1)), want)
        << "shape (" << a << ", " << m << ", " << b << ") axis 1" << (reversed ? " reversed" : "");
    }
  }
}

// --- against NumPy: tests/golden/shapes/make_golden.py ------------------------------------------------------------
#include "golden/shapes/shapes.h"

TEST(EveryShapeGolden, ScansOfTheSweepShapesMatchNumPy) {
  // (n, k) and (k, n) for k = 1 … 1024 at about 512 elements, empty and length-one axes, a[::-1], a[:, ::2], 3-D
  // middle axes: cumsum, nancumsum and diff.
  const std::string file = "../shapes/scan.txt";
  using shapes_golden::expect_case;
  for (const std::string dt : {"f64", "nan"}) {
    shapes_golden::for_each_case<double>(512, dt, [&](const std::string& key, const nd::device_array<double>& v, int ax) {
      expect_case(file, "cumsum", key, [&] { return nd::cumsum(nd::device, v, ax); });
      if (dt == "nan") expect_case(file, "nancumsum", key, [&] { return nd::nancumsum(nd::device, v, ax); });
      if (dt == "f64" && v.shape()[ax] > 0) expect_case(file, "diff", key, [&] { return nd::diff(nd::device, v, 1, ax); });
    });
  }
}

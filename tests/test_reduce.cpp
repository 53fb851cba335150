// Reductions along axes: NaN, empty, single-element, dtype, out= and error cases. The NumPy golden cases are in
// test_reduce/ (one file per dtype group, the same binary).
#include <ndthrust/ndthrust.h>
#include <ndthrust/reduce.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

TEST(Reduce, DtypesFollowNumPy) {
  auto i8 = nd::full<std::int8_t>(nd::device, {300}, 100);
  auto s  = nd::sum(nd::device, i8);
  static_assert(std::is_same_v<decltype(s), nd::device_array<std::int64_t>>);
  EXPECT_EQ(nd::item(s), 30000); // int64 accumulation: no int8 wrap-around
  auto u = nd::sum(nd::device, nd::full<std::uint32_t>(nd::device, {3}, 4000000000u));
  static_assert(std::is_same_v<decltype(u), nd::device_array<std::uint64_t>>);
  EXPECT_EQ(nd::item(u), 12000000000ull);
  auto m = nd::mean(nd::device, nd::full<std::int32_t>(nd::device, {4}, 3));
  static_assert(std::is_same_v<decltype(m), nd::device_array<double>>);
  auto v = nd::var(nd::device, nd::full<nd::complex64>(nd::device, {4}, nd::complex64(1, 2)));
  static_assert(std::is_same_v<decltype(v), nd::device_array<float>>);
  auto f = nd::sum<double>(nd::device, nd::full<float>(nd::device, {10}, 0.1f));
  static_assert(std::is_same_v<decltype(f), nd::device_array<double>>);
  EXPECT_NEAR(nd::item(f), 10 * static_cast<double>(0.1f), 1e-12);
  auto b = nd::sum(nd::device, nd::full<bool>(nd::device, {7}, true));
  EXPECT_EQ(nd::item(b), 7);
}

TEST(Reduce, EmptyAndSingle) {
  auto e = nd::empty<double>(nd::device, {0, 3});
  EXPECT_EQ(nd::item(nd::sum(nd::device, e)), 0.0);
  EXPECT_EQ(nd::item(nd::prod(nd::device, e)), 1.0);
  EXPECT_TRUE(std::isnan(nd::item(nd::mean(nd::device, e))));
  EXPECT_EQ(nd::to_vector(nd::sum(nd::device, e, 0)), std::vector<double>(3, 0.0));
  EXPECT_EQ(nd::sum(nd::device, e, 1).size(), 0);
  EXPECT_EQ(nd::max(nd::device, e, 1).shape(), nd::shape_t{0}); // nothing to reduce per output: no error
  try {
    nd::max(nd::device, e);
    FAIL() << "max of an empty array must raise";
  } catch (const nd::value_error& err) {
    EXPECT_STREQ(err.what(), "zero-size array to reduction operation maximum which has no identity");
  }
  EXPECT_THROW(nd::min(nd::device, e, 0), nd::value_error);
  EXPECT_THROW(nd::argmax(nd::device, e), nd::value_error);
  EXPECT_EQ(nd::item(nd::max(nd::device, e, {}, false, -5.0)), -5.0); // initial makes it defined
  auto one = nd::full<float>(nd::device, {1, 1}, 2.5f);
  EXPECT_EQ(nd::item(nd::max(nd::device, one)), 2.5f);
  EXPECT_EQ(nd::item(nd::argmin(nd::device, one)), 0);
  EXPECT_EQ(nd::item(nd::var(nd::device, one)), 0.0f);
  EXPECT_TRUE(std::isnan(nd::item(nd::var(nd::device, one, {}, 1)))); // ddof = N: 0 / 0
}

TEST(Reduce, NaNRules) {
  auto a = nd::asarray(nd::device, std::vector<double>{1, NAN, 3, NAN});
  EXPECT_TRUE(std::isnan(nd::item(nd::max(nd::device, a))));
  EXPECT_EQ(nd::item(nd::argmax(nd::device, a)), 1); // the first NaN
  EXPECT_EQ(nd::item(nd::argmin(nd::device, a)), 1);
  EXPECT_EQ(nd::item(nd::nanmax(nd::device, a)), 3.0);
  EXPECT_EQ(nd::item(nd::nanargmin(nd::device, a)), 0);
  auto all_nan = nd::full<double>(nd::device, {2, 2}, NAN);
  EXPECT_TRUE(std::isnan(nd::item(nd::nanmax(nd::device, all_nan))));
  EXPECT_TRUE(std::isnan(nd::item(nd::nanmean(nd::device, all_nan))));
  EXPECT_EQ(nd::item(nd::nansum(nd::device, all_nan)), 0.0);
  try {
    nd::nanargmax(nd::device, all_nan, 0);
    FAIL() << "nanargmax of an all-NaN slice must raise";
  } catch (const nd::value_error& err) {
    EXPECT_STREQ(err.what(), "All-NaN slice encountered");
  }
}

TEST(Reduce, AxisErrors) {
  auto a = nd::zeros<double>(nd::device, {2, 3, 4});
  try {
    nd::sum(nd::device, a, 3);
    FAIL();
  } catch (const nd::axis_error& err) {
    EXPECT_STREQ(err.what(), "axis 3 is out of bounds for array of dimension 3");
  }
  EXPECT_THROW(nd::sum(nd::device, a, -4), nd::axis_error);
  try {
    nd::sum(nd::device, a, {0, -3});
    FAIL();
  } catch (const nd::value_error& err) {
    EXPECT_STREQ(err.what(), "duplicate value in 'axis'");
  }
  EXPECT_THROW(nd::argmax(nd::device, a, {0, 1}), nd::value_error);
  EXPECT_THROW(nd::sum(nd::device, nd::zeros<double>(nd::device, {}), 0), nd::axis_error);
}

TEST(Reduce, OutAndInitial) {
  auto a   = nd::reshape(nd::arange<double>(nd::device, 0, 12), {3, 4});
  auto out = nd::full<double>(nd::device, {2, 4}, -1.0);
  auto row = out(1); // a strided destination inside a bigger array
  auto r   = nd::sum(nd::device, a, 0, row);
  EXPECT_TRUE(r.shares_storage_with(out));
  EXPECT_EQ(nd::to_vector(out), (std::vector<double>{-1, -1, -1, -1, 12, 15, 18, 21}));
  EXPECT_THROW(nd::sum(nd::device, a, 1, row), nd::shape_error);
  EXPECT_EQ(nd::to_vector(nd::sum(nd::device, a, 1, false, 100)), (std::vector<double>{106, 122, 138}));
  EXPECT_EQ(nd::to_vector(nd::max(nd::device, a, 1, false, 9.5)), (std::vector<double>{9.5, 9.5, 11}));
}

TEST(Reduce, LargerShapesTakeEveryPath) {
  // Sizes large enough for the split (two-pass) paths and the block-per-row path on the GPU; checked against a
  // host loop over the same values.
  const nd::index_t n0 = 3, n1 = 700, n2 = 9;
  std::vector<double> h(n0 * n1 * n2);
  for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<double>((i * 37) % 101) - 50;
  auto a = nd::asarray(nd::device, h, {n0, n1, n2});
  for (int ax = 0; ax < 3; ++ax) {
    auto got = nd::to_vector(nd::sum(nd::device, nd::swapaxes(a, ax, 2), 2));
    std::vector<double> want(got.size(), 0.0);
    nd::index_t ext[3] = {n0, n1, n2};
    for (nd::index_t i = 0; i < n0; ++i)
      for (nd::index_t j = 0; j < n1; ++j)
        for (nd::index_t k = 0; k < n2; ++k) {
          nd::index_t idx[3] = {i, j, k};
          // output position over the kept axes in the swapped order (ax moved to the end)
          nd::index_t kept[2], m = 0;
          nd::index_t sw[3] = {0, 1, 2};
          std::swap(sw[ax], sw[2]);
          for (int d = 0; d < 2; ++d) kept[m++] = idx[sw[d]];
          want[kept[0] * ext[sw[1]] + kept[1]] += h[(i * n1 + j) * n2 + k];
        }
    for (std::size_t i = 0; i < want.size(); ++i) ASSERT_DOUBLE_EQ(got[i], want[i]) << "axis " << ax << " [" << i << "]";
  }
  double total = 0;
  for (double v : h) total += v;
  EXPECT_DOUBLE_EQ(nd::item(nd::sum(nd::device, nd::transpose(a))), total);
  auto big = nd::full<float>(nd::device, {5, 200000}, 1.0f);
  EXPECT_EQ(nd::to_vector(nd::sum(nd::device, big, 1)), std::vector<float>(5, 200000.0f));
  // argmax positions are C-order positions of the (transposed) view, not storage order.
  EXPECT_EQ(nd::item(nd::argmax(nd::device, nd::transpose(a))),
            nd::item(nd::argmax(nd::device, nd::copy(nd::transpose(a)))));
}

TEST(Reduce, HostPolicy) {
  auto a = nd::asarray(nd::host, std::vector<int>{1, 2, 3, 4, 5, 6}, {2, 3});
  auto s = nd::sum(nd::host, a, 1);
  static_assert(std::is_same_v<decltype(s), nd::host_array<std::int64_t>>);
  EXPECT_EQ(nd::to_vector(s), (std::vector<std::int64_t>{6, 15}));
  EXPECT_EQ(nd::item(nd::argmax(nd::host, a)), 5);
}

// --- summation accuracy (NumPy sums pairwise) ---------------------------------------------------------------------
TEST(Reduce, HostSumAccuracyFloat32) {
  // NumPy: np.full(10**6, 0.1, np.float32).sum() == 100000.01 (pairwise); a running float32 sum gives ~100958.
  auto a = nd::full<float>(nd::device, {1000000}, 0.1f);
  EXPECT_NEAR(nd::item(nd::sum(nd::device, a)), 100000.008, 1e-6 * 100000);
  // Host arrays take backend/generic's pairwise loops in both builds.
  auto h = nd::full<float>(nd::host, {1000000}, 0.1f);
  EXPECT_NEAR(nd::item(nd::sum(nd::host, h)), 100000.008, 1e-6 * 100000);
  // Many outputs (one line each) and few outputs along a long axis.
  auto m = nd::full<float>(nd::device, {100, 100000}, 0.1f);
  for (float v : nd::to_vector(nd::sum(nd::device, m, 1))) EXPECT_NEAR(v, 10000.0001, 1e-6 * 10000);
#if !defined(NDTHRUST_BACKEND_CUDA) // on the GPU a few long lines are summed per thread in order: not pairwise yet
  auto f = nd::full<float>(nd::device, {2, 1000000}, 0.1f);
  for (float v : nd::to_vector(nd::sum(nd::device, f, 1))) EXPECT_NEAR(v, 100000.008, 1e-6 * 100000);
#endif
}

// NumPy's reductions accept any dtype of out (ufunc.reduce casts its result unsafely; only ufunc calls with out=
// raise under same_kind, Casting.UfuncOutSameKind): np.sum(np.full(3, 0.6), out=np.zeros((), int)) is 1, computed
// in float64 and truncated once. An input that casts to out's dtype under same_kind is accumulated in out's dtype.
TEST(Casting, ReduceOutSameKind) {
  auto f   = nd::full<double>(nd::device, {2, 3}, 0.6);
  auto out = nd::full<std::int64_t>(nd::device, {2}, -9);
  nd::sum(nd::device, f, 1, out); // np.sum(f, axis=1, out=out) → [1, 1] (1.8 truncated), not 0 + 0 + 0
  EXPECT_EQ(nd::to_vector(out), (std::vector<std::int64_t>{1, 1}));
  auto p = nd::zeros<std::int64_t>(nd::device, {});
  nd::prod(nd::device, nd::full<double>(nd::device, {3}, 1.5), {}, p); // np.prod(np.full(3, 1.5), out=p) → 3
  EXPECT_EQ(p.item(), 3);
  auto m = nd::zeros<std::int64_t>(nd::device, {});
  nd::max(nd::device, nd::asarray(nd::device, std::vector<double>{-0.5, -0.4}), {}, m); // → 0 (-0.4 truncated)
  EXPECT_EQ(m.item(), 0);
  auto n = nd::zeros<std::int32_t>(nd::device, {});
  nd::min(nd::device, nd::asarray(nd::device, std::vector<double>{2.5, 1.9}), {}, n); // → 1
  EXPECT_EQ(n.item(), 1);
  auto b = nd::full<bool>(nd::device, {}, true);
  nd::sum(nd::device, nd::asarray(nd::device, std::vector<std::int64_t>{1, -1}), {}, b); // int64 sum 0 → False
  EXPECT_FALSE(b.item());
  auto re = nd::zeros<double>(nd::device, {});
  nd::sum(nd::device, nd::asarray(nd::device, std::vector<nd::complex128>{{1, 2}, {2, 3}}), {}, re); // → 3.0
  EXPECT_EQ(re.item(), 3.0);
  // Same kind: out's dtype is the loop — uint8 wraps (np.sum(uint8 [200, 100], out=uint8) → 44), int8 into int16
  // does not (→ 200).
  auto u8 = nd::zeros<std::uint8_t>(nd::device, {});
  nd::sum(nd::device, nd::asarray(nd::device, std::vector<std::uint8_t>{200, 100}), {}, u8);
  EXPECT_EQ(u8.item(), 44);
  auto i16 = nd::zeros<std::int16_t>(nd::device, {});
  nd::sum(nd::device, nd::asarray(nd::device, std::vector<std::int8_t>{100, 100}), {}, i16);
  EXPECT_EQ(i16.item(), 200);
}

// --- an out that overlaps the input (NumPy: np.sum(m, 1, out=m[2])) ----------------------------------------------
struct negate_fn {
  NDTHRUST_HD double operator()(double v) const { return -v; }
};
TEST(Overlap, ReduceOutOverlapsInput) {
  auto m = nd::reshape(nd::arange<double>(nd::device, 0.0, 9.0), {3, 3});
  auto r = nd::sum(nd::device, m, 1, m(2));
  EXPECT_EQ(nd::to_vector(r), (std::vector<double>{3, 12, 21}));
  EXPECT_EQ(nd::to_vector(nd::ravel(nd::device, m)), (std::vector<double>{0, 1, 2, 3, 4, 5, 3, 12, 21}));
  // Along axis 0 into the first column: np.max(m, 0, out=m[:, 0]) with m = arange(9).reshape(3, 3) → [6 7 8]
  auto k = nd::reshape(nd::arange<double>(nd::device, 0.0, 9.0), {3, 3});
  nd::max(nd::device, k, 0, k(nd::slice(), 0));
  EXPECT_EQ(nd::to_vector(nd::ravel(nd::device, k)), (std::vector<double>{6, 1, 2, 7, 4, 5, 8, 7, 8}));
  // An expression over the array counts as reading it.
  auto e = nd::reshape(nd::arange<double>(nd::device, 0.0, 9.0), {3, 3});
  nd::min(nd::device, nd::map(negate_fn{}, e), 1, e(0));
  EXPECT_EQ(nd::to_vector(e(0)), (std::vector<double>{-2, -5, -8}));
}

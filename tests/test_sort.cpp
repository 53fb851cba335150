// Sorting and searching (sort, argsort, partition, argpartition, unique, searchsorted, bincount, histogram) against
// NumPy golden data (tests/golden/sort/make_golden.py), plus stability, empty, single-element and error cases.
#include <ndthrust/ndthrust.h>
#include <ndthrust/sort.h>

#include "golden/reduce/check.h"
#include "support/same.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace {

// The golden reader looks under <golden>/core.
const std::string sort_file   = "../sort/sort.txt";
const std::string search_file = "../sort/search.txt";

using nd::index_t;
using reduce_golden::with_layout;

const golden::case_t& want(const std::string& file, const std::string& name) { return golden::get(file, name); }
bool has(const std::string& name) { return golden::file(sort_file).count(name) > 0; }

template <class T>
nd::device_array<T> input(const std::string& dt) {
  return golden::input<T>(nd::device, sort_file, "in_" + dt);
}

std::optional<index_t> axis_of(const std::string& key) {
  if (key == "all") return std::nullopt;
  return key == "am1" ? -1 : key[1] - '0';
}

/// NumPy's order on the host: NaN after everything.
template <class T>
bool less(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) return a < b || (std::isnan(b) && !std::isnan(a));
  else return a < b;
}

// --- sort and argsort -------------------------------------------------------------------------------------------------

template <class T>
void run_sorts(const std::string& dt) {
  auto in   = input<T>(dt);
  int count = 0;
  for (const char* lay : {"c", "t", "s"})
    for (const char* ax : {"all", "a0", "a1", "am1"}) {
      std::string key = dt + "_" + lay + "_" + ax;
      if (!has("sort_" + key)) continue;
      ++count;
      auto a    = with_layout(in, lay);
      auto axis = axis_of(ax);
      auto s    = nd::sort(nd::device, a, axis);
      EXPECT_TRUE(s.is_contiguous()) << key;
      golden::expect_values(want(sort_file, "sort_" + key), s);
      golden::expect_values(want(sort_file, "argsort_" + key), nd::argsort(nd::device, a, axis));
    }
  EXPECT_GE(count, 4) << "golden cases missing for " << dt;
}

TEST(Sort, Float32) { run_sorts<float>("f32"); }
TEST(Sort, Float64) { run_sorts<double>("f64"); }
TEST(Sort, NaNInfAndSignedZero) { run_sorts<double>("nan"); }
TEST(Sort, Int32) { run_sorts<std::int32_t>("i32"); }
TEST(Sort, Int64) { run_sorts<std::int64_t>("i64"); }
TEST(Sort, UInt8) { run_sorts<std::uint8_t>("u8"); }
TEST(Sort, Bool) { run_sorts<bool>("b"); }

TEST(Sort, HostPolicy) {
  auto a = nd::to_host(input<double>("nan"));
  golden::expect_values(want(sort_file, "sort_nan_c_a1"), nd::sort(nd::host, a, 1));
  golden::expect_values(want(sort_file, "argsort_nan_c_am1"), nd::argsort(nd::host, a));
  golden::expect_values(want(sort_file, "argsort_nan_c_all"), nd::argsort(nd::host, a, std::nullopt));
}

/// Checks on the host that `idx` is a stable argsort of each row of `keys` (rows of length len).
template <class T>
void expect_stable(const std::vector<T>& keys, const std::vector<std::int64_t>& idx, index_t len) {
  ASSERT_EQ(keys.size(), idx.size());
  for (std::size_t r = 0; r < keys.size() / len; ++r) {
    std::vector<bool> seen(len, false);
    for (index_t j = 0; j < len; ++j) {
      auto i = idx[r * len + j];
      ASSERT_TRUE(i >= 0 && i < len && !seen[i]) << "not a permutation at row " << r;
      seen[i] = true;
      if (j == 0) continue;
      auto p = idx[r * len + j - 1];
      T a = keys[r * len + p], b = keys[r * len + i];
      ASSERT_FALSE(less(b, a)) << "out of order at row " << r << ", position " << j;
      if (!less(a, b)) ASSERT_LT(p, i) << "equal keys out of input order at row " << r << ", position " << j;
    }
  }
}

// Large enough for the device algorithms' multi-pass paths; few distinct keys, so ties (±0 and NaNs of both signs
// included) are everywhere.
TEST(Sort, ArgsortIsStable) {
  const index_t rows = 3, len = 4000;
  std::vector<double> h(rows * len);
  const double pool[] = {1.5, -0.0, 0.0, std::nan(""), -std::nan(""), -2.0, INFINITY};
  for (std::size_t i = 0; i < h.size(); ++i) h[i] = pool[(i * 7919 + i / 13) % 7];
  auto a = nd::asarray(nd::device, h.data(), {rows, len});
  expect_stable(h, nd::to_vector(nd::argsort(nd::device, a)), len);          // segmented
  expect_stable(h, nd::to_vector(nd::argsort(nd::device, a, std::nullopt)), rows * len); // whole array
  auto f = nd::astype<float>(a);
  std::vector<float> hf(h.begin(), h.end());
  expect_stable(hf, nd::to_vector(nd::argsort(nd::device, f)), len);
  // sort agrees with the stable argsort's order
  auto s = nd::to_vector(nd::sort(nd::device, a, std::nullopt));
  for (std::size_t i = 1; i < s.size(); ++i) ASSERT_FALSE(less(s[i], s[i - 1])) << i;
  EXPECT_TRUE(std::isnan(s.back()));
}

TEST(Sort, EmptyAndSingle) {
  auto e = nd::empty<float>(nd::device, {0, 3});
  for (index_t ax : {0, 1, -1}) {
    EXPECT_EQ(nd::shape_str(nd::sort(nd::device, e, ax).shape()), "(0, 3)");
    EXPECT_EQ(nd::shape_str(nd::argsort(nd::device, e, ax).shape()), "(0, 3)");
  }
  EXPECT_EQ(nd::sort(nd::device, e, std::nullopt).shape(), nd::shape_t{0});
  auto one = nd::full<std::int32_t>(nd::device, {1, 1}, 5);
  EXPECT_EQ(nd::to_vector(nd::argsort(nd::device, one)), std::vector<std::int64_t>{0});
  EXPECT_EQ(nd::to_vector(nd::sort(nd::device, one, 0)), std::vector<std::int32_t>{5});
  auto scalar = nd::full<double>(nd::device, {}, 2.0); // 0-d: NumPy sorts it only with axis=None
  EXPECT_EQ(nd::to_vector(nd::sort(nd::device, scalar, std::nullopt)), std::vector<double>{2.0});
  golden::expect_error<nd::axis_error>([&] { nd::sort(nd::device, scalar); },
                                       "axis -1 is out of bounds for array of dimension 0");
}

TEST(Sort, Errors) {
  auto a = input<float>("f32");
  golden::expect_error<nd::axis_error>([&] { nd::sort(nd::device, a, 3); },
                                       "axis 3 is out of bounds for array of dimension 3");
  golden::expect_error<nd::axis_error>([&] { nd::argsort(nd::device, a, -4); },
                                       "axis -4 is out of bounds for array of dimension 3");
  golden::expect_error<nd::value_error>([&] { nd::partition(nd::device, a, 4); }, "kth(=4) out of bounds (4)");
  golden::expect_error<nd::value_error>([&] { nd::argpartition(nd::device, a, -4, 0); }, "kth(=-4) out of bounds (3)");
  golden::expect_error<nd::value_error>([&] { nd::partition(nd::device, a, 36, std::nullopt); },
                                        "kth(=36) out of bounds (36)");
}

// --- partition ----------------------------------------------------------------------------------------------------

/// The contract: element kth of each line is NumPy's, nothing before it is larger, nothing after it smaller.
template <class T>
void expect_partitioned(const golden::case_t& c, const nd::device_array<T>& p, index_t kth, int axis) {
  auto kslice = axis == 1 ? p(nd::all, kth) : p(nd::ellipsis, kth);
  golden::expect_values(c, nd::copy(nd::device, kslice));
  auto lines     = nd::to_vector(nd::moveaxis(p, axis, -1));
  const index_t len = p.shape(axis), k = kth < 0 ? kth + len : kth;
  for (std::size_t r = 0; r < lines.size() / len; ++r)
    for (index_t j = 0; j < len; ++j) {
      T v = lines[r * len + j], pivot = lines[r * len + k];
      if (j < k) EXPECT_FALSE(less(pivot, v)) << c.name << " row " << r << " position " << j;
      if (j > k) EXPECT_FALSE(less(v, pivot)) << c.name << " row " << r << " position " << j;
    }
}

template <class T>
void run_partitions(const std::string& dt) {
  auto a = input<T>(dt);
  for (index_t k : {0, 2, -1})
    for (int axis : {-1, 1}) {
      std::string name = "part_" + dt + (axis == 1 ? "_a1_k" : "_am1_k") + std::to_string(k);
      expect_partitioned(want(sort_file, name), nd::partition(nd::device, a, k, axis), k, axis);
      // argpartition: gather the values on the host along the lines, then the same contract
      auto idx   = nd::to_vector(nd::argpartition(nd::device, a, k, axis));
      auto lines = nd::to_vector(nd::moveaxis(a, axis, -1));
      const index_t len = a.shape(axis);
      std::vector<T> g(lines.size());
      auto perm_lines = nd::to_vector(nd::moveaxis(nd::asarray(nd::device, idx.data(), a.shape()), axis, -1));
      for (std::size_t i = 0; i < g.size(); ++i) g[i] = lines[(i / len) * len + perm_lines[i]];
      auto moved = nd::asarray(nd::device, g.data(), nd::moveaxis(a, axis, -1).shape());
      expect_partitioned(want(sort_file, name), nd::copy(nd::device, nd::moveaxis(moved, -1, axis)), k, axis);
    }
}

TEST(Partition, Float64WithNaN) { run_partitions<double>("nan"); }
TEST(Partition, Int32) { run_partitions<std::int32_t>("i32"); }

// --- unique -------------------------------------------------------------------------------------------------------

template <class T>
void run_unique(const std::string& dt) {
  auto a           = input<T>(dt);
  const auto pre   = "unique_" + dt + "_";
  // The goldens are np.unique with every return_* (equal_nan=True), not np.unique_all (equal_nan=False).
  auto all         = nd::unique_all(nd::device, a, true);
  golden::expect_values(want(search_file, pre + "values"), all.values);
  golden::expect_values(want(search_file, pre + "indices"), all.indices);
  golden::expect_values(want(search_file, pre + "inverse"), all.inverse);
  golden::expect_values(want(search_file, pre + "counts"), all.counts);
  golden::expect_values(want(search_file, pre + "values"), nd::unique(nd::device, a));
  auto c = nd::unique_counts(nd::device, a, true);
  golden::expect_values(want(search_file, pre + "counts"), c.counts);
  auto inv = nd::unique_inverse(nd::device, a, true);
  golden::expect_values(want(search_file, pre + "inverse"), inv.inverse);
  EXPECT_EQ(inv.counts.size(), 0); // not computed by unique_inverse
}

TEST(Unique, Float32) { run_unique<float>("f32"); }
TEST(Unique, Float64WithNaN) { run_unique<double>("nan"); }
TEST(Unique, Int64) { run_unique<std::int64_t>("i64"); }
TEST(Unique, UInt8) { run_unique<std::uint8_t>("u8"); }
TEST(Unique, Bool) { run_unique<bool>("b"); }

TEST(Unique, DistinctNaNs) {
  auto r = nd::unique_all(nd::device, input<double>("nan"), /*equal_nan=*/false);
  golden::expect_values(want(search_file, "uniqueall_nan_values"), r.values);
  golden::expect_values(want(search_file, "uniqueall_nan_indices"), r.indices);
  golden::expect_values(want(search_file, "uniqueall_nan_inverse"), r.inverse);
  golden::expect_values(want(search_file, "uniqueall_nan_counts"), r.counts);
}

TEST(Unique, Empty) {
  auto r = nd::unique_all(nd::device, nd::empty<float>(nd::device, {0, 2}));
  EXPECT_EQ(r.values.size(), 0);
  EXPECT_EQ(r.counts.size(), 0);
  EXPECT_EQ(nd::shape_str(r.inverse.shape()), "(0, 2)");
}

// --- searchsorted, bincount, histogram ----------------------------------------------------------------------------

template <class T>
nd::device_array<T> search_input(const std::string& name) {
  return golden::input<T>(nd::device, search_file, name);
}

TEST(Searchsorted, FloatWithNaN) {
  auto hay = search_input<double>("ss_hay"), needles = search_input<double>("ss_needles");
  golden::expect_values(want(search_file, "ss_left"), nd::searchsorted(nd::device, hay, needles));
  golden::expect_values(want(search_file, "ss_right"), nd::searchsorted(nd::device, hay, needles, false));
}

TEST(Searchsorted, Int32) {
  auto hay = search_input<std::int32_t>("ss_ihay"), needles = search_input<std::int32_t>("ss_ineedles");
  golden::expect_values(want(search_file, "ss_ileft"), nd::searchsorted(nd::device, hay, needles, true));
  golden::expect_values(want(search_file, "ss_iright"), nd::searchsorted(nd::device, hay, needles, false));
  // a strided haystack view: every other element of a sorted array is still sorted
  auto odd = nd::searchsorted(nd::device, hay(nd::slice(nd::none, nd::none, 2)), needles);
  auto h = nd::to_vector(hay), n = nd::to_vector(needles);
  auto got = nd::to_vector(odd);
  for (std::size_t i = 0; i < n.size(); ++i) {
    std::int64_t expect = 0;
    for (std::size_t j = 0; j < h.size(); j += 2) expect += h[j] < n[i];
    EXPECT_EQ(got[i], expect) << i;
  }
}

TEST(Searchsorted, EmptyAndErrors) {
  auto hay = nd::empty<float>(nd::device, {0});
  auto v   = nd::full<float>(nd::device, {2, 2}, 1.0f);
  EXPECT_EQ(nd::to_vector(nd::searchsorted(nd::device, hay, v)), std::vector<std::int64_t>(4, 0));
  golden::expect_error<nd::value_error>([&] { nd::searchsorted(nd::device, v, v); },
                                        "object too deep for desired array");
}

TEST(Bincount, Values) {
  auto x = search_input<std::int32_t>("bc_x");
  golden::expect_values(want(search_file, "bc_x_0"), nd::bincount(nd::device, x));
  golden::expect_values(want(search_file, "bc_x_15"), nd::bincount(nd::device, x, 15));
  golden::expect_values(want(search_file, "bc_x_3"), nd::bincount(nd::device, x, 3));
  golden::expect_values(want(search_file, "bc_b_0"), nd::bincount(nd::device, search_input<bool>("bc_b")));
  golden::expect_values(want(search_file, "bc_u8_0"), nd::bincount(nd::device, search_input<std::uint8_t>("bc_u8")));
}

TEST(Bincount, EmptyAndErrors) {
  auto e = nd::empty<std::int64_t>(nd::device, {0});
  EXPECT_EQ(nd::to_vector(nd::bincount(nd::device, e, 4)), std::vector<std::int64_t>(4, 0)); // NumPy: zeros(4)
  auto neg = nd::asarray(nd::device, {3, -1, 2});
  golden::expect_error<nd::value_error>([&] { nd::bincount(nd::device, neg); },
                                        "'list' argument must have no negative elements");
  golden::expect_error<nd::value_error>([&] { nd::bincount(nd::device, e, -1); }, "'minlength' must not be negative");
  auto two = nd::zeros<std::int32_t>(nd::device, {2, 2});
  golden::expect_error<nd::value_error>([&] { nd::bincount(nd::device, two); }, "object too deep for desired array");
}

TEST(Histogram, Values) {
  auto h = nd::histogram(nd::device, search_input<double>("hist_in"), 7);
  golden::expect_values(want(search_file, "hist_auto_counts"), h.counts);
  reduce_golden::check(search_file, "hist_auto_edges", h.edges);
  auto r = nd::histogram(nd::device, search_input<double>("hist_nan"), 5, std::pair{-2.0, 3.0});
  golden::expect_values(want(search_file, "hist_range_counts"), r.counts);
  reduce_golden::check(search_file, "hist_range_edges", r.edges);
  auto i = nd::histogram(nd::device, nd::ravel(nd::device, input<std::int32_t>("i32")), 4);
  golden::expect_values(want(search_file, "hist_i32_counts"), i.counts);
  reduce_golden::check(search_file, "hist_i32_edges", i.edges);
  auto f = nd::histogram(nd::device, nd::full<double>(nd::device, {6}, 3.0), 3);
  golden::expect_values(want(search_file, "hist_flat_counts"), f.counts);
  reduce_golden::check(search_file, "hist_flat_edges", f.edges);
}

TEST(Histogram, Errors) {
  auto a = search_input<double>("hist_nan");
  golden::expect_error<nd::value_error>([&] { nd::histogram(nd::device, a, 0); },
                                        "`bins` must be positive, when an integer");
  golden::expect_error<nd::value_error>([&] { nd::histogram(nd::device, a, 3, std::pair{2.0, 1.0}); },
                                        "max must be larger than min in range parameter.");
  golden::expect_error<nd::value_error>([&] { nd::histogram(nd::device, a); }, "autodetected range of [");
}

// --- lazy expressions (nd::map): the same results as on the evaluated array ---------------------------------------

/// (x % 5 + 5) % 5: non-negative, for bincount.
struct mod5_fn {
  template <class T>
  NDTHRUST_HD T operator()(T x) const {
    return static_cast<T>((x % 5 + 5) % 5);
  }
};

template <class T>
void run_map_sorts() {
  using ndtest::expect_same;
  auto e = nd::map(ndtest::affine_fn{}, ndtest::strided_input<T>());
  auto v = nd::evaluate(nd::device, e);
  for (std::optional<index_t> ax : {std::optional<index_t>(0), std::optional<index_t>(-1), std::optional<index_t>()}) {
    std::string k = ax ? std::to_string(*ax) : "None";
    expect_same(nd::sort(nd::device, e, ax), nd::sort(nd::device, v, ax), "sort axis " + k);
    expect_same(nd::argsort(nd::device, e, ax), nd::argsort(nd::device, v, ax), "argsort axis " + k);
    expect_same(nd::partition(nd::device, e, 1, ax), nd::partition(nd::device, v, 1, ax), "partition axis " + k);
    expect_same(nd::argpartition(nd::device, e, 1, ax), nd::argpartition(nd::device, v, 1, ax), "argpartition " + k);
  }
  expect_same(nd::unique(nd::device, e), nd::unique(nd::device, v), "unique");
  auto ue = nd::unique_all(nd::device, e), uv = nd::unique_all(nd::device, v);
  EXPECT_GT(uv.values.size(), 1);
  EXPECT_LT(uv.values.size(), v.size()); // ties were met
  expect_same(ue.values, uv.values, "unique_all values");
  expect_same(ue.indices, uv.indices, "unique_all indices");
  expect_same(ue.inverse, uv.inverse, "unique_all inverse");
  expect_same(ue.counts, uv.counts, "unique_all counts");
  // searchsorted: an expression as the sorted array, and as the needles (read in place).
  auto sorted = nd::sort(nd::device, v, std::nullopt);
  auto needles = nd::map(ndtest::affine_fn{}, nd::transpose(ndtest::strided_input<T>()));
  auto nv      = nd::evaluate(nd::device, needles);
  for (bool left : {true, false}) {
    expect_same(nd::searchsorted(nd::device, sorted, needles, left), nd::searchsorted(nd::device, sorted, nv, left),
                "searchsorted needles");
    auto sorted_e = nd::map(ndtest::affine_fn{}, nd::sort(nd::device, ndtest::strided_input<T>(), std::nullopt));
    expect_same(nd::searchsorted(nd::device, sorted_e, nv, left),
                nd::searchsorted(nd::device, nd::evaluate(nd::device, sorted_e), nv, left), "searchsorted sorted");
  }
  auto h = nd::histogram(nd::device, e, 4), hv = nd::histogram(nd::device, v, 4);
  expect_same(h.counts, hv.counts, "histogram counts");
  expect_same(h.edges, hv.edges, "histogram edges");
  auto hr = nd::histogram(nd::device, e, 3, std::make_pair(-5.0, 5.0));
  expect_same(hr.counts, nd::histogram(nd::device, v, 3, std::make_pair(-5.0, 5.0)).counts, "histogram range");
  if constexpr (std::is_integral_v<T>) {
    auto flat = nd::ravel(nd::device, ndtest::strided_input<T>()); // a copy (transposed); then a reversed view
    auto m    = nd::map(mod5_fn{}, flat(nd::slice(nd::none, nd::none, -1)));
    expect_same(nd::bincount(nd::device, m, 7), nd::bincount(nd::device, nd::evaluate(nd::device, m), 7), "bincount");
    auto neg = nd::map(ndtest::affine_fn{}, flat);
    EXPECT_THROW(nd::bincount(nd::device, neg), nd::value_error);
  }
}

TEST(SortMap, Float32) { run_map_sorts<float>(); }
TEST(SortMap, Int32) { run_map_sorts<std::int32_t>(); }


} // namespace

// --- NumPy agreement: signed zeros, empty partition, NaNs in unique_counts / unique_all ----------------------------
namespace {
std::vector<bool> signbits(const std::vector<double>& v) {
  std::vector<bool> s;
  for (double x : v) s.push_back(std::signbit(x));
  return s;
}
} // namespace

TEST(SortNumpy, SignedZeroStable) {
  // -0.0 == 0.0: a stable sort keeps them in input order (NumPy: sort([0., -0., 0., -0.]) → [0., -0., 0., -0.]).
  std::vector<double> in{0.0, -0.0, 1.0, 0.0, -1.0, -0.0};
  auto s = nd::to_vector(nd::sort(nd::device, nd::asarray(nd::device, in)));
  EXPECT_EQ(s, (std::vector<double>{-1.0, 0.0, 0.0, 0.0, 0.0, 1.0}));
  EXPECT_EQ(signbits(s), (std::vector<bool>{true, false, true, false, true, false}));
  auto i = nd::to_vector(nd::argsort(nd::device, nd::asarray(nd::device, in)));
  EXPECT_EQ(i, (std::vector<std::int64_t>{4, 0, 1, 3, 5, 2}));
  // Several segments (axis -1 of a 2-d array).
  auto m  = nd::reshape(nd::asarray(nd::device, std::vector<double>{-0.0, 0.0, -0.0, 0.0, -0.0, 0.0}), {2, 3});
  auto ms = nd::to_vector(nd::sort(nd::device, m));
  EXPECT_EQ(signbits(ms), (std::vector<bool>{true, false, true, false, true, false}));
}

TEST(SortNumpy, PartitionEmpty) {
  // NumPy checks kth only for non-empty arrays: partition(np.array([]), 0) is an empty array.
  auto e = nd::zeros<double>(nd::device, {0});
  EXPECT_EQ(nd::partition(nd::device, e, 0).size(), 0);
  EXPECT_EQ(nd::argpartition(nd::device, e, 0).size(), 0);
  EXPECT_EQ(nd::partition(nd::device, nd::zeros<float>(nd::device, {0, 3}), 5, 1).size(), 0);
}

TEST(SortNumpy, UniqueNanCounts) {
  // NumPy 2: unique_counts / unique_all use equal_nan=False; np.unique_counts([nan, 1., nan]) → [1, nan, nan], [1, 1, 1].
  const double nan = std::nan("");
  auto a = nd::asarray(nd::device, std::vector<double>{nan, 1.0, nan});
  auto c = nd::unique_counts(nd::device, a);
  auto v = nd::to_vector(c.values);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], 1.0);
  EXPECT_TRUE(std::isnan(v[1]) && std::isnan(v[2]));
  EXPECT_EQ(nd::to_vector(c.counts), (std::vector<std::int64_t>{1, 1, 1}));
  auto all = nd::unique_all(nd::device, a);
  EXPECT_EQ(nd::to_vector(all.counts), (std::vector<std::int64_t>{1, 1, 1}));
  EXPECT_EQ(nd::to_vector(all.indices), (std::vector<std::int64_t>{1, 0, 2}));
  EXPECT_EQ(nd::to_vector(all.inverse), (std::vector<std::int64_t>{1, 0, 2}));
  EXPECT_EQ(nd::unique(nd::device, a).size(), 2); // np.unique keeps equal_nan=True
}

// Long rows take the chunked parallel merge sort on the host backend (and the library sorts on the GPU): stable,
// NaNs last, for one row and for several, checked against std::stable_sort.
TEST(Sort, LongRowsStayStableWithNanLast) {
  const std::int64_t len = 300001;
  for (std::int64_t rows : {1, 3}) {
    std::vector<float> h(static_cast<std::size_t>(rows * len));
    for (std::int64_t i = 0; i < rows * len; ++i)
      h[i] = (i % 97 == 0) ? std::nanf("") : float((i * 7919) % 1000) - 500.0f; // many ties, some NaNs
    auto a   = nd::reshape(nd::asarray(nd::device, h), {rows, len});
    auto idx = nd::to_vector(nd::argsort(nd::device, a, -1));
    auto srt = nd::to_vector(nd::sort(nd::device, a, -1));
    for (std::int64_t r = 0; r < rows; ++r) {
      std::vector<std::int64_t> want(len);
      for (std::int64_t j = 0; j < len; ++j) want[j] = j;
      const float* row = h.data() + r * len;
      std::stable_sort(want.begin(), want.end(), [&](std::int64_t x, std::int64_t y) {
        float a = row[x], b = row[y];
        return std::isnan(b) ? !std::isnan(a) : a < b; // NaN last
      });
      for (std::int64_t j = 0; j < len; ++j) {
        ASSERT_EQ(idx[r * len + j], want[j]) << "row " << r << " position " << j;
        float got = srt[r * len + j], exp = row[want[j]];
        ASSERT_TRUE(got == exp || (std::isnan(got) && std::isnan(exp))) << "row " << r << " position " << j;
      }
    }
  }
}

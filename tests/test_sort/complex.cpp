// Sorting, unique and searchsorted of complex arrays against NumPy (forms.txt): lexicographic on (real, imag), with
// NumPy's NaN order [R + Rj, R + nanj, nan + Rj, nan + nanj]; argsort stable.
#include "forms.h"
#include "support/same.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace {

using forms::expect_exact;
using forms::index_t;
using reduce_golden::with_layout;

std::optional<index_t> axis_of(const std::string& key) {
  if (key == "all") return std::nullopt;
  return key == "am1" ? -1 : key[1] - '0';
}

template <class C>
void run_complex_sorts(const std::string& dt) {
  auto in   = forms::input<C>("in_" + dt);
  int count = 0;
  for (const char* lay : {"c", "t", "s"})
    for (const char* ax : {"all", "a0", "a1", "am1"}) {
      const std::string key = dt + "_" + lay + "_" + ax;
      if (!forms::has("sort_" + key)) continue;
      ++count;
      auto a    = with_layout(in, lay);
      auto axis = axis_of(ax);
      auto s    = nd::sort(nd::device, a, axis);
      EXPECT_TRUE(s.is_contiguous()) << key;
      expect_exact("sort_" + key, s, /*signs=*/true); // NumPy's stable sort: ±0 parts keep input order
      expect_exact("argsort_" + key, nd::argsort(nd::device, a, axis));
    }
  EXPECT_GE(count, 4) << "golden cases missing for " << dt;
}

TEST(SortComplex, Complex128) { run_complex_sorts<nd::complex128>("c128"); }
TEST(SortComplex, Complex64) { run_complex_sorts<nd::complex64>("c64"); }

TEST(SortComplex, HostPolicy) {
  auto a = forms::input<nd::complex128>("in_c128", nd::host);
  expect_exact("sort_c128_c_a1", nd::sort(nd::host, a, 1), true);
  expect_exact("argsort_c128_c_am1", nd::argsort(nd::host, a));
  expect_exact("argsort_c128_c_all", nd::argsort(nd::host, a, std::nullopt));
  auto u = nd::unique_all(nd::host, a);
  expect_exact("uniqueall_c128_values", u.values);
  expect_exact("uniqueall_c128_inverse", u.inverse);
}

/// NumPy's complex less-than (npysort's CLT, written out independently of ndthrust's nan_less).
template <class C>
bool numpy_less(const C& a, const C& b) {
  const auto ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
  if (ar < br) return ai == ai || bi != bi;
  if (ar > br) return bi != bi && ai == ai;
  if (ar == br || (ar != ar && br != br)) return ai < bi || (bi != bi && ai == ai);
  return br != br;
}

// Long lines, few distinct values of every NaN class: ties everywhere, against std::stable_sort with NumPy's
// comparison (the device library's multi-pass paths, one line and several).
TEST(SortComplex, ArgsortIsStableOnLongLines) {
  using C               = nd::complex128;
  const double nan      = std::nan("");
  const C pool[]        = {C(1, 2), C(1, nan), C(nan, 0), C(nan, nan), C(-0.0, 0), C(0, -0.0), C(1, -2), C(nan, -3),
                           C(-nan, nan), C(2, nan), C(INFINITY, 1)};
  const index_t rows = 3, len = 5000;
  std::vector<C> h(rows * len);
  for (std::size_t i = 0; i < h.size(); ++i) h[i] = pool[(i * 7919 + i / 13) % 11];
  auto a = nd::asarray(nd::device, h.data(), {rows, len});
  for (bool whole : {false, true}) {
    auto idx          = nd::to_vector(whole ? nd::argsort(nd::device, a, std::nullopt) : nd::argsort(nd::device, a));
    auto srt          = nd::to_vector(whole ? nd::sort(nd::device, a, std::nullopt) : nd::sort(nd::device, a));
    const index_t seg = whole ? rows * len : len;
    for (index_t r = 0; r < rows * len / seg; ++r) {
      std::vector<std::int64_t> want(seg);
      for (index_t j = 0; j < seg; ++j) want[j] = j;
      const C* line = h.data() + r * seg;
      std::stable_sort(want.begin(), want.end(),
                       [&](std::int64_t x, std::int64_t y) { return numpy_less(line[x], line[y]); });
      for (index_t j = 0; j < seg; ++j) {
        ASSERT_EQ(idx[r * seg + j], want[j]) << (whole ? "flat" : "row ") << r << " position " << j;
        ASSERT_TRUE(forms::same(srt[r * seg + j], line[want[j]], true)) << "row " << r << " position " << j;
      }
    }
  }
}

template <class C>
void run_complex_unique(const std::string& dt) {
  auto a         = forms::input<C>("in_" + dt);
  const auto pre = "unique_" + dt + "_";
  // np.unique with every return_* (equal_nan=True: every value with a NaN part is one value, the first in order)
  auto r = nd::unique_all(nd::device, a, true);
  expect_exact(pre + "values", r.values);
  expect_exact(pre + "indices", r.indices);
  expect_exact(pre + "inverse", r.inverse);
  expect_exact(pre + "counts", r.counts);
  expect_exact(pre + "values", nd::unique(nd::device, a));
  expect_exact(pre + "counts", nd::unique_counts(nd::device, a, true).counts);
  // np.unique_all: equal_nan=False
  const auto all = "uniqueall_" + dt + "_";
  auto u         = nd::unique_all(nd::device, a);
  expect_exact(all + "values", u.values);
  expect_exact(all + "indices", u.indices);
  expect_exact(all + "inverse", u.inverse);
  expect_exact(all + "counts", u.counts);
  expect_exact(all + "inverse", nd::unique_inverse(nd::device, a).inverse);
}

TEST(UniqueComplex, Complex128) { run_complex_unique<nd::complex128>("c128"); }
TEST(UniqueComplex, Complex64) { run_complex_unique<nd::complex64>("c64"); }

TEST(SearchsortedComplex, Complex128) {
  auto a   = forms::input<nd::complex128>("in_c128");
  auto hay = nd::sort(nd::device, a, std::nullopt);
  expect_exact("ss_c128_left", nd::searchsorted(nd::device, hay, a));
  expect_exact("ss_c128_right", nd::searchsorted(nd::device, hay, a, false));
}

TEST(SearchsortedComplex, Complex64) {
  auto a   = forms::input<nd::complex64>("in_c64");
  auto hay = nd::sort(nd::device, a, std::nullopt);
  expect_exact("ss_c64_left", nd::searchsorted(nd::device, hay, a));
  expect_exact("ss_c64_right", nd::searchsorted(nd::device, hay, a, false));
}

/// z → conj(z) * 2: an expression of complex values.
struct conj2_fn {
  template <class C>
  NDTHRUST_HD C operator()(C z) const {
    return C(z.real() * 2, -z.imag() * 2);
  }
};

TEST(SortComplex, PartitionAndExpressions) {
  auto a = forms::input<nd::complex128>("in_c128");
  // partition returns the sorted lines, which satisfy its contract
  expect_exact("sort_c128_c_am1", nd::partition(nd::device, a, 1), true);
  expect_exact("argsort_c128_c_a0", nd::argpartition(nd::device, a, 2, 0));
  auto e = nd::map(conj2_fn{}, nd::transpose(a));
  auto v = nd::evaluate(nd::device, e);
  for (std::optional<index_t> ax : {std::optional<index_t>(0), std::optional<index_t>()}) {
    ndtest::expect_same(nd::sort(nd::device, e, ax), nd::sort(nd::device, v, ax), "sort");
    ndtest::expect_same(nd::argsort(nd::device, e, ax), nd::argsort(nd::device, v, ax), "argsort");
  }
  auto ue = nd::unique_all(nd::device, e), uv = nd::unique_all(nd::device, v);
  ndtest::expect_same(ue.indices, uv.indices, "unique_all indices");
  ndtest::expect_same(ue.counts, uv.counts, "unique_all counts");
  // the expression's sort is the conjugate's order, not the input's: not the same permutation as a's
  EXPECT_NE(nd::to_vector(nd::argsort(nd::device, v, std::nullopt)),
            nd::to_vector(nd::argsort(nd::device, nd::copy(nd::device, nd::transpose(a)), std::nullopt)));
}

TEST(SortComplex, EmptyAndErrors) {
  auto e = nd::empty<nd::complex64>(nd::device, {0, 3});
  EXPECT_EQ(nd::shape_str(nd::sort(nd::device, e, 0).shape()), "(0, 3)");
  EXPECT_EQ(nd::argsort(nd::device, e, std::nullopt).size(), 0);
  EXPECT_EQ(nd::unique(nd::device, e).size(), 0);
  auto a = forms::input<nd::complex128>("in_c128");
  golden::expect_error<nd::axis_error>([&] { nd::sort(nd::device, a, 3); },
                                       "axis 3 is out of bounds for array of dimension 3");
  golden::expect_error<nd::value_error>([&] { nd::searchsorted(nd::device, a, a); },
                                        "object too deep for desired array");
}

} // namespace

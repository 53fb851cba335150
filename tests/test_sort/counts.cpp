// bincount with weights and histogram with explicit edges, weights and density, against NumPy (forms.txt), plus
// NumPy's errors.
#include "forms.h"
#include "support/same.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

using forms::expect_close;
using forms::expect_exact;
using forms::input;

// --- bincount with weights ---------------------------------------------------------------------------------------

TEST(BincountWeights, Values) {
  auto x  = input<std::int32_t>("bcw_x");
  auto wq = input<double>("bcw_wq");
  // Quarter weights: every partial sum is exact, whatever the order of the additions.
  expect_exact("bcw_q_0", nd::bincount(nd::device, x, wq));
  expect_exact("bcw_q_12", nd::bincount(nd::device, x, wq, 12));
  expect_close("bcw_r_0", nd::bincount(nd::device, x, input<double>("bcw_wr")));
  // Integer and float32 weights: float64 sums, as NumPy.
  nd::device_array<double> i = nd::bincount(nd::device, x, input<std::int32_t>("bcw_wi"));
  expect_exact("bcw_i_0", i);
  nd::device_array<double> f = nd::bincount(nd::device, x, input<float>("bcw_wf"), 3);
  expect_exact("bcw_f_3", f);
  expect_exact("bcw_b_w", nd::bincount(nd::device, input<bool>("bcw_b"), nd::arange<double>(nd::device, 7)));
  // The unweighted form is unchanged: bincount(x, 12) is minlength 12.
  EXPECT_EQ(nd::bincount(nd::device, x, 12).size(), 12);
  EXPECT_EQ(nd::to_vector(nd::bincount(nd::device, x, 12))[0] > 0, true);
}

TEST(BincountWeights, ViewsExpressionsAndHost) {
  auto x  = input<std::int32_t>("bcw_x");
  auto wq = input<double>("bcw_wq");
  // Reversed views of both: the same pairs, so the same sums.
  auto rev = nd::slice(nd::none, nd::none, -1);
  expect_exact("bcw_q_0", nd::bincount(nd::device, x(rev), wq(rev)));
  // A weights expression (wq * 3 - 7) against its evaluated array.
  auto e = nd::map(ndtest::affine_fn{}, wq);
  ndtest::expect_same(nd::bincount(nd::device, x, e), nd::bincount(nd::device, x, nd::evaluate(nd::device, e)),
                      "weights expression");
  auto hx = nd::to_host(x);
  auto hw = nd::to_host(wq);
  expect_exact("bcw_q_12", nd::bincount(nd::host, hx, hw, 12));
}

TEST(BincountWeights, EmptyAndErrors) {
  auto x = input<std::int32_t>("bcw_x");
  // NumPy returns zeros(minlength) for an empty x before looking at the weights (there as int64).
  auto e = nd::empty<std::int64_t>(nd::device, {0});
  EXPECT_EQ(nd::to_vector(nd::bincount(nd::device, e, nd::ones<double>(nd::device, {5}), 3)),
            std::vector<double>(3, 0.0));
  golden::expect_error<nd::value_error>([&] { nd::bincount(nd::device, x, nd::ones<double>(nd::device, {49})); },
                                        "The weights and list don't have the same length.");
  golden::expect_error<nd::value_error>([&] { nd::bincount(nd::device, x, nd::ones<double>(nd::device, {50, 1})); },
                                        "object too deep for desired array");
  golden::expect_error<nd::value_error>([&] { nd::bincount(nd::device, x, nd::ones<double>(nd::device, {})); },
                                        "object of too small depth for desired array");
  // x's own errors come first, as in NumPy.
  auto neg = nd::asarray(nd::device, {3, -1, 2});
  golden::expect_error<nd::value_error>([&] { nd::bincount(nd::device, neg, nd::ones<double>(nd::device, {2})); },
                                        "'list' argument must have no negative elements");
  golden::expect_error<nd::value_error>([&] { nd::bincount(nd::device, x, nd::ones<double>(nd::device, {3}), -1); },
                                        "'minlength' must not be negative");
}

// --- histogram with explicit edges ---------------------------------------------------------------------------------

TEST(HistogramEdges, Counts) {
  auto h     = input<double>("he_in");
  auto edges = input<double>("he_edges");
  auto r     = nd::histogram(nd::device, h, edges);
  expect_exact("he_counts", r.counts);
  expect_exact("he_edges", r.edges);
  EXPECT_FALSE(r.edges.shares_storage_with(edges)); // a float64 copy
  // Integer data and integer edges (converted to float64).
  auto i = nd::histogram(nd::device, input<std::int32_t>("he_i32"), input<std::int64_t>("he_i32_edges"));
  expect_exact("he_i32_counts", i.counts);
  expect_exact("he_i32_edges", i.edges);
  // A NaN last edge counts the NaNs in the last bin, as NumPy's searchsorted rule does.
  expect_exact("he_nanedge_counts", nd::histogram(nd::device, h, input<double>("he_nanedge_edges")).counts);
  // A strided view and an expression as data: the same counts as on the evaluated array.
  auto e = nd::map(ndtest::affine_fn{}, h(nd::slice(nd::none, nd::none, 2)));
  ndtest::expect_same(nd::histogram(nd::device, e, edges).counts,
                      nd::histogram(nd::device, nd::evaluate(nd::device, e), edges).counts, "expression");
}

TEST(HistogramEdges, WeightsAndDensity) {
  auto h = input<double>("he_in"), edges = input<double>("he_edges");
  expect_exact("he_w_counts", nd::histogram(nd::device, h, edges, input<double>("he_w")).counts);
  auto d = nd::histogram(nd::device, h, edges, input<double>("he_wr"), true);
  expect_close("he_wr_density", d.counts);
  expect_exact("he_edges", d.edges);
  nd::device_array<double> dn = nd::histogram(nd::device, h, edges, std::nullopt, true).counts;
  expect_close("he_density", dn);
  // density=false with std::nullopt: plain counts, as float64.
  auto plain = nd::to_vector(nd::histogram(nd::device, h, edges, std::nullopt).counts);
  auto ints  = nd::to_vector(nd::histogram(nd::device, h, edges).counts);
  ASSERT_EQ(plain.size(), ints.size());
  for (std::size_t k = 0; k < ints.size(); ++k) EXPECT_EQ(plain[k], static_cast<double>(ints[k])) << k;
}

TEST(HistogramEdges, FewEdgesAndHost) {
  auto h = input<double>("he_in");
  // One edge or none: no bins (NumPy: empty counts).
  EXPECT_EQ(nd::histogram(nd::device, h, nd::full<double>(nd::device, {1}, 1.0)).counts.size(), 0);
  auto none = nd::histogram(nd::device, h, nd::empty<double>(nd::device, {0}));
  EXPECT_EQ(none.counts.size(), 0);
  EXPECT_EQ(none.edges.size(), 0);
  auto hh = nd::to_host(h), he = nd::to_host(input<double>("he_edges"));
  expect_exact("he_counts", nd::histogram(nd::host, hh, he).counts);
  expect_exact("he_w_counts", nd::histogram(nd::host, hh, he, nd::to_host(input<double>("he_w"))).counts);
}

TEST(HistogramEdges, Errors) {
  auto h = input<double>("he_in");
  golden::expect_error<nd::value_error>(
    [&] { nd::histogram(nd::device, h, nd::asarray(nd::device, std::vector<double>{0.0, 2.0, 1.0})); },
    "`bins` must increase monotonically, when an array");
  golden::expect_error<nd::value_error>([&] { nd::histogram(nd::device, h, nd::zeros<double>(nd::device, {2, 2})); },
                                        "`bins` must be 1d, when an array");
  auto edges = input<double>("he_edges");
  golden::expect_error<nd::value_error>(
    [&] { nd::histogram(nd::device, h, edges, nd::ones<double>(nd::device, {119})); },
    "weights should have the same shape as a.");
  // The weights are checked before the bins, as in NumPy.
  golden::expect_error<nd::value_error>(
    [&] { nd::histogram(nd::device, h, nd::zeros<double>(nd::device, {2, 2}), nd::ones<double>(nd::device, {2})); },
    "weights should have the same shape as a.");
  golden::expect_error<nd::value_error>(
    [&] { nd::histogram(nd::device, h, edges, nd::ones<double>(nd::device, {120, 1})); },
    "weights should have the same shape as a.");
}

// --- equal-width bins with weights and density ---------------------------------------------------------------------

TEST(HistogramWeights, UniformBins) {
  auto hf = input<double>("hu_in"), w = input<double>("hu_w");
  auto r  = nd::histogram(nd::device, hf, 6, std::nullopt, w);
  expect_exact("hu_w_counts", r.counts);
  expect_close("hu_w_edges", r.edges);
  auto h = input<double>("he_in"), hw = input<double>("he_w");
  expect_close("hu_range_density", nd::histogram(nd::device, h, 5, std::pair{-2.0, 3.0}, hw, true).counts);
  expect_close("hu_density", nd::histogram(nd::device, hf, 6, std::nullopt, std::nullopt, true).counts);
  // Nothing in range: 0 / 0, NaN in every bin (NumPy warns and gives NaN).
  auto nothing = nd::asarray(nd::device, std::vector<double>{9.0, 10.0});
  expect_exact("hu_empty_density",
               nd::histogram(nd::device, nothing, 3, std::pair{0.0, 1.0}, std::nullopt, true).counts);
  auto hh = nd::to_host(hf);
  expect_exact("hu_w_counts", nd::histogram(nd::host, hh, 6, std::nullopt, nd::to_host(w)).counts);
}

TEST(HistogramWeights, ComplexWeights) {
  auto h = input<double>("he_in");
  auto w = nd::to_vector(input<double>("he_w")), wr = nd::to_vector(input<double>("he_wr"));
  std::vector<nd::complex128> cw(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) cw[i] = nd::complex128(w[i], wr[i]);
  auto c = nd::asarray(nd::device, cw);
  nd::device_array<nd::complex128> counts = nd::histogram(nd::device, h, 4, std::pair{-2.0, 3.0}, c).counts;
  expect_close("hu_cw_counts", counts);
  expect_close("hu_cw_density", nd::histogram(nd::device, h, 4, std::pair{-2.0, 3.0}, c, true).counts);
}

TEST(HistogramWeights, Errors) {
  auto h = input<double>("he_in");
  golden::expect_error<nd::value_error>(
    [&] { nd::histogram(nd::device, h, 4, std::nullopt, nd::ones<double>(nd::device, {3})); },
    "weights should have the same shape as a.");
  golden::expect_error<nd::value_error>(
    [&] { nd::histogram(nd::device, h, 0, std::nullopt, nd::ones<double>(nd::device, {120})); },
    "`bins` must be positive, when an integer");
  golden::expect_error<nd::value_error>(
    [&] { nd::histogram(nd::device, h, 3, std::nullopt, std::nullopt, true); }, "autodetected range of [");
  golden::expect_error<nd::value_error>(
    [&] { nd::histogram(nd::device, h, 3, std::pair{1.0, 0.0}, std::nullopt, true); },
    "max must be larger than min in range parameter.");
}

} // namespace

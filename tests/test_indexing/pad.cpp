// nd::pad's modes against NumPy golden data (tests/golden/indexing/make_golden.py, pad.txt; the case runner is
// pad_cases.h): int32 and float64 with every mode on 1-d, 2-d, 3-d (layouts c / t / s) inputs, a length-1 axis and
// an empty one; widths (0, 0), asymmetric, one pair for every axis and wider than the axis. Then cases on nd::host,
// lazy inputs, and every error. The other dtypes are in pad_dtypes.cpp.
#include "pad_cases.h"

#include "support/same.h"

#include <cstdint>

namespace {

using nd::index_t;
using pad_golden::all_modes;
using pad_golden::run_pad;
using pairs_t = std::vector<std::pair<index_t, index_t>>;

TEST(PadGolden, Int32) { EXPECT_EQ(run_pad<std::int32_t>(nd::device, "i32"), all_modes); }
TEST(PadGolden, Float64) { EXPECT_EQ(run_pad<double>(nd::device, "f64"), all_modes); }

TEST(PadGolden, Host) {
  EXPECT_EQ(run_pad<std::int32_t>(nd::host, "i32", "p2"), all_modes);
  EXPECT_EQ(run_pad<double>(nd::host, "f64", "p3s"), all_modes);
}

// The half-to-even rounding of integer means, spelled out (np.pad([1, 2, 4, 7, -3], 1, 'mean', stat_length=...)).
TEST(Pad, IntegerMeanRoundsHalfToEven) {
  auto a = nd::asarray(nd::device, std::vector<std::int32_t>{1, 2, 4, 7, -3});
  nd::pad_options o;
  o.stat_length = {{2, 4}}; // means 1.5 and 2.5
  EXPECT_EQ(nd::to_vector(nd::pad(nd::device, a, {{1, 1}}, nd::pad_mode::mean, o)),
            (std::vector<std::int32_t>{2, 1, 2, 4, 7, -3, 2}));
}

TEST(Pad, ZeroDimensional) {
  auto a = nd::full<double>(nd::device, {}, 2.5);
  for (auto m : {nd::pad_mode::reflect, nd::pad_mode::linear_ramp, nd::pad_mode::mean}) {
    auto r = nd::pad(nd::device, a, {{3, 1}}, m, nd::pad_options{});
    EXPECT_EQ(r.ndim(), 0);
    EXPECT_EQ(r.item(), 2.5);
  }
}

// Lazy inputs are evaluated first: the results are those of the evaluated array.
TEST(Pad, LazyInput) {
  auto x = ndtest::strided_input<double>();
  auto e = nd::map(ndtest::affine_fn{}, x);
  auto v = nd::evaluate(nd::device, e);
  pairs_t w{{3, 9}, {2, 0}};
  nd::pad_options o;
  o.stat_length = {{2, 3}};
  for (auto m : {nd::pad_mode::reflect, nd::pad_mode::symmetric, nd::pad_mode::wrap})
    ndtest::expect_same(nd::pad(nd::device, e, w, m), nd::pad(nd::device, v, w, m), "pad of a map");
  ndtest::expect_same(nd::pad(nd::device, e, w, nd::pad_mode::mean, o),
                      nd::pad(nd::device, v, w, nd::pad_mode::mean, o), "pad mean of a map");
}

TEST(Errors, PadModes) {
  using golden::expect_error;
  const auto& dev = nd::device;
  auto a23        = nd::zeros<double>(dev, {2, 3});
  for (auto m : {nd::pad_mode::edge, nd::pad_mode::reflect, nd::pad_mode::symmetric, nd::pad_mode::wrap,
                 nd::pad_mode::linear_ramp, nd::pad_mode::maximum, nd::pad_mode::minimum, nd::pad_mode::mean}) {
    expect_error<nd::value_error>([&] { nd::pad(dev, nd::zeros<double>(dev, {0}), {{1, 0}}, m, nd::pad_options{}); },
                                  "can't extend empty axis 0 using modes other than 'constant' or 'empty'");
    expect_error<nd::value_error>([&] { nd::pad(dev, nd::zeros<std::int32_t>(dev, {2, 0}), {{0, 0}, {0, 2}}, m); },
                                  "can't extend empty axis 1 using modes other than 'constant' or 'empty'");
    // Widths of 0 on the empty axis: an empty result of the padded shape.
    auto r = nd::pad(dev, nd::zeros<std::int32_t>(dev, {2, 0}), {{1, 2}, {0, 0}}, m);
    EXPECT_EQ(nd::shape_str(r.shape()), nd::shape_str(nd::shape_t{5, 0}));
  }
  nd::pad_options zero, neg, ends, stat, three;
  zero.stat_length  = {{0, 1}};
  neg.stat_length   = {{1, -1}};
  ends.end_values   = {{1.0, 2.0}};
  stat.stat_length  = {{1, 1}};
  three.end_values  = {{1, 2}, {3, 4}, {5, 6}};
  for (auto m : {nd::pad_mode::maximum, nd::pad_mode::minimum}) {
    expect_error<nd::value_error>([&] { nd::pad(dev, a23, {{1, 1}}, m, zero); },
                                  "stat_length of 0 yields no value for padding");
    // NumPy raises for a zero stat_length even where nothing is padded.
    expect_error<nd::value_error>([&] { nd::pad(dev, a23, {{0, 0}}, m, zero); },
                                  "stat_length of 0 yields no value for padding");
  }
  expect_error<nd::value_error>([&] { nd::pad(dev, a23, {{1, 1}}, nd::pad_mode::mean, neg); },
                                "index can't contain negative values");
  expect_error<nd::value_error>([&] { nd::pad(dev, a23, {{1, -1}}, nd::pad_mode::reflect); },
                                "index can't contain negative values");
  expect_error<nd::value_error>([&] { nd::pad(dev, a23, {{1, 1}}, nd::pad_mode::edge, ends); },
                                "unsupported keyword arguments for mode 'edge': {'end_values'}");
  expect_error<nd::value_error>([&] { nd::pad(dev, a23, {{1, 1}}, nd::pad_mode::wrap, stat); },
                                "unsupported keyword arguments for mode 'wrap': {'stat_length'}");
  expect_error<nd::value_error>([&] { nd::pad(dev, a23, {{1, 1}}, nd::pad_mode::linear_ramp, three); },
                                "operands could not be broadcast together with remapped shapes "
                                "[original->remapped]: (3,2)  and requested shape (2,2)");
  expect_error<nd::value_error>([&] { nd::pad(dev, a23, {{1, 1}, {1, 1}, {1, 1}}, nd::pad_mode::symmetric); },
                                "operands could not be broadcast together with remapped shapes "
                                "[original->remapped]: (3,2)  and requested shape (2,2)");
  expect_error<nd::value_error>([&] { nd::pad(dev, a23, {{1, 1}}, static_cast<nd::pad_mode>(42)); },
                                "mode '42' is not supported");
  // Integer means of no values: NumPy stores a NaN into the integers (undefined); ndthrust raises. Floating
  // dtypes get NaN, and a side with nothing to pad is not an error.
  auto i23 = nd::zeros<std::int32_t>(dev, {2, 3});
  expect_error<nd::value_error>([&] { nd::pad(dev, i23, {{1, 1}}, nd::pad_mode::mean, zero); },
                                "stat_length of 0 yields no value for padding");
  EXPECT_EQ(nd::to_vector(nd::pad(dev, nd::asarray(dev, std::vector<std::int32_t>{0, 1, 2}), {{0, 2}},
                                  nd::pad_mode::mean, zero)),
            (std::vector<std::int32_t>{0, 1, 2, 2, 2}));
}

} // namespace

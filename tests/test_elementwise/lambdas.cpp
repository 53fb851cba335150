// Lambdas marked NDTHRUST_HD as transform and map functors, on the device and host policies: into out, into a new
// array, broadcast, through a lazy map into a reduction, and capturing by value. nvcc accepts extended lambdas only
// inside functions that are not private class members, so the bodies are free functions called by the tests.
#include <ndthrust/elementwise.h>
#include <ndthrust/reduce.h>
#include <ndthrust/transfer.h>
#include <ndthrust/views.h>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

template <class P>
void transform_with_lambdas(const P& p) {
  auto a = nd::reshape(nd::arange<double>(p, 0.0, 6.0), {2, 3});
  auto b = nd::asarray(p, std::vector<double>{10, 20, 30});
  auto r = nd::transform(p, [] NDTHRUST_HD(double x, double y) { return x * y + 1; }, a, b); // b broadcast
  static_assert(std::is_same_v<typename decltype(r)::value_type, double>);
  EXPECT_EQ(nd::to_vector(r), (std::vector<double>{1, 21, 61, 31, 81, 151}));
  auto out       = nd::zeros<float>(p, {2, 3});
  const double k = 0.5; // captured by value
  nd::transform(p, out, [k] NDTHRUST_HD(double x) { return float(k * x); }, a);
  EXPECT_EQ(nd::to_vector(out), (std::vector<float>{0, 0.5f, 1, 1.5f, 2, 2.5f}));
  // In place, on a transposed view.
  auto t = nd::transpose(a);
  nd::transform(p, t, [] NDTHRUST_HD(double x) { return -x; }, t);
  EXPECT_EQ(nd::to_vector(a), (std::vector<double>{-0., -1, -2, -3, -4, -5}));
}

template <class P>
void reduce_lambda_maps(const P& p) {
  auto x  = nd::linspace<double>(p, 0.0, 1.0, 5);
  auto sq = nd::map([] NDTHRUST_HD(double v) { return v * v; }, x);
  EXPECT_DOUBLE_EQ(nd::item(nd::sum(p, sq)), 0 + 0.0625 + 0.25 + 0.5625 + 1);
  auto gt = nd::map([] NDTHRUST_HD(double v) { return v > 0.5; }, x);
  static_assert(std::is_same_v<typename decltype(gt)::value_type, bool>);
  EXPECT_EQ(nd::item(nd::sum(p, gt)), 2);
  // A map of a map, reduced along an axis.
  auto m  = nd::reshape(nd::arange<int>(p, 0, 6), {2, 3});
  auto mm = nd::map([] NDTHRUST_HD(long v) { return 2 * v; }, nd::map([] NDTHRUST_HD(int v) { return v + 1; }, m));
  EXPECT_EQ(nd::to_vector(nd::sum(p, mm, 1)), (std::vector<std::int64_t>{12, 30}));
  EXPECT_EQ(nd::to_vector(nd::evaluate(p, mm)), (std::vector<long>{2, 4, 6, 8, 10, 12}));
}

TEST(Lambdas, TransformDevice) { transform_with_lambdas(nd::device); }
TEST(Lambdas, TransformHost) { transform_with_lambdas(nd::host); }
TEST(Lambdas, MapsIntoReductionsDevice) { reduce_lambda_maps(nd::device); }
TEST(Lambdas, MapsIntoReductionsHost) { reduce_lambda_maps(nd::host); }

} // namespace

// Products and nd::linalg with operands of different dtypes, integer and bool input, and `long long` elements:
// NumPy's result types (np.result_type; linalg of integers in float64), values equal to the computation on
// operands converted by hand, and the NumPy values of two small cases.
#include <ndthrust/linalg.h>

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace {

template <class T>
auto mat(std::vector<T> v, nd::shape_t s) {
  return nd::asarray(nd::device, v, s);
}
template <class X, class Y>
void expect_same(const X& got, const Y& want, double tol = 0) {
  static_assert(std::is_same_v<X, Y>);
  ASSERT_EQ(nd::shape_str(got.shape()), nd::shape_str(want.shape()));
  auto g = nd::to_vector(got), w = nd::to_vector(want);
  for (std::size_t i = 0; i < g.size(); ++i) {
    if (tol == 0) EXPECT_EQ(g[i], w[i]) << i;
    else if constexpr (nd::is_complex_v<typename X::value_type>) EXPECT_LE(thrust::abs(g[i] - w[i]), tol) << i;
    else EXPECT_NEAR(static_cast<double>(g[i]), static_cast<double>(w[i]), tol) << i;
  }
}

TEST(ProductPromotion, ResultTypesAndValues) {
  auto& p = nd::device;
  auto f4 = mat<float>({1.5f, 2, -3, 4, 0.25f, 6}, {2, 3});
  auto i4 = mat<std::int32_t>({1, 2, 3, 4, 5, 6}, {3, 2});
  auto i1 = mat<std::int8_t>({1, -2, 3, 4, 5, -6}, {3, 2});
  auto u1 = mat<std::uint8_t>({1, 2, 3, 200, 5, 6}, {2, 3});
  auto m  = nd::matmul(p, f4, i4); // np.result_type(float32, int32) is float64
  expect_same(m, nd::matmul(p, nd::astype<double>(p, f4), nd::astype<double>(p, i4)));
  EXPECT_EQ(nd::to_vector(m), (std::vector<double>{-7.5, -7, 34.75, 45})); // NumPy: f4 @ i4
  expect_same(nd::matmul(p, f4, i1), nd::matmul(p, f4, nd::astype<float>(p, i1)));          // float32
  expect_same(nd::matmul(p, u1, i1), nd::matmul(p, nd::astype<std::int16_t>(p, u1), nd::astype<std::int16_t>(p, i1)));
  expect_same(nd::matmul(p, nd::astype<nd::complex64>(p, f4), nd::astype<double>(p, i4)),
              nd::matmul(p, nd::astype<nd::complex128>(p, f4), nd::astype<nd::complex128>(p, i4)));
  // The forms without a policy, and the other products.
  expect_same(nd::matmul(f4, i4), m);
  expect_same(nd::dot(p, f4, i4), m);
  expect_same(nd::dot(f4, i4), m);
  auto v4 = mat<std::int32_t>({1, -1, 2}, {3});
  expect_same(nd::dot(p, f4, v4), nd::dot(p, nd::astype<double>(p, f4), nd::astype<double>(p, v4)));
  expect_same(nd::inner(p, f4, u1), nd::inner(p, f4, nd::astype<float>(p, u1)));
  expect_same(nd::outer(p, v4, f4), nd::outer(p, nd::astype<double>(p, v4), nd::astype<double>(p, f4)));
  expect_same(nd::tensordot(p, f4, i4, 1), m);
  expect_same(nd::tensordot(p, f4, i4, nd::axes_t{1}, nd::axes_t{0}), m);
  expect_same(nd::kron(p, v4, f4), nd::kron(p, nd::astype<double>(p, v4), nd::astype<double>(p, f4)));
  auto vd = nd::vdot(p, f4, u1);
  static_assert(std::is_same_v<decltype(vd), nd::device_array<float>>);
  EXPECT_EQ(nd::item(vd), 1.5f * 1 + 2 * 2 + -3 * 3 + 4 * 200 + 0.25f * 5 + 6 * 6);
}

TEST(LinalgPromotion, IntegerInputComputesInFloat64) {
  auto& p = nd::device;
  auto a  = mat<std::int32_t>({1, 2, 3, 5}, {2, 2});
  auto d  = nd::linalg::det(p, a);
  static_assert(std::is_same_v<decltype(d), nd::device_array<double>>);
  EXPECT_NEAR(nd::item(d), -1.0, 1e-12); // np.linalg.det([[1, 2], [3, 5]])
  auto ad = nd::astype<double>(p, a);
  expect_same(nd::linalg::inv(p, a), nd::linalg::inv(p, ad));
  expect_same(nd::linalg::inv(a), nd::linalg::inv(p, ad));
  expect_same(nd::linalg::det(a), nd::linalg::det(p, ad));
  expect_same(nd::linalg::slogdet(p, a).logabsdet, nd::linalg::slogdet(p, ad).logabsdet);
  expect_same(nd::linalg::svdvals(p, a), nd::linalg::svdvals(p, ad));
  expect_same(nd::linalg::eigvals(p, a), nd::linalg::eigvals(p, ad));
  expect_same(nd::linalg::pinv(p, a), nd::linalg::pinv(p, ad));
  expect_same(nd::linalg::qr(p, a).R, nd::linalg::qr(p, ad).R);
  expect_same(nd::linalg::matrix_rank(p, a), nd::linalg::matrix_rank(p, ad));
  auto spd = mat<std::int64_t>({4, 2, 2, 3}, {2, 2});
  expect_same(nd::linalg::cholesky(p, spd), nd::linalg::cholesky(p, nd::astype<double>(p, spd)));
  expect_same(nd::linalg::eigvalsh(p, spd), nd::linalg::eigvalsh(p, nd::astype<double>(p, spd)));
  auto id = nd::linalg::inv(p, nd::full<bool>(p, {1, 1}, true)); // bool → float64, as NumPy
  static_assert(std::is_same_v<decltype(id), nd::device_array<double>>);
  EXPECT_EQ(nd::item(id), 1.0);
  // Errors are those of the float64 call.
  EXPECT_THROW(nd::linalg::det(p, mat<std::int32_t>({1, 2, 3}, {3})), nd::value_error);
  EXPECT_THROW(nd::linalg::inv(p, mat<std::int32_t>({1, 2, 2, 4}, {2, 2})), nd::linalg_error);
}

TEST(LinalgPromotion, MixedOperands) {
  auto& p = nd::device;
  auto a  = mat<float>({3, 1, 1, 2}, {2, 2});
  auto b  = mat<std::int32_t>({9, 8}, {2});
  auto x  = nd::linalg::solve(p, a, b); // np.linalg.solve(float32, int32) is float64: [2, 3]
  static_assert(std::is_same_v<decltype(x), nd::device_array<double>>);
  expect_same(x, nd::linalg::solve(p, nd::astype<double>(p, a), nd::astype<double>(p, b)));
  EXPECT_NEAR(nd::to_vector(x)[0], 2.0, 1e-12);
  EXPECT_NEAR(nd::to_vector(x)[1], 3.0, 1e-12);
  expect_same(nd::linalg::solve(a, b), x);
  auto xi = nd::linalg::solve(p, mat<std::int64_t>({3, 1, 1, 2}, {2, 2}), b); // int64, int32 → float64
  expect_same(xi, x, 1e-12);
  auto xf = nd::linalg::solve(p, a, mat<std::int8_t>({9, 8}, {2})); // float32, int8 → float32
  static_assert(std::is_same_v<decltype(xf), nd::device_array<float>>);
  auto xc = nd::linalg::solve(p, nd::astype<nd::complex64>(p, a), nd::astype<double>(p, b)); // → complex128
  static_assert(std::is_same_v<decltype(xc), nd::device_array<nd::complex128>>);
  auto ls = nd::linalg::lstsq(p, a, b);
  static_assert(std::is_same_v<decltype(ls.x), nd::device_array<double>>);
  expect_same(ls.x, x, 1e-12);
  expect_same(nd::linalg::lstsq(a, b).x, ls.x);
  EXPECT_THROW(nd::linalg::solve(p, a, mat<std::int32_t>({1, 2, 3}, {3})), nd::value_error);
}

TEST(LongLong, IsInt64) {
  auto& p = nd::device;
  static_assert(nd::dtype_of<long long> == nd::dtype::int64);
  static_assert(nd::dtype_of<unsigned long long> == nd::dtype::uint64);
  auto a = nd::asarray(p, std::vector<long long>{1, 2, 3, 4}, {2, 2});
  EXPECT_EQ(nd::dtype_name<long long>, std::string("int64"));
  EXPECT_EQ(nd::item(nd::sum(p, a)), 10);
  auto m = nd::matmul(p, a, mat<std::int32_t>({1, 0, 0, 1}, {2, 2}));
  static_assert(std::is_same_v<decltype(m), nd::device_array<std::int64_t>>);
  EXPECT_EQ(nd::to_vector(m), (std::vector<std::int64_t>{1, 2, 3, 4}));
  auto u = nd::asarray(p, std::vector<unsigned long long>{1ull << 63, 1}, {2});
  EXPECT_EQ(nd::item(nd::max(p, u)), 1ull << 63);
  EXPECT_NEAR(nd::item(nd::linalg::det(p, a)), -2.0, 1e-12);
}

} // namespace

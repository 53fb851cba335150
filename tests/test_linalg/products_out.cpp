// Matrix–vector products (GEMV), matmul / dot with out=, and nd::linalg::gemm (C = alpha A B + beta C), for float,
// double, complex64 and complex128, against a reference loop in double precision over the same values; transposed,
// strided and batched layouts, overlap with the operands, and the errors.
#include <ndthrust/linalg.h>

#include "golden/linalg/golden_linalg.h"

#include <cmath>
#include <complex>
#include <vector>

namespace {

/// C-order reference of matmul for a (…, n, k) and b (…, k, m) of the same batch shape (or b a vector / matrix).
template <class T>
std::vector<T> ref_matmul(const std::vector<T>& a, const std::vector<T>& b, nd::index_t batch_a, nd::index_t batch_b,
                          nd::index_t n, nd::index_t k, nd::index_t m) {
  using Z = std::conditional_t<nd::is_complex_v<T>, std::complex<double>, double>;
  const nd::index_t batch = batch_a > batch_b ? batch_a : batch_b;
  std::vector<T> c(batch * n * m);
  for (nd::index_t q = 0; q < batch; ++q)
    for (nd::index_t i = 0; i < n; ++i)
      for (nd::index_t j = 0; j < m; ++j) {
        Z acc = 0;
        for (nd::index_t l = 0; l < k; ++l) {
          const T x = a[(batch_a == 1 ? 0 : q) * n * k + i * k + l], y = b[(batch_b == 1 ? 0 : q) * k * m + l * m + j];
          if constexpr (nd::is_complex_v<T>) acc += Z(x.real(), x.imag()) * Z(y.real(), y.imag());
          else acc += double(x) * double(y);
        }
        if constexpr (nd::is_complex_v<T>) c[(q * n + i) * m + j] = T(acc.real(), acc.imag());
        else c[(q * n + i) * m + j] = T(acc);
      }
  return c;
}

template <class T>
struct Products : ::testing::Test {
  using R = nd::linalg::real_t<T>;
  static double tol() { return std::is_same_v<R, float> ? 2e-4 : 1e-11; }
  static double mag(const T& v) {
    if constexpr (nd::is_complex_v<T>) return thrust::abs(v);
    else return std::fabs(double(v));
  }
  template <class S>
  static void expect_near(const nd::array<T, S>& got, const std::vector<T>& want, const std::string& what) {
    auto g = nd::to_vector(got);
    ASSERT_EQ(g.size(), want.size()) << what;
    for (std::size_t i = 0; i < g.size(); ++i)
      EXPECT_LE(mag(g[i] - want[i]), tol() * (1 + mag(want[i]))) << what << " [" << i << "]";
  }
};
using blas_types = ::testing::Types<float, double, nd::complex64, nd::complex128>;
TYPED_TEST_SUITE(Products, blas_types);

TYPED_TEST(Products, MatrixVector) {
  using T = TypeParam;
  auto& p = nd::device;
  auto A  = golden::gen<T>(p, {7, 5}, 1);
  auto x  = golden::gen<T>(p, {5}, 2);
  auto w  = golden::gen<T>(p, {7}, 3);
  auto av = nd::to_vector(nd::ascontiguousarray(p, A));
  this->expect_near(nd::matmul(p, A, x), ref_matmul(av, nd::to_vector(x), 1, 1, 7, 5, 1), "A @ x");
  this->expect_near(nd::matmul(p, w, A), ref_matmul(nd::to_vector(w), av, 1, 1, 1, 7, 5), "w @ A");
  // A transposed view (column-major for BLAS), a strided vector, a reversed vector (copied first).
  auto At  = nd::transpose(golden::gen<T>(p, {5, 7}, 4));
  auto atv = nd::to_vector(nd::ascontiguousarray(p, At));
  this->expect_near(nd::matmul(p, At, x), ref_matmul(atv, nd::to_vector(x), 1, 1, 7, 5, 1), "A.T @ x");
  auto x2 = golden::gen<T>(p, {10}, 5)(nd::slice(nd::none, nd::none, 2));
  this->expect_near(nd::matmul(p, A, x2), ref_matmul(av, nd::to_vector(x2), 1, 1, 7, 5, 1), "A @ x[::2]");
  auto xr = x(nd::slice(nd::none, nd::none, -1));
  this->expect_near(nd::matmul(p, A, xr), ref_matmul(av, nd::to_vector(xr), 1, 1, 7, 5, 1), "A @ x[::-1]");
  this->expect_near(nd::matmul(p, At(nd::all, nd::slice(0, 5)), x), // a column slice: rows of unit stride, ld 7
                    ref_matmul(nd::to_vector(nd::ascontiguousarray(p, At(nd::all, nd::slice(0, 5)))),
                               nd::to_vector(x), 1, 1, 7, 5, 1), "A.T[:, :5] @ x");
  // Stacks: (3, 7, 5) @ (5,), (7,) @ (3, 7, 5), and (3, 7, 5) @ (3, 5, 1).
  auto S  = golden::gen<T>(p, {3, 7, 5}, 6);
  auto sv = nd::to_vector(S);
  this->expect_near(nd::matmul(p, S, x), ref_matmul(sv, nd::to_vector(x), 3, 1, 7, 5, 1), "S @ x");
  this->expect_near(nd::matmul(p, w, S), ref_matmul(nd::to_vector(w), sv, 1, 3, 1, 7, 5), "w @ S");
  auto X = golden::gen<T>(p, {3, 5, 1}, 7);
  this->expect_near(nd::matmul(p, S, X), ref_matmul(sv, nd::to_vector(X), 3, 3, 7, 5, 1), "S @ X");
  EXPECT_EQ(nd::matmul(p, S, X).shape(), (nd::shape_t{3, 7, 1}));
  // dot of vectors and vdot (GEMV with the conjugate transpose for complex).
  auto y = golden::gen<T>(p, {5}, 8);
  this->expect_near(nd::dot(p, x, y), ref_matmul(nd::to_vector(x), nd::to_vector(y), 1, 1, 1, 5, 1), "dot");
  // Empty sums give zeros.
  auto e = nd::matmul(p, nd::zeros<T>(p, {4, 0}), nd::zeros<T>(p, {0}));
  this->expect_near(e, std::vector<T>(4, T(0)), "empty k");
}

TYPED_TEST(Products, OutAndGemm) {
  using T = TypeParam;
  auto& p = nd::device;
  auto A  = golden::gen<T>(p, {4, 3}, 1);
  auto B  = golden::gen<T>(p, {3, 5}, 2);
  auto want = ref_matmul(nd::to_vector(A), nd::to_vector(B), 1, 1, 4, 3, 5);
  auto out  = nd::full<T>(p, {4, 5}, T(7));
  auto r    = nd::matmul(p, A, B, out);
  EXPECT_TRUE(r.shares_storage_with(out));
  this->expect_near(out, want, "matmul out=");
  // A strided out (a column slice of a wider array) goes through a temporary; the rest is untouched.
  auto wide = nd::full<T>(p, {4, 7}, T(7));
  nd::matmul(p, A, B, wide(nd::all, nd::slice(1, 6)));
  this->expect_near(nd::ascontiguousarray(p, wide(nd::all, nd::slice(1, 6))), want, "matmul strided out=");
  this->expect_near(nd::ascontiguousarray(p, wide(nd::all, 0)), std::vector<T>(4, T(7)), "untouched column");
  nd::dot(p, A, B, out);
  this->expect_near(out, want, "dot out=");
  // out overlapping an operand: NumPy computes as if into a new array. (3, 3) @ (3, 3) into the first operand.
  auto M  = golden::gen<T>(p, {3, 3}, 9);
  auto mw = ref_matmul(nd::to_vector(M), nd::to_vector(M), 1, 1, 3, 3, 3);
  nd::matmul(p, M, M, M);
  this->expect_near(M, mw, "matmul out= aliasing its operands");
  // gemm: c = alpha a b + beta c, in place, direct and through a temporary; GEMV form too.
  auto C  = golden::gen<T>(p, {4, 5}, 10);
  auto cv = nd::to_vector(C);
  const T alpha(2), beta(-0.5);
  std::vector<T> g(want.size());
  for (std::size_t i = 0; i < g.size(); ++i) g[i] = alpha * want[i] + beta * cv[i];
  auto rc = nd::linalg::gemm(p, 2, A, B, -0.5, C);
  EXPECT_TRUE(rc.shares_storage_with(C));
  this->expect_near(C, g, "gemm");
  auto Ct = nd::transpose(golden::gen<T>(p, {5, 4}, 10)); // the same kind of values, strided: the temporary path
  auto ctv = nd::to_vector(nd::ascontiguousarray(p, Ct));
  for (std::size_t i = 0; i < g.size(); ++i) g[i] = alpha * want[i] + beta * ctv[i];
  nd::linalg::gemm(p, 2, A, B, -0.5, Ct);
  this->expect_near(nd::ascontiguousarray(p, Ct), g, "gemm into a transposed c");
  auto x  = golden::gen<T>(p, {3}, 11);
  auto yv = golden::gen<T>(p, {4}, 12);
  auto y0 = nd::to_vector(yv);
  auto mv = ref_matmul(nd::to_vector(A), nd::to_vector(x), 1, 1, 4, 3, 1);
  for (std::size_t i = 0; i < mv.size(); ++i) mv[i] = alpha * mv[i] + beta * y0[i];
  nd::linalg::gemm(p, 2, A, x, -0.5, yv);
  this->expect_near(yv, mv, "gemm, matrix-vector");
  // beta = 0 does not read c: NaNs in c do not propagate.
  auto nanc = nd::full<T>(p, {4, 5}, T(NAN));
  nd::linalg::gemm(p, 1, A, B, 0, nanc);
  this->expect_near(nanc, want, "gemm beta=0 over NaN");
  // k = 0: c = beta c.
  auto c0 = nd::full<T>(p, {2, 2}, T(4));
  nd::linalg::gemm(p, 3, nd::zeros<T>(p, {2, 0}), nd::zeros<T>(p, {0, 2}), 0.5, c0);
  this->expect_near(c0, std::vector<T>(4, T(2)), "gemm k=0");
}

TEST(ProductsOut, CastsAndErrors) {
  auto& p = nd::device;
  auto A  = nd::full<float>(p, {2, 3}, 1.5f);
  auto B  = nd::full<float>(p, {3, 2}, 2.0f);
  auto o64 = nd::zeros<double>(p, {2, 2});
  nd::matmul(p, A, B, o64); // float32 → float64 under same_kind
  EXPECT_EQ(nd::to_vector(o64), std::vector<double>(4, 9.0));
  auto oi = nd::zeros<std::int32_t>(p, {2, 2});
  try {
    nd::matmul(p, A, B, oi);
    FAIL() << "float32 into int32 must raise";
  } catch (const nd::dtype_error& e) {
    EXPECT_STREQ(e.what(), "Cannot cast ufunc 'matmul' output from dtype('float32') to dtype('int32') with casting "
                           "rule 'same_kind'");
  }
  try {
    nd::matmul(p, A, B, nd::zeros<float>(p, {2, 3}));
    FAIL() << "a wrong out shape must raise";
  } catch (const nd::value_error& e) {
    EXPECT_STREQ(e.what(), "matmul: out has shape (2, 3), but the result has shape (2, 2)");
  }
  EXPECT_THROW(nd::matmul(p, A, A, nd::zeros<float>(p, {2, 3})), nd::value_error); // core mismatch first
  EXPECT_THROW(nd::linalg::gemm(p, 1.f, A, B, 0.f, nd::zeros<float>(p, {2})), nd::value_error);
  EXPECT_THROW(nd::dot(p, A, B, nd::zeros<float>(p, {3, 3})), nd::value_error);
  // Integer products with out=.
  auto I  = nd::full<std::int32_t>(p, {2, 2}, 3);
  auto oI = nd::zeros<std::int64_t>(p, {2, 2});
  nd::matmul(p, I, I, oI);
  EXPECT_EQ(nd::to_vector(oI), std::vector<std::int64_t>(4, 18));
}

} // namespace

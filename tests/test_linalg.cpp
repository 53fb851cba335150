// Products and nd::linalg against NumPy golden data (tests/golden/linalg), for float, double, complex64 and
// complex128: batched, transposed-view, strided, 1-d and empty cases, and NumPy's errors.
#include <ndthrust/linalg.h>

#include "golden/linalg/golden_linalg.h"

#include <complex>
#include <limits>
#include <string>

namespace {

template <class T>
struct Linalg : ::testing::Test {
  using R = nd::linalg::real_t<T>;
  static std::string file() {
    if constexpr (std::is_same_v<T, float>) return "linalg_f4.txt";
    else if constexpr (std::is_same_v<T, double>) return "linalg_f8.txt";
    else if constexpr (std::is_same_v<T, nd::complex64>) return "linalg_c8.txt";
    else return "linalg_c16.txt";
  }
  static double tol() { return std::is_same_v<R, float> ? 2e-4 : 1e-10; }
  static auto in(const nd::shape_t& s, int seed) { return golden::gen<T>(nd::device, s, seed); }
  template <class U = T>
  static auto want(const std::string& name) { return golden::load<U>(file(), name); }
  template <class U, class S>
  static void check(const nd::array<U, S>& got, const std::string& name) {
    golden::expect_close(got, want<U>(name), tol(), name);
  }
};
using blas_types = ::testing::Types<float, double, nd::complex64, nd::complex128>;
TYPED_TEST_SUITE(Linalg, blas_types);

TYPED_TEST(Linalg, Matmul) {
  using T = TypeParam;
  this->check(nd::matmul(this->in({3, 4}, 1), this->in({4, 5}, 2)), "mm2d");
  this->check(nd::matmul(this->in({2, 1, 3, 4}, 3), this->in({3, 4, 2}, 4)), "mmbatch");
  auto a = this->in({4, 3}, 5), b = this->in({5, 4}, 6);
  this->check(nd::matmul(nd::transpose(a), nd::transpose(b)), "mmT");
  this->check(nd::matmul(nd::swapaxes(this->in({2, 4, 3}, 7), -1, -2), this->in({2, 4, 5}, 8)), "mmTbatch");
  auto s = this->in({3, 8}, 9), t = this->in({8, 5}, 10);
  this->check(nd::matmul(s(nd::slice(), nd::slice(nd::none, nd::none, 2)),
                         t(nd::slice(nd::none, nd::none, 2), nd::slice(1, 4))),
              "mmstrided");
  auto v = this->in({4}, 11), m = this->in({4, 5}, 12);
  this->check(nd::matmul(v, m), "mm1d.vm");
  this->check(nd::matmul(nd::transpose(m), v), "mm1d.mv");
  auto vv = nd::matmul(v, v);
  EXPECT_EQ(vv.ndim(), 0);
  this->check(vv, "mm1d.vv");
}

TYPED_TEST(Linalg, MatmulAutotune) {
  // Timed algorithm choice (device float GEMMs) must give the same products as the heuristic's choice; the shapes
  // are new to this process, so the timing runs here.
  nd::linalg::set_gemm_autotune(true);
  EXPECT_TRUE(nd::linalg::gemm_autotune());
  auto a = this->in({3, 4}, 1), b = this->in({4, 5}, 2);
  auto c = nd::matmul(a, b);
  auto t = nd::matmul(nd::transpose(this->in({4, 3}, 5)), nd::transpose(this->in({5, 4}, 6)));
  nd::linalg::set_gemm_autotune(false);
  this->check(c, "mm2d");
  this->check(t, "mmT");
}

TYPED_TEST(Linalg, MatmulEmptyAndErrors) {
  using T = TypeParam;
  auto e = nd::matmul(nd::zeros<T>({0, 4}), nd::ones<T>({4, 5}));
  EXPECT_EQ(nd::shape_str(e.shape()), "(0, 5)");
  auto z = nd::matmul(nd::ones<T>({3, 0}), nd::ones<T>({0, 2}));
  ASSERT_EQ(nd::shape_str(z.shape()), "(3, 2)");
  for (auto x : nd::to_vector(z)) EXPECT_TRUE(x == T(0));
  try {
    nd::matmul(nd::ones<T>({2, 4}), nd::ones<T>({3, 5}));
    FAIL() << "no error";
  } catch (const nd::value_error& err) {
    EXPECT_STREQ(err.what(), "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
                             "(n?,k),(k,m?)->(n?,m?) (size 3 is different from 4)");
  }
  EXPECT_THROW(nd::matmul(nd::ones<T>({2, 2, 3}), nd::ones<T>({3, 3, 2})), nd::shape_error);
}

TYPED_TEST(Linalg, Products) {
  using T = TypeParam;
  auto a = this->in({2, 3, 4}, 13), b = this->in({2, 4, 3}, 14);
  this->check(nd::dot(a, b), "dotnd");
  this->check(nd::inner(a, nd::transpose(b(0))), "inner");
  this->check(nd::tensordot(nd::device, a, b, {1, 2}, {2, 1}), "tensordot");
  auto c = this->in({2, 3}, 15), d = this->in({3, 2}, 16);
  this->check(nd::vdot(c, d), "vdot");
  this->check(nd::outer(c, d), "outer");
  this->check(nd::kron(nd::device, c, d), "kron");
  this->check(nd::trace(c), "trace");
  this->check(nd::trace(d, 1), "trace1");
  (void) sizeof(T);
}

TYPED_TEST(Linalg, SolveInvDet) {
  using T = TypeParam;
  auto a = nd::copy(this->in({2, 3, 3}, 17));
  // + 3 I, as make_golden.py does, through a diagonal view
  auto h = nd::to_host(a);
  for (int b = 0; b < 2; ++b)
    for (int i = 0; i < 3; ++i) h.raw()[b * 9 + i * 4] = h.raw()[b * 9 + i * 4] + T(3);
  a = nd::asarray(nd::device, h);
  this->check(nd::linalg::solve(a, this->in({2, 3, 2}, 18)), "solve.x");
  this->check(nd::linalg::solve(a, this->in({3}, 19)), "solve.xv");
  this->check(nd::linalg::inv(a), "inv");
  this->check(nd::linalg::det(a), "det");
  auto sl = nd::linalg::slogdet(nd::device, a);
  this->check(sl.sign, "slogdet.sign");
  this->check(sl.logabsdet, "slogdet.logabs");
}

TYPED_TEST(Linalg, Singular) {
  using T = TypeParam;
  auto s = nd::asarray(nd::device, std::vector<T>{T(1), T(2), T(2), T(4)}, {2, 2});
  try {
    nd::linalg::solve(s, nd::ones<T>({2}));
    FAIL() << "no error";
  } catch (const nd::linalg_error& e) {
    EXPECT_STREQ(e.what(), "Singular matrix");
  }
  EXPECT_THROW(nd::linalg::inv(s), nd::linalg_error);
  EXPECT_TRUE(nd::linalg::det(s).item() == T(0));
  try {
    nd::linalg::cholesky(nd::asarray(nd::device, std::vector<T>{T(1), T(2), T(2), T(1)}, {2, 2}));
    FAIL() << "no error";
  } catch (const nd::linalg_error& e) {
    EXPECT_STREQ(e.what(), "Matrix is not positive definite");
  }
  EXPECT_THROW(nd::linalg::inv(nd::ones<T>({2, 3})), nd::value_error);
}

TYPED_TEST(Linalg, CholeskyEigh) {
  using T = TypeParam;
  auto spd = nd::asarray(nd::device, this->want("spd"));
  this->check(nd::linalg::cholesky(spd), "cholesky");
  auto e = nd::linalg::eigh(nd::device, spd);
  this->check(e.eigenvalues, "eigvalsh");
  // A v_j = w_j v_j, checked as A V == V diag(w) (eigenvectors are unique only up to phase).
  auto av = nd::to_vector(nd::matmul(spd, e.eigenvectors));
  auto v  = nd::to_vector(e.eigenvectors);
  auto w  = nd::to_vector(e.eigenvalues);
  for (int b = 0; b < 2; ++b)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        EXPECT_LE(golden::magnitude(T(av[b * 9 + i * 3 + j]) - T(v[b * 9 + i * 3 + j]) * T(w[b * 3 + j])),
                  20 * this->tol());
}

/// max |x - y| over two equally shaped arrays.
template <class T, class S>
double max_diff(const nd::array<T, S>& x, const nd::array<T, S>& y) {
  auto a = nd::to_vector(x), b = nd::to_vector(y);
  EXPECT_EQ(a.size(), b.size());
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, golden::magnitude(T(a[i]) - T(b[i])));
  return m;
}

TYPED_TEST(Linalg, QrSvd) {
  using T = TypeParam;
  using R = typename TestFixture::R;
  for (auto [shape, seed, rname, sname] : {std::tuple{nd::shape_t{2, 4, 3}, 21, "qr.ra", "svd.sa"},
                                           std::tuple{nd::shape_t{3, 5}, 22, "qr.rb", "svd.sb"}}) {
    auto a  = this->in(shape, seed);
    auto q  = nd::linalg::qr(nd::device, a);
    // R agrees with NumPy's up to the sign (phase) of each row; Q R reproduces A.
    auto rg = nd::to_vector(q.R);
    auto rw = golden::load<T>(this->file(), rname);
    ASSERT_EQ(nd::shape_str(q.R.shape()), nd::shape_str(rw.shape()));
    for (std::size_t i = 0; i < rg.size(); ++i)
      EXPECT_NEAR(golden::magnitude(T(rg[i])), golden::magnitude(rw.raw()[i]), 10 * this->tol()) << rname;
    EXPECT_LE(max_diff(nd::matmul(q.Q, q.R), a), 10 * this->tol());
    auto s = nd::linalg::svd(nd::device, a, false);
    this->template check<R>(s.S, sname);
    // U diag(S) Vh == A: scale U's columns on the host.
    auto u = nd::to_host(s.U);
    auto sv = nd::to_vector(s.S);
    nd::index_t m = u.shape(-2), k = u.shape(-1), batch = u.size() / (m * k);
    for (nd::index_t b = 0; b < batch; ++b)
      for (nd::index_t i = 0; i < m; ++i)
        for (nd::index_t j = 0; j < k; ++j) u.raw()[(b * m + i) * k + j] = u.raw()[(b * m + i) * k + j] * T(sv[b * k + j]);
    EXPECT_LE(max_diff(nd::matmul(nd::asarray(nd::device, u), s.Vh), a), 20 * this->tol());
  }
}

/// max |Xᴴ X - I| for the stacked matrices X (…, m, c): the columns are orthonormal.
template <class T, class S>
double orthonormal_error(const nd::array<T, S>& x) {
  auto g = nd::matmul(nd::conj(nd::device, nd::swapaxes(x, -1, -2)), x);
  auto id = nd::ascontiguousarray(nd::broadcast_to(nd::eye<T>(nd::device, x.shape(-1)), g.shape()));
  return max_diff(g, id);
}

TYPED_TEST(Linalg, QrCompleteSvdFull) {
  using T = TypeParam;
  using R = typename TestFixture::R;
  auto a  = this->in({2, 4, 3}, 21);
  auto q  = nd::linalg::qr(nd::device, a, nd::linalg::qr_mode::complete);
  ASSERT_EQ(nd::shape_str(q.Q.shape()), "(2, 4, 4)");
  auto rg = nd::to_vector(q.R);
  auto rw = this->want("qr.rc");
  ASSERT_EQ(nd::shape_str(q.R.shape()), nd::shape_str(rw.shape()));
  for (std::size_t i = 0; i < rg.size(); ++i)
    EXPECT_NEAR(golden::magnitude(T(rg[i])), golden::magnitude(rw.raw()[i]), 10 * this->tol()) << i;
  EXPECT_LE(orthonormal_error(q.Q), 10 * this->tol());
  EXPECT_LE(max_diff(nd::matmul(q.Q, q.R), a), 10 * this->tol());
  // m <= n: complete is reduced
  auto w = nd::linalg::qr(nd::device, this->in({3, 5}, 22), nd::linalg::qr_mode::complete);
  EXPECT_EQ(nd::shape_str(w.Q.shape()), "(3, 3)");
  EXPECT_LE(max_diff(nd::matmul(w.Q, w.R), this->in({3, 5}, 22)), 10 * this->tol());

  // NumPy's default full_matrices=True: square U and Vh, orthonormal; U[..., :k] diag(S) Vh == A.
  for (auto [shape, seed, sname] : {std::tuple{nd::shape_t{2, 4, 3}, 21, "svd.sa"},
                                    std::tuple{nd::shape_t{3, 5}, 22, "svd.sb"}}) {
    auto x = this->in(shape, seed);
    auto f = nd::linalg::svd(nd::device, x);
    nd::index_t m = x.shape(-2), n = x.shape(-1), k = std::min(m, n);
    EXPECT_EQ(f.U.shape(-1), m);
    EXPECT_EQ(f.Vh.shape(-2), n);
    this->template check<R>(f.S, sname);
    EXPECT_LE(orthonormal_error(f.U), 20 * this->tol());
    EXPECT_LE(orthonormal_error(nd::swapaxes(f.Vh, -1, -2)), 20 * this->tol());
    auto us = nd::multiply(nd::device, f.U(nd::ellipsis, nd::slice(0, k)), nd::expand_dims(f.S, -2));
    auto vk = f.Vh(nd::ellipsis, nd::slice(0, k), nd::slice());
    EXPECT_LE(max_diff(nd::matmul(nd::astype<T>(us), vk), x), 20 * this->tol());
  }
}

TYPED_TEST(Linalg, Einsum) {
  using T = TypeParam;
  auto a = this->in({3, 4}, 24), b = this->in({4, 5}, 25);
  this->check(nd::einsum("ij,jk->ik", a, b), "einsum.mm");
  this->check(nd::einsum("ij->ji", a), "einsum.T");
  this->check(nd::einsum("ij->", a), "einsum.sum");
  this->check(nd::einsum("ij->i", a), "einsum.rows");
  this->check(nd::einsum("ij,kj", a, this->in({2, 4}, 26)), "einsum.implicit");
  auto a3 = this->in({2, 3, 4}, 27);
  this->check(nd::einsum(nd::device, "bij,bjk->bik", a3, this->in({2, 4, 2}, 28)), "einsum.bmm");
  this->check(nd::einsum("bij,jb->ib", a3, this->in({4, 2}, 29)), "einsum.mixed");
  auto sq = this->in({3, 3}, 30);
  this->check(nd::einsum("ii->i", sq), "einsum.diag");
  this->check(nd::einsum("ii", sq), "einsum.trace");
  auto v = this->in({4}, 31), u = this->in({3}, 32);
  this->check(nd::einsum("i,i->", v, v), "einsum.dot");
  this->check(nd::einsum("i , j -> ij", v, u), "einsum.outer");
  auto expect_value_error = [](auto&& f, const char* msg) {
    try {
      f();
      ADD_FAILURE() << "no error for " << msg;
    } catch (const nd::value_error& e) {
      EXPECT_STREQ(e.what(), msg);
    }
  };
  expect_value_error([&] { nd::einsum("ij,jk,kl->il", a, b); },
                     "einsum: fewer operands were provided than specified in the subscripts string");
  expect_value_error([&] { nd::einsum("i1->i", a); },
                     "einsum: invalid subscript '1' in einstein sum subscripts string, subscripts must be letters");
  expect_value_error([&] { nd::einsum("ij->iz", a); }, 
                     "einsum: einstein sum subscripts string included output subscript 'z' which never appeared in "
                     "an input");
  expect_value_error([&] { nd::einsum("ij->ii", a); },
                     "einsum: einstein sum subscripts string includes output subscript 'i' multiple times");
  expect_value_error([&] { nd::einsum("ii->i", a); },
                     "einsum: dimensions in operand 0 for collapsing index 'i' don't match (3 != 4)");
  expect_value_error([&] { nd::einsum("ijk->i", a); },
                     "einsum: einstein sum subscripts string contains too many subscripts for operand 0");
  EXPECT_THROW(nd::einsum("ij,ij->ij", a, b), nd::value_error);
}

TYPED_TEST(Linalg, DotScalar) {
  using T = TypeParam;
  auto s = this->in({}, 33), m = this->in({2, 3}, 34);
  this->check(nd::dot(s, m), "dot0d");
  this->check(nd::dot(m, s), "dot0d");
  this->check(nd::inner(s, m), "dot0d");
}

TYPED_TEST(Linalg, LstsqPinv) {
  using T = TypeParam;
  using R = typename TestFixture::R;
  auto a = nd::asarray(nd::device, this->want("lstsq.a"));
  auto r = nd::linalg::lstsq(a, this->in({5, 2}, 36));
  this->check(r.x, "lstsq.x");
  this->template check<R>(r.residuals, "lstsq.res");
  this->template check<R>(r.s, "lstsq.s");
  EXPECT_EQ(r.rank, 3);
  auto rv = nd::linalg::lstsq(nd::device, a, this->in({5}, 37));
  this->check(rv.x, "lstsq.xv");
  this->template check<R>(rv.residuals, "lstsq.resv");
  auto ru = nd::linalg::lstsq(nd::asarray(nd::device, this->want("lstsq.au")), this->in({3, 2}, 39));
  this->check(ru.x, "lstsq.xu");
  EXPECT_EQ(ru.residuals.size(), 0); // under-determined: NumPy returns no residuals
  // rank-deficient: the rank counts singular values above the cutoff
  EXPECT_EQ(nd::linalg::lstsq(nd::asarray(nd::device, this->want("pinv.r1in")), this->in({3}, 2), 1e-4).rank, 1);
  try {
    nd::linalg::lstsq(a, this->in({4}, 1));
    FAIL() << "no error";
  } catch (const nd::linalg_error& e) {
    EXPECT_STREQ(e.what(), "Incompatible dimensions");
  }
  EXPECT_THROW(nd::linalg::lstsq(this->in({2, 5, 3}, 1), this->in({5}, 1)), nd::linalg_error);

  this->check(nd::linalg::pinv(nd::asarray(nd::device, this->want("pinv.in"))), "pinv");
  auto r1 = nd::linalg::pinv(nd::asarray(nd::device, this->want("pinv.r1in")), 1e-4);
  this->check(r1, "pinv.r1");
}

TYPED_TEST(Linalg, Eig) {
  using T = TypeParam;
  using C = nd::linalg::complex_t<T>;
  auto a = this->in({2, 4, 4}, 43);
  auto e = nd::linalg::eig(nd::device, a);
  ASSERT_EQ(nd::shape_str(e.eigenvalues.shape()), "(2, 4)");
  // The same eigenvalues as NumPy's (matched as a set: equal eigenvalues may come in another order).
  auto got = nd::to_vector(e.eigenvalues);
  auto want = golden::load<C>(this->file(), "eig.w");
  std::vector<bool> used(got.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    std::size_t b = i / 4, best = 0;
    double bd = 1e300;
    for (std::size_t j = b * 4; j < b * 4 + 4; ++j) {
      double d = golden::magnitude(C(got[j]) - want.raw()[i]);
      if (!used[j] && d < bd) bd = d, best = j;
    }
    used[best] = true;
    EXPECT_LE(bd, 10 * this->tol()) << i;
  }
  // A v_j = w_j v_j with unit-norm v_j.
  auto ac = nd::astype<C>(a);
  auto av = nd::to_vector(nd::matmul(ac, e.eigenvectors));
  auto v  = nd::to_vector(e.eigenvectors);
  for (int b = 0; b < 2; ++b)
    for (int j = 0; j < 4; ++j) {
      double norm = 0;
      for (int i = 0; i < 4; ++i) {
        C vij = v[b * 16 + i * 4 + j];
        norm += golden::magnitude(vij) * golden::magnitude(vij);
        EXPECT_LE(golden::magnitude(C(av[b * 16 + i * 4 + j]) - vij * C(got[b * 4 + j])), 20 * this->tol());
      }
      EXPECT_NEAR(norm, 1.0, 20 * this->tol());
    }
  EXPECT_THROW(nd::linalg::eig(nd::device, this->in({3, 4}, 1)), nd::value_error);
}

TYPED_TEST(Linalg, Norms) {
  using T = TypeParam;
  using R = typename TestFixture::R;
  auto a  = this->in({2, 3, 4}, 23);
  namespace la = nd::linalg;
  this->template check<R>(la::norm(a), "norm.all");
  this->template check<R>(la::vector_norm(nd::device, a, 2, {-1}), "norm.v2");
  this->template check<R>(la::vector_norm(nd::device, a, 1, {1}), "norm.v1");
  this->template check<R>(la::vector_norm(nd::device, a, INFINITY, {0, 2}), "norm.vinf");
  this->template check<R>(la::vector_norm(nd::device, a, 0, {-1}), "norm.v0");
  this->template check<R>(la::vector_norm(nd::device, a, 3, {-1}), "norm.v3");
  const std::pair<const char*, const char*> mats[] = {{"fro", "norm.mfro"}, {"nuc", "norm.mnuc"},
                                                     {"1", "norm.m1"},     {"-1", "norm.m-1"},
                                                     {"inf", "norm.minf"}, {"-inf", "norm.m-inf"},
                                                     {"2", "norm.m2"},     {"-2", "norm.m-2"}};
  for (auto [ord, name] : mats) this->template check<R>(la::matrix_norm(nd::device, a, ord), name);
  EXPECT_THROW(la::matrix_norm(nd::device, a, "3"), nd::value_error);
}

TYPED_TEST(Linalg, HostArrays) {
  using T = TypeParam;
  auto a = golden::gen<T>(nd::host, {3, 4}, 1), b = golden::gen<T>(nd::host, {4, 5}, 2);
  try {
    this->check(nd::matmul(a, b), "mm2d");
  } catch (const nd::error& e) {
    // A CUDA build without host BLAS says so clearly; the OMP build always has it.
    EXPECT_NE(std::string(e.what()).find("host BLAS"), std::string::npos) << e.what();
  }
}

TEST(LinalgInt, TracePromotesLikeNumPy) {
  // int8 diagonal 0, -56, -112: NumPy sums in int64 (-168) where an int8 sum would wrap to 88.
  std::vector<std::int8_t> v(9);
  for (int i = 0; i < 9; ++i) v[i] = static_cast<std::int8_t>(i * 50);
  auto t = nd::trace(nd::asarray(nd::device, v, {3, 3}));
  static_assert(std::is_same_v<decltype(t), nd::device_array<std::int64_t>>);
  EXPECT_EQ(t.item(), std::int64_t(v[0]) + v[4] + v[8]);
  auto u = nd::trace(nd::asarray(nd::device, std::vector<std::uint8_t>{200, 0, 0, 100}, {2, 2}));
  static_assert(std::is_same_v<decltype(u), nd::device_array<std::uint64_t>>);
  EXPECT_EQ(u.item(), 300u);
}

TEST(LinalgInt, EinsumIntegers) {
  auto a = nd::reshape(nd::arange<int>(nd::device, 0, 6), {2, 3});
  EXPECT_EQ(nd::to_vector(nd::einsum("ij->j", a)), (std::vector<int>{3, 5, 7}));
  EXPECT_EQ(nd::to_vector(nd::einsum("ij,ij->i", a, a)), (std::vector<int>{0 + 1 + 4, 9 + 16 + 25}));
}

TEST(LinalgInt, MatmulIntegers) {
  auto a = nd::arange<int>(nd::device, 0, 6), b = nd::arange<int>(nd::device, 0, 6);
  auto c = nd::matmul(nd::reshape(a, {2, 3}), nd::reshape(b, {3, 2}));
  EXPECT_EQ(nd::to_vector(c), (std::vector<int>{10, 13, 28, 40}));
}

TEST(LinalgNorm, NormIntegerIsFloat64) {
  // NumPy computes norms of integer (and bool) arrays in float64.
  auto a = nd::asarray(nd::device, std::vector<std::int8_t>{3, -4, 0, 12});
  auto n = nd::linalg::norm(nd::device, a);
  static_assert(std::is_same_v<decltype(n)::value_type, double>);
  EXPECT_DOUBLE_EQ(nd::to_vector(n)[0], 13.0);
  auto v = nd::linalg::vector_norm(nd::device, a, 1);
  static_assert(std::is_same_v<decltype(v)::value_type, double>);
  EXPECT_DOUBLE_EQ(nd::to_vector(v)[0], 19.0);
  auto m = nd::linalg::matrix_norm(nd::device, nd::reshape(nd::asarray(nd::device, std::vector<int>{1, 2, 3, 4}), {2, 2}), "inf");
  static_assert(std::is_same_v<decltype(m)::value_type, double>);
  EXPECT_DOUBLE_EQ(nd::to_vector(m)[0], 7.0);
}

} // namespace

// nd::einsum against NumPy golden data (tests/golden/linalg/einsum_<dtype>.txt): chains of 3 and 4 operands in
// NumPy's greedy order, ellipses, diagonals and traces, outer products, implicit output, size-1 broadcasting,
// mixed dtypes, the cuTENSOR example at a small size, and NumPy's errors.
#include <ndthrust/linalg.h>

#include "golden/linalg/golden_linalg.h"

#include <cstdint>
#include <string>
#include <type_traits>

namespace {

template <class T>
struct Einsum : ::testing::Test {
  static std::string file() { return std::is_same_v<T, float> ? "einsum_f4.txt" : "einsum_f8.txt"; }
  static double tol() { return std::is_same_v<T, float> ? 2e-4 : 1e-10; }
  static auto in(const nd::shape_t& s, int seed) { return golden::gen<T>(nd::device, s, seed); }
  template <class S>
  static void check(const nd::array<T, S>& got, const std::string& name) {
    golden::expect_close(got, golden::load<T>(file(), name), tol(), name);
  }
};
using real_types = ::testing::Types<float, double>;
TYPED_TEST_SUITE(Einsum, real_types);

TYPED_TEST(Einsum, Chains) {
  auto& p = nd::device;
  this->check(nd::einsum(p, "ij,jk,kl->il", this->in({2, 3}, 1), this->in({3, 4}, 2), this->in({4, 5}, 3)), "chain3");
  this->check(nd::einsum("ab,bc,cd,de", this->in({2, 6}, 4), this->in({6, 3}, 5), this->in({3, 7}, 6),
                         this->in({7, 2}, 7)),
              "chain4");
  this->check(nd::einsum(p, "ij,jk,ki", this->in({3, 4}, 8), this->in({4, 5}, 9), this->in({5, 3}, 10)), "cycle");
  this->check(nd::einsum(p, "ijx,jk,kly->il", this->in({2, 3, 2}, 25), this->in({3, 4}, 26), this->in({4, 2, 3}, 27)),
              "sum_first");
  this->check(nd::einsum(p, "mhkn,ukvh->munv", this->in({4, 3, 2, 5}, 28), this->in({3, 2, 4, 3}, 29)), "cutensor");
  // On the host policy too.
  this->check(nd::einsum(nd::host, "ij,jk,kl->il", golden::gen<TypeParam>(nd::host, {2, 3}, 1),
                         golden::gen<TypeParam>(nd::host, {3, 4}, 2), golden::gen<TypeParam>(nd::host, {4, 5}, 3)),
              "chain3");
  this->check(nd::einsum(nd::host, "...ij,...jk->...ik", golden::gen<TypeParam>(nd::host, {2, 3, 4}, 11),
                         golden::gen<TypeParam>(nd::host, {3, 1, 4, 2}, 12)),
              "bmm_ell");
}

TYPED_TEST(Einsum, EllipsisDiagonalsOuterBroadcast) {
  auto& p = nd::device;
  this->check(nd::einsum(p, "...ij,...jk->...ik", this->in({2, 3, 4}, 11), this->in({3, 1, 4, 2}, 12)), "bmm_ell");
  this->check(nd::einsum(p, "i...->...", this->in({3, 2, 4}, 13)), "ell_T");
  this->check(nd::einsum(p, "...,...", this->in({3, 1}, 14), this->in({4}, 15)), "ell_mul");
  this->check(nd::einsum(p, "...ji", this->in({2, 3, 4}, 16)), "ell_implicit");
  this->check(nd::einsum(p, "iii->i", this->in({3, 3, 3}, 17)), "diag3");
  this->check(nd::einsum(p, "ii,jk->jk", this->in({3, 3}, 18), this->in({2, 2}, 19)), "trace_mul");
  this->check(nd::einsum(p, "i,j,k", this->in({2}, 20), this->in({3}, 21), this->in({2}, 22)), "outer3");
  this->check(nd::einsum(p, "ij,jk->ik", this->in({2, 1}, 23), this->in({3, 4}, 24)), "bcast1");
}

TEST(EinsumMixed, ResultTypeOfAllOperands) {
  auto& p = nd::device;
  auto f  = golden::gen<float>(p, {2, 3}, 1);
  auto i  = nd::asarray(p, std::vector<std::int32_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {3, 4});
  auto d  = golden::gen<double>(p, {4, 5}, 3);
  auto r  = nd::einsum(p, "ij,jk,kl->il", f, i, d); // np.result_type(float32, int32, float64): float64
  static_assert(std::is_same_v<decltype(r), nd::device_array<double>>);
  auto want = nd::einsum(p, "ij,jk,kl->il", nd::astype<double>(p, f), nd::astype<double>(p, i), d);
  golden::expect_close(r, nd::to_host(want), 1e-12, "mixed");
  auto fi = nd::einsum(p, "ij,jk", f, nd::astype<std::int8_t>(p, i)); // float32 with int8: float32
  static_assert(std::is_same_v<decltype(fi), nd::device_array<float>>);
  auto ii = nd::einsum(p, "ij->", i); // integers stay integers
  static_assert(std::is_same_v<decltype(ii), nd::device_array<std::int32_t>>);
  EXPECT_EQ(nd::item(ii), 78);
}

TEST(EinsumBroadcast, LabelsOfExtentOne) {
  // NumPy stretches a labelled extent of 1 against n, in the output and in sums (values from np.einsum).
  auto& p  = nd::device;
  auto a3  = nd::arange<double>(p, 1.0, 4.0);
  auto m21 = nd::reshape(p, nd::arange<double>(p, 1.0, 3.0), {2, 1});
  EXPECT_EQ(nd::to_vector(nd::einsum(p, "i,i->i", nd::full<double>(p, {1}, 2.0), a3)), (std::vector<double>{2, 4, 6}));
  auto r = nd::einsum(p, "ij,j->ij", m21, a3);
  EXPECT_EQ(nd::shape_str(r.shape()), "(2, 3)");
  EXPECT_EQ(nd::to_vector(r), (std::vector<double>{1, 2, 3, 2, 4, 6}));
  auto e = nd::einsum(p, "...i,...i", m21, nd::reshape(p, nd::arange<double>(p, 1.0, 7.0), {3, 2, 1}));
  EXPECT_EQ(nd::shape_str(e.shape()), "(3, 2)");
  EXPECT_EQ(nd::to_vector(e), (std::vector<double>{1, 4, 3, 8, 5, 12}));
  EXPECT_EQ(nd::to_vector(nd::einsum(p, "ij,jk,k->i", m21, nd::ones<double>(p, {1, 3}), a3)),
            (std::vector<double>{6, 12}));
}

TEST(EinsumGreedy, NumPysFirstPair) {
  // np.einsum_path(..., optimize='greedy') contracts (1, 2) first in both cases.
  nd::index_t e[128] = {};
  e['i'] = 2, e['j'] = 3, e['k'] = 4, e['l'] = 5;
  auto pr = nd::detail::linalg::einsum_greedy_pair({"ij", "jk", "kl"}, "il", e);
  EXPECT_EQ(pr.first, 1u);
  EXPECT_EQ(pr.second, 2u);
  e['a'] = 2, e['b'] = 6, e['c'] = 3, e['d'] = 7, e['e'] = 2;
  pr = nd::detail::linalg::einsum_greedy_pair({"ab", "bc", "cd", "de"}, "ae", e);
  EXPECT_EQ(pr.first, 2u);
  EXPECT_EQ(pr.second, 3u);
}

TEST(EinsumErrors, NumPysMessages) {
  auto& p = nd::device;
  auto a  = golden::gen<double>(p, {2, 3}, 1);
  auto b  = golden::gen<double>(p, {4, 5}, 2);
  auto throws = [](auto f, const std::string& part) {
    try {
      f();
      ADD_FAILURE() << "no throw: " << part;
    } catch (const nd::value_error& e) {
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  };
  throws([&] { nd::einsum(p, "ij,jk->ik", a); }, "fewer operands");
  throws([&] { nd::einsum(p, "ij->ij", a, a); }, "more operands");
  throws([&] { nd::einsum(p, "ij,jk->ik", a, b); }, "could not be broadcast");
  throws([&] { nd::einsum(p, "i1", a); }, "invalid subscript '1'");
  throws([&] { nd::einsum(p, "ijk", a); }, "too many subscripts for operand 0");
  throws([&] { nd::einsum(p, "i", a); }, "more dimensions than subscripts");
  throws([&] { nd::einsum(p, "ij->ii", a); }, "multiple times");
  throws([&] { nd::einsum(p, "ij->k", a); }, "never appeared in an input");
  throws([&] { nd::einsum(p, "...i->i", a); }, "output has more dimensions");
  throws([&] { nd::einsum(p, "..i", a); }, "not part of an ellipsis");
  throws([&] { nd::einsum(p, "...,...", a, b); }, "could not be broadcast");
  throws([&] { nd::einsum(p, "ii", a); }, "don't match");
}

} // namespace

// Views against NumPy: basic indexing and every view function, compared with golden/core/views.txt for values,
// shape, contiguity, and whether (and how: strides, offset) the result views the base's memory.
#include "golden/core/golden.h"

#include <ndthrust/ndthrust.h>

#include <gtest/gtest.h>

#include <cstdint>

namespace {

using nd::ellipsis;
using nd::newaxis;
using nd::slice;
constexpr nd::index_t N = nd::none;
using i64 = std::int64_t;
using nd::index_t;

struct on_device {
  static auto policy() { return nd::device; }
};
struct on_host {
  static auto policy() { return nd::host; }
};

template <class Where>
class Views : public ::testing::Test {
protected:
  using array = decltype(nd::arange<i64>(Where::policy(), 0, 1));
  /// np.arange(size).reshape(shape) in the tested space.
  static array base(const nd::shape_t& shape) {
    return nd::reshape(nd::arange<i64>(Where::policy(), 0, nd::shape_size(shape)), shape);
  }
  array a1 = base({10}), a2 = base({3, 4}), a3 = base({2, 3, 4}), a4 = base({2, 3, 4, 5}), a5 = base({1, 2, 1, 3, 1});

  static void check(const char* name, const array& b, const array& r) {
    golden::expect_view(golden::get("views.txt", name), b, r);
  }
};
using spaces = ::testing::Types<on_device, on_host>;
TYPED_TEST_SUITE(Views, spaces);

TYPED_TEST(Views, Slicing) {
  auto &a1 = this->a1, &a2 = this->a2;
  auto check = [](const char* n, auto& b, auto r) { TestFixture::check(n, b, r); };
  check("s1_start_stop_step", a1, a1(slice(2, 8, 2)));
  check("s1_neg_start", a1, a1(slice(-3)));
  check("s1_neg_stop", a1, a1(slice(N, -3)));
  check("s1_rev", a1, a1(slice(N, N, -1)));
  check("s1_rev2", a1, a1(slice(N, N, -2)));
  check("s1_down3", a1, a1(slice(8, 2, -3)));
  check("s1_step3", a1, a1(slice(N, N, 3)));
  check("s1_clamped", a1, a1(slice(-100, 100)));
  check("s1_clamped_rev", a1, a1(slice(100, -100, -4)));
  check("s1_empty_past_end", a1, a1(slice(100)));
  check("s1_empty_backwards", a1, a1(slice(5, 2)));
  check("s1_neg_both_rev", a1, a1(slice(-1, -100, -2)));
  check("s2_row", a2, a2(1));
  check("s2_neg_row_rev", a2, a2(-1, slice(N, N, -1)));
  check("s2_col", a2, a2(nd::all, 2));
  check("s2_scalar", a2, a2(1, 2));
  check("s2_scalar", a2, a2(1, 2, ellipsis));
  check("s2_neg_scalar", a2, a2(-3, -1));
  check("s2_block", a2, a2(slice(1), slice(1, 3)));
  check("s2_rev_both", a2, a2(slice(N, N, -1), slice(N, N, -2)));
  check("s2_empty_rows", a2, a2(slice(N, 0), slice(N, N, 2)));
  check("s2_unit_col", a2, a2(nd::all, slice(1, 2)));
  check("s2_unit_row", a2, a2(slice(1, 2), nd::all));
  // index() with a list is the same as operator().
  check("s2_block", a2, a2.index({slice(1), slice(1, 3)}));
}

TYPED_TEST(Views, NewaxisAndEllipsis) {
  auto &a2 = this->a2, &a3 = this->a3, &a4 = this->a4;
  auto check = [](const char* n, auto& b, auto r) { TestFixture::check(n, b, r); };
  check("n_front", a2, a2(newaxis));
  check("n_middle", a2, a2(nd::all, newaxis, nd::all));
  check("n_end", a2, a2(ellipsis, newaxis));
  check("n_two", a3, a3(newaxis, ellipsis, newaxis));
  check("e_start", a3, a3(ellipsis, 1));
  check("e_end", a3, a3(1, ellipsis));
  check("e_middle", a3, a3(0, ellipsis, 2));
  check("e_alone", a3, a3(ellipsis));
  check("e_alone", a3, a3());
  check("e_mixed", a4, a4(1, ellipsis, slice(N, N, 2), newaxis));
  check("e_int_newaxis", a4, a4(ellipsis, newaxis, -1, slice(1, 4)));
}

TYPED_TEST(Views, ViewsOfViews) {
  auto &a2 = this->a2, &a3 = this->a3, &a4 = this->a4;
  auto check = [](const char* n, auto& b, auto r) { TestFixture::check(n, b, r); };
  check("chain1", a3, a3(nd::all, slice(N, N, -1))(1)(slice(N, N, 2), slice(1)));
  check("chain2", a2, a2(slice(N, N, -1))(nd::all, slice(N, N, -1))(slice(1), slice(N, 3))(slice(N, N, 2)));
  check("chain3", a4, a4(nd::all, slice(1))(ellipsis, slice(N, N, -2))(1, nd::all, newaxis, 2));
}

TYPED_TEST(Views, WritesThroughViewsReachTheBase) {
  auto a2 = this->a2;
  auto v  = a2(slice(N, N, -1), slice(1, N, 2)); // rows reversed, columns 1 and 3
  nd::copyto(TypeParam::policy(), v, nd::full<i64>(TypeParam::policy(), {1}, -1));
  auto got = nd::to_vector(a2);
  EXPECT_EQ(got, (std::vector<i64>{0, -1, 2, -1, 4, -1, 6, -1, 8, -1, 10, -1}));
  v.at(0, 0) = 99; // row 2, column 1 of the base
  EXPECT_EQ(static_cast<i64>(a2.at(2, 1)), 99);
}

TYPED_TEST(Views, Permutations) {
  auto &a3 = this->a3, &a4 = this->a4;
  auto check = [](const char* n, auto& b, auto r) { TestFixture::check(n, b, r); };
  check("t_default", a3, nd::transpose(a3));
  check("t_axes", a3, nd::transpose(a3, {1, 0, 2}));
  check("t_neg_axes", a3, nd::transpose(a3, {-1, 0, 1}));
  check("t_of_slice", a3, nd::transpose(a3(nd::all, slice(N, N, 2), slice(N, N, -1))));
  check("permute_dims", a3, nd::permute_dims(a3, {2, 0, 1}));
  check("swapaxes", a3, nd::swapaxes(a3, 0, 2));
  check("swapaxes_neg", a3, nd::swapaxes(a3, -1, 1));
  check("moveaxis_one", a3, nd::moveaxis(a3, 0, -1));
  check("moveaxis_two", a3, nd::moveaxis(a3, {0, 1}, {-1, -2}));
  check("moveaxis_4d", a4, nd::moveaxis(a4, {0, 3}, {2, 0}));
}

TYPED_TEST(Views, Reshape) {
  auto &a2 = this->a2, &a3 = this->a3, &a4 = this->a4;
  auto P   = TypeParam::policy();
  // Each case checks the default (view if NumPy views, else copy), and copy_mode::never against NumPy's copy=False.
  auto check = [&](const char* n, auto& b, auto src, nd::shape_t shape) {
    TestFixture::check(n, b, nd::reshape(src, shape));
    TestFixture::check(n, b, nd::reshape(P, src, shape)); // the explicit-policy form
    const auto& c = golden::get("views.txt", n);
    if (c.view == 0) {
      EXPECT_THROW(nd::reshape(src, shape, nd::copy_mode::never), nd::value_error) << n;
    } else {
      TestFixture::check(n, b, nd::reshape(src, shape, nd::copy_mode::never));
    }
    auto always = nd::reshape(src, shape, nd::copy_mode::always);
    EXPECT_FALSE(always.shares_storage_with(b)) << n;
    golden::expect_values(c, always);
  };
  check("r_2d", a2, a2, {4, 3});
  check("r_flat_infer", a2, a2, {-1});
  check("r_infer", a3, a3, {6, -1});
  check("r_T_flat", a2, nd::transpose(a2), {12});
  check("r_T_3d", a2, nd::transpose(a2), {2, 2, 3});
  check("r_strided_flat", a2, a2(nd::all, slice(N, N, 2)), {6});
  check("r_strided_merge", a3, a3(nd::all, nd::all, slice(N, N, 2)), {2, 6});
  check("r_rev_merge", a3, a3(slice(N, N, -1)), {6, 4});
  check("r_rev_keep", a3, a3(slice(N, N, -1)), {2, 12});
  check("r_unit_axes", a2, a2(newaxis), {3, 1, 4});
  check("r_col_unit", a2, a2(nd::all, slice(1, 3)), {3, 2, 1});
  check("r_split", a4, a4(1), {3, 2, 2, 5});
}

TYPED_TEST(Views, SqueezeAndExpandDims) {
  auto &a2 = this->a2, &a5 = this->a5;
  auto check = [](const char* n, auto& b, auto r) { TestFixture::check(n, b, r); };
  check("sq_all", a5, nd::squeeze(a5));
  check("sq_0", a5, nd::squeeze(a5, {0}));
  check("sq_0_m1", a5, nd::squeeze(a5, {0, -1}));
  check("sq_2", a5, nd::squeeze(a5, {2}));
  check("ed_0", a2, nd::expand_dims(a2, 0));
  check("ed_m1", a2, nd::expand_dims(a2, -1));
  check("ed_0_2", a2, nd::expand_dims(a2, {0, 2}));
  check("ed_m1_m3", a2, nd::expand_dims(a2, {-1, -3}));
  check("ed_1", a2, nd::expand_dims(a2, 1));
  EXPECT_THROW(nd::squeeze(a5, {1}), nd::value_error); // extent 2
  EXPECT_THROW(nd::expand_dims(a2, 3), nd::axis_error); // result has 3 axes
  EXPECT_THROW(nd::expand_dims(a2, {0, 0}), nd::value_error);
}

TYPED_TEST(Views, BroadcastTo) {
  auto &a1 = this->a1, &a2 = this->a2;
  auto check = [](const char* n, auto& b, auto r) { TestFixture::check(n, b, r); };
  check("b_row", a1, nd::broadcast_to(a1(slice(N, 3)), {2, 3}));
  check("b_col", a2, nd::broadcast_to(a2(nd::all, slice(0, 1)), {2, 3, 4}));
  check("b_scalar", a2, nd::broadcast_to(a2(1, 1), {2, 2}));
  check("b_same", a2, nd::broadcast_to(a2, {3, 4}));
  check("b_empty", a1, nd::broadcast_to(a1(slice(N, 3)), {0, 3}));
  // Read-only, as NumPy's broadcast_to: writing into it raises NumPy's message.
  auto b = nd::broadcast_to(a1(slice(N, 3)), {2, 3});
  EXPECT_FALSE(b.writeable());
  EXPECT_FALSE(b(0).writeable()); // views of it stay read-only
  try {
    nd::copyto(TypeParam::policy(), b, a1(slice(N, 3)));
    ADD_FAILURE() << "copyto into a broadcast view must throw";
  } catch (const nd::value_error& e) {
    EXPECT_NE(std::string(e.what()).find("read-only"), std::string::npos) << e.what();
  }
  EXPECT_THROW(nd::broadcast_to(a2, {4, 4}), nd::shape_error);
  EXPECT_THROW(nd::broadcast_to(a2, {4}), nd::shape_error);
}

TYPED_TEST(Views, Flip) {
  auto &a2 = this->a2, &a3 = this->a3;
  auto check = [](const char* n, auto& b, auto r) { TestFixture::check(n, b, r); };
  check("f_all", a3, nd::flip(a3));
  check("f_1", a3, nd::flip(a3, 1));
  check("f_0_2", a3, nd::flip(a3, {0, 2}));
  check("f_m1", a3, nd::flip(a3, -1));
  check("f_of_slice", a2, nd::flip(a2(nd::all, slice(1, N, 2)), 0));
}

TYPED_TEST(Views, Diagonal) {
  auto &a2 = this->a2, &a3 = this->a3, &a4 = this->a4;
  auto check = [](const char* n, auto& b, auto r) { TestFixture::check(n, b, r); };
  check("d_0", a2, nd::diagonal(a2));
  check("d_1", a2, nd::diagonal(a2, 1));
  check("d_m1", a2, nd::diagonal(a2, -1));
  check("d_3", a2, nd::diagonal(a2, 3));
  check("d_m2", a2, nd::diagonal(a2, -2));
  check("d_far", a2, nd::diagonal(a2, 5));
  check("d_far_neg", a2, nd::diagonal(a2, -3));
  check("d_3d_12", a3, nd::diagonal(a3, 0, 1, 2));
  check("d_3d_02", a3, nd::diagonal(a3, 1, 0, 2));
  check("d_3d_20", a3, nd::diagonal(a3, -1, 2, 0));
  check("d_4d", a4, nd::diagonal(a4, 1, 3, 1));
  check("d_of_T", a2, nd::diagonal(nd::transpose(a2), 1));
  EXPECT_FALSE(nd::diagonal(a2).writeable()); // NumPy's diagonal is a read-only view
  EXPECT_THROW(nd::diagonal(this->a1), nd::value_error);
  EXPECT_THROW(nd::diagonal(a2, 0, 1, 1), nd::value_error);
  EXPECT_THROW(nd::diagonal(a2, 0, 0, 2), nd::axis_error);
}

TYPED_TEST(Views, RavelAndContiguity) {
  auto &a1 = this->a1, &a2 = this->a2, &a3 = this->a3;
  auto check = [](const char* n, auto& b, auto r) { TestFixture::check(n, b, r); };
  check("rv_c", a2, nd::ravel(a2));
  check("rv_T", a2, nd::ravel(nd::transpose(a2)));
  check("rv_rows", a2, nd::ravel(a2(slice(N, N, 2))));
  check("rv_tail", a2, nd::ravel(a2(slice(1))));
  check("rv_3d_col", a3, nd::ravel(a3(nd::all, 1)));
  check("rv_0d", a2, nd::ravel(a2(1, 1)));
  check("ac_c", a2, nd::ascontiguousarray(a2(slice(1))));
  check("ac_T", a2, nd::ascontiguousarray(nd::transpose(a2)));
  check("ac_rev", a1, nd::ascontiguousarray(a1(slice(N, N, -1))));
  check("ac_T", a2, nd::ascontiguousarray(TypeParam::policy(), nd::transpose(a2)));
  check("rv_T", a2, nd::ravel(TypeParam::policy(), nd::transpose(a2)));
}

// --- sizes and steps that cannot be represented raise, without undefined behaviour --------------------------------

TYPED_TEST(Views, SliceStepsOfInt64MinAndHugeStepsFollowPython) {
  auto a5   = TestFixture::base({5});
  auto& a2  = this->a2;
  auto vals = [](const auto& v) { return nd::to_vector(v); };
  // NumPy: a = np.arange(5); a[::-(2**63)] -> [4] (CPython treats the step as -(2**63 - 1)); a[::-(2**63) + 1]
  // -> [4]; a[::2**62] -> [0]; a[::2**63 - 1] -> [0]; a[1::-(2**63)] -> [1]; a[3:0:-(2**63)] -> [3];
  // a[0:5:-(2**63)] -> [].
  EXPECT_EQ(vals(a5(slice(N, N, INT64_MIN))), (std::vector<i64>{4}));
  EXPECT_EQ(vals(a5(slice(N, N, INT64_MIN + 1))), (std::vector<i64>{4}));
  EXPECT_EQ(vals(a5(slice(N, N, i64(1) << 62))), (std::vector<i64>{0}));
  EXPECT_EQ(vals(a5(slice(N, N, INT64_MAX))), (std::vector<i64>{0}));
  EXPECT_EQ(vals(a5(slice(1, N, INT64_MIN))), (std::vector<i64>{1}));
  EXPECT_EQ(vals(a5(slice(3, 0, INT64_MIN))), (std::vector<i64>{3}));
  EXPECT_EQ(a5(slice(0, 5, INT64_MIN)).size(), 0);
  // b = np.arange(12).reshape(3, 4); b[::-(2**63), ::-(2**63)] -> [[11]].
  auto corner = a2(slice(N, N, INT64_MIN), slice(N, N, INT64_MIN));
  EXPECT_EQ(corner.shape(), (nd::shape_t{1, 1}));
  EXPECT_EQ(vals(corner), (std::vector<i64>{11}));
  index_t start = 0, step = 0;
  EXPECT_EQ(nd::detail::adjust_slice(slice(N, N, INT64_MIN), 5, start, step), 1);
  EXPECT_EQ(start, 4);
  EXPECT_EQ(step, -INT64_MAX);
}

TYPED_TEST(Views, SliceStrideOverflowRaisesOnlyWhenItReallyOverflows) {
  using S = typename TestFixture::array::space;
  auto a5 = TestFixture::base({5});
  // Metadata only (never read): three elements 2**62 apart.
  auto w = nd::wrap<S>(a5.raw(), {3}, {i64(1) << 62});
  // Length 2 with stride 2**62 * 2 = 2**63: does not fit int64 -> value_error naming the overflow.
  golden::expect_error<nd::value_error>([&] { w(slice(N, N, 2)); }, "overflows");
  // -2**62 * 2 = -2**63 fits exactly: no error.
  auto neg  = nd::wrap<S>(a5.raw(), {3}, {-(i64(1) << 62)});
  auto down = neg(slice(N, N, 2));
  EXPECT_EQ(down.shape(), (nd::shape_t{2}));
  EXPECT_EQ(down.strides(), (nd::strides_t{INT64_MIN}));
  EXPECT_EQ(down.offset(), 0);
  // Length 1: the stride is never used, so a product that would overflow is no error.
  EXPECT_EQ(w(slice(N, N, 3)).shape(), (nd::shape_t{1}));
  EXPECT_EQ(w(slice(N, N, INT64_MAX)).shape(), (nd::shape_t{1}));
  auto last = neg(slice(N, N, INT64_MIN)); // start 2: offset 2 * -2**62 = -2**63 fits, the stride is unused
  EXPECT_EQ(last.shape(), (nd::shape_t{1}));
  EXPECT_EQ(last.offset(), INT64_MIN);
  // An integer index whose offset 2 * 2**62 overflows raises too.
  golden::expect_error<nd::value_error>([&] { w(2); }, "overflows");
  golden::expect_error<nd::value_error>([&] { w(slice(2, N)); }, "overflows");
}

TYPED_TEST(Views, ReshapeTargetsThatOverflowRaise) {
  auto a8 = TestFixture::base({8});
  auto e  = TestFixture::base({0});
  const i64 P31 = i64(1) << 31, P32 = i64(1) << 32, P62 = i64(1) << 62;
  // NumPy: np.zeros(8).reshape(2**62, 4) -> "cannot reshape array of size 8 into shape (4611686018427387904,4)".
  golden::expect_error<nd::shape_error>([&] { nd::reshape(a8, {P62, 4}); },
                                        "cannot reshape array of size 8 into shape (4611686018427387904, 4)");
  golden::expect_error<nd::shape_error>([&] { nd::reshape(a8, {P62, 4}, nd::copy_mode::never); }, "cannot reshape");
  golden::expect_error<nd::shape_error>([&] { nd::reshape(a8, {P62, P62, -1}); }, "cannot reshape array of size 8");
  // np.zeros(0).reshape(2**32, 2**32, 0): the product overflows before the zero -> "cannot reshape".
  golden::expect_error<nd::shape_error>([&] { nd::reshape(e, {P32, P32, 0}); }, "cannot reshape array of size 0");
  golden::expect_error<nd::shape_error>([&] { nd::reshape(e, {-1, P62, 4}); }, "cannot reshape array of size 0");
  // np.zeros(0).reshape(0, 2**62, 4) and np.zeros(0).reshape(2**31, 2**31, 0) (float64): "array is too big".
  golden::expect_error<nd::value_error>([&] { nd::reshape(e, {0, P62, 4}); }, "array is too big");
  golden::expect_error<nd::value_error>([&] { nd::reshape(e, {P31, P31, 0}); }, "array is too big");
  golden::expect_error<nd::value_error>([&] { nd::reshape(e, {0, P62, 4}, nd::copy_mode::always); }, "array is too big");
  // Representable empty targets still work: 2**59 * 8 bytes fit.
  auto ok = nd::reshape(e, {0, i64(1) << 59});
  EXPECT_EQ(ok.shape(), (nd::shape_t{0, i64(1) << 59}));
  EXPECT_EQ(nd::reshape(a8, {2, -1, 2}).shape(), (nd::shape_t{2, 2, 2}));
}

TYPED_TEST(Views, BroadcastToChecksTheTargetSizeWithTheItemsize) {
  auto one = this->a1(slice(N, 1));
  // NumPy (float64 / int64): np.broadcast_to(np.zeros(1), (0, 2**60, 4)) and (2**30, 2**30) -> "array is too big";
  // (2**30, 2**29) is a valid view with zero strides.
  golden::expect_error<nd::value_error>([&] { nd::broadcast_to(one, {0, i64(1) << 62, 4}); }, "array is too big");
  golden::expect_error<nd::value_error>([&] { nd::broadcast_to(one, {0, i64(1) << 60, 4}); }, "array is too big");
  golden::expect_error<nd::value_error>([&] { nd::broadcast_to(one, {i64(1) << 30, i64(1) << 30}); }, "array is too big");
  auto big = nd::broadcast_to(one, {i64(1) << 30, i64(1) << 29});
  EXPECT_EQ(big.size(), i64(1) << 59);
  EXPECT_EQ(big.strides(), (nd::strides_t{0, 0}));
  EXPECT_EQ(big.item((i64(1) << 30) - 1, 5), 0);
}

} // namespace

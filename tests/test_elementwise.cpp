// The elementwise engine: nd::transform and nd::map over every layout, broadcasting, aliasing and errors.
// Each result is checked against a plain host loop over the inputs' to_vector'd elements, with its own broadcasting.
#include <ndthrust/elementwise.h>
#include <ndthrust/ndthrust.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

namespace {

// --- functors (structs with NDTHRUST_HD call operators, as kernels need) ------------------------------------------

struct add_fn {
  template <class A, class B>
  NDTHRUST_HD auto operator()(const A& a, const B& b) const {
    return a + b;
  }
};
struct axpy_fn { // a * x + y, with distinct roles so argument order matters
  template <class A, class X, class Y>
  NDTHRUST_HD auto operator()(const A& a, const X& x, const Y& y) const {
    return a * x + y;
  }
};
struct poly5_fn { // weights each argument differently
  template <class A, class B, class C, class D, class E>
  NDTHRUST_HD double operator()(A a, B b, C c, D d, E e) const {
    return double(a) + 10.0 * double(b) + 100.0 * double(c) + 1000.0 * double(d) + 10000.0 * double(e);
  }
};
struct times5_fn {
  template <class A>
  NDTHRUST_HD A operator()(const A& a) const {
    return a * A(5);
  }
};
struct sub_fn {
  template <class A, class B>
  NDTHRUST_HD auto operator()(const A& a, const B& b) const {
    return a - b;
  }
};
struct half_fn {
  template <class A>
  NDTHRUST_HD double operator()(const A& a) const {
    return double(a) / 2.0;
  }
};
struct seven_fn {
  NDTHRUST_HD int operator()() const { return 7; }
};

// --- the host reference --------------------------------------------------------------------------------------------

/// The C-order index into `in` of position i of `out` under NumPy broadcasting.
std::size_t broadcast_index(const nd::shape_t& out, const nd::shape_t& in, nd::index_t i) {
  std::size_t idx = 0, mul = 1;
  for (int d = out.size() - 1; d >= 0; --d) {
    nd::index_t c = i % out[d];
    i /= out[d];
    int id = in.size() - (out.size() - d);
    if (id < 0) continue;
    if (in[id] != 1) idx += static_cast<std::size_t>(c) * mul;
    mul *= static_cast<std::size_t>(in[id]);
  }
  return idx;
}

template <class T, class S>
auto host_of(const nd::array<T, S>& a) {
  return std::make_pair(nd::to_vector(a), a.shape());
}
template <class X>
X host_of(const X& scalar) {
  return scalar;
}
template <class V>
auto host_at(const std::pair<std::vector<V>, nd::shape_t>& h, const nd::shape_t& shape, nd::index_t i) {
  return h.first[broadcast_index(shape, h.second, i)];
}
template <class X>
X host_at(const X& scalar, const nd::shape_t&, nd::index_t) {
  return scalar;
}

/// f over the inputs' host copies, converted to R, for every position of `shape`.
template <class R, class F, class... X>
std::vector<R> reference(const nd::shape_t& shape, F f, const X&... x) {
  auto hs = std::make_tuple(host_of(x)...);
  std::vector<R> out(static_cast<std::size_t>(nd::shape_size(shape)));
  for (nd::index_t i = 0; i < nd::shape_size(shape); ++i)
    out[static_cast<std::size_t>(i)] = nd::detail::convert<R>(
      std::apply([&](const auto&... h) { return f(host_at(h, shape, i)...); }, hs));
  return out;
}

/// Distinct values start, start + 1, … (exact in every dtype used here) in the given shape.
template <class T, class Policy = nd::device_policy>
auto iota(const nd::shape_t& shape, T start = T(1), const Policy& policy = nd::device) {
  std::vector<T> v(static_cast<std::size_t>(nd::shape_size(shape)));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<T>(start + static_cast<T>(i));
  return nd::reshape(nd::asarray(policy, v), shape);
}
template <class T>
nd::device_array<T> iota_nd(const nd::shape_t& shape, T start = T(1)) {
  return iota<T>(shape, start);
}

template <class F, class... X>
void expect_new_matches(F f, const X&... x) {
  auto r   = nd::transform(nd::device, f, x...);
  using R  = typename decltype(r)::value_type;
  auto ref = reference<R>(r.shape(), f, x...);
  EXPECT_EQ(r.shape(), nd::detail::broadcast_operands(x...));
  EXPECT_EQ(nd::to_vector(r), ref);
}

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no error";
}

} // namespace

// --- contiguous path -------------------------------------------------------------------------------------------------

TEST(Elementwise, UnaryInPlaceContiguous) {
  for (nd::index_t n : {nd::index_t(1), nd::index_t(1000), nd::index_t(300000)}) { // small kernel and Thrust path
    auto x   = iota_nd<double>({n});
    auto ref = reference<double>(x.shape(), times5_fn{}, x);
    nd::transform(nd::device, x, times5_fn{}, x);
    EXPECT_EQ(nd::to_vector(x), ref) << n;
  }
}

TEST(Elementwise, BinaryTernaryFiveAryContiguous) {
  for (nd::index_t n : {nd::index_t(777), nd::index_t(300001)}) {
    auto a = iota_nd<float>({n}), b = iota_nd<float>({n}, 3.f);
    auto c = iota_nd<std::int32_t>({n}, -5);
    auto d = iota_nd<double>({n}, 0.5);
    auto e = iota_nd<std::uint8_t>({n});
    expect_new_matches(add_fn{}, a, b);
    expect_new_matches(axpy_fn{}, a, c, d);
    expect_new_matches(poly5_fn{}, a, b, c, d, e);
    expect_new_matches(poly5_fn{}, 2, b, c, 1.5f, e); // scalars ride inside the functor
  }
}

TEST(Elementwise, ScalarsOfEveryKind) {
  auto a = iota_nd<double>({5});
  expect_new_matches(add_fn{}, a, 2);
  expect_new_matches(add_fn{}, std::int8_t(3), a);
  expect_new_matches(add_fn{}, a, nd::complex128(1.0, -2.0));
  expect_new_matches(add_fn{}, 1.5f, 2.25); // only scalars: a 0-d result
  auto z = nd::transform(nd::device, add_fn{}, 1.5f, 2.25);
  EXPECT_EQ(z.ndim(), 0);
  EXPECT_EQ(z.item(), 3.75);
  auto k = nd::transform(nd::device, seven_fn{});
  EXPECT_EQ(k.ndim(), 0);
  EXPECT_EQ(k.item(), 7);
}

// --- broadcasting and layouts --------------------------------------------------------------------------------------

TEST(Elementwise, BroadcastShapes) {
  const std::vector<std::pair<nd::shape_t, nd::shape_t>> cases = {
    {{3, 4}, {4}},       {{3, 1}, {1, 4}},    {{2, 1, 4}, {3, 1}}, {{}, {5}},          {{1}, {3, 4}},
    {{4, 1, 3}, {4, 5, 1}}, {{2, 3, 4, 5}, {3, 1, 5}}, {{0, 3}, {3}}, {{6, 1, 1, 7}, {1, 5, 1}}, {{1, 1}, {1}},
  };
  for (const auto& [sa, sb] : cases) {
    SCOPED_TRACE(nd::shape_str(sa) + " " + nd::shape_str(sb));
    auto a = iota_nd<double>(sa);
    auto b = iota_nd<std::int32_t>(sb, 100);
    expect_new_matches(sub_fn{}, a, b);
    expect_new_matches(sub_fn{}, b, a);
  }
}

TEST(Elementwise, StridedTransposedFlippedBroadcastInputs) {
  auto m  = iota_nd<double>({6, 8});
  auto t  = nd::transpose(iota_nd<double>({8, 6}, 1000.0)); // (6, 8), unit stride on axis 0
  auto f  = nd::flip(m, 1);                                  // negative strides
  auto s  = iota_nd<double>({12, 16})(nd::slice(nd::none, nd::none, 2), nd::slice(1, nd::none, 2)); // gaps
  auto bc = nd::broadcast_to(iota_nd<double>({8}, 50.0), {6, 8});                                   // zero strides
  auto col = iota_nd<float>({6, 1}, 7.f);
  expect_new_matches(add_fn{}, m, t);
  expect_new_matches(add_fn{}, t, f);
  expect_new_matches(sub_fn{}, s, bc);
  expect_new_matches(axpy_fn{}, t, col, s);
  expect_new_matches(poly5_fn{}, m, t, f, s, bc);
  expect_new_matches(sub_fn{}, nd::flip(t), col);
  // 3-d with a permuted input and a broadcast middle axis.
  auto p = nd::transpose(iota_nd<double>({4, 3, 5}), {1, 2, 0}); // (3, 5, 4)
  auto q = iota_nd<double>({3, 1, 4}, -20.0);
  expect_new_matches(sub_fn{}, p, q);
  expect_new_matches(sub_fn{}, q, nd::flip(p));
}

TEST(Elementwise, RowAndTilePaths) {
  // Rows of at least 256 elements take the row walk; a transposed input with both tiled extents >= 16 takes the
  // tiled path on the GPU. Extents that are not multiples of the chunk or tile exercise the partial edges.
  auto m   = iota_nd<double>({37, 1031});
  auto row = iota_nd<float>({1031}, 3.f);
  auto col = iota_nd<std::int32_t>({37, 1}, -50);
  expect_new_matches(add_fn{}, m, row);
  expect_new_matches(sub_fn{}, m, col);
  expect_new_matches(axpy_fn{}, col, row, m);
  auto t  = nd::transpose(iota_nd<double>({1031, 37}, 7.0)); // (37, 1031), unit stride on axis 0
  auto t2 = nd::transpose(iota_nd<double>({1031, 37}, 1.0));
  expect_new_matches(add_fn{}, m, t);
  expect_new_matches(poly5_fn{}, t, m, row, col, t2); // two staged inputs
  // 3-d: tiles over axes (0, 2), batch over axis 1.
  auto p = nd::transpose(iota_nd<double>({45, 3, 40}), {2, 1, 0}); // (40, 3, 45), unit stride on axis 0
  auto q = iota_nd<double>({40, 3, 45}, 0.5);
  expect_new_matches(sub_fn{}, q, p);
  expect_new_matches(sub_fn{}, p, nd::flip(q));
  // A staged input inside a map gives what the same map evaluated first gives.
  auto fused = nd::transform(nd::device, add_fn{}, nd::map(times5_fn{}, t), row);
  auto split = nd::transform(nd::device, add_fn{}, nd::evaluate(nd::device, nd::map(times5_fn{}, t)), row);
  EXPECT_EQ(nd::to_vector(fused), nd::to_vector(split));
  // A reversed out walks its rows backwards.
  auto out = nd::empty<double>({37, 1031});
  nd::transform(nd::device, nd::flip(out, 1), add_fn{}, m, t);
  EXPECT_EQ(nd::to_vector(nd::flip(out, 1)), reference<double>(nd::shape_t{37, 1031}, add_fn{}, m, t));
}

TEST(Elementwise, IntoStridedOut) {
  auto big = nd::zeros<double>({8, 10});
  auto out = nd::transpose(big(nd::slice(1, 7), nd::slice(nd::none, nd::none, 2))); // (5, 6), transposed view
  auto a = iota_nd<double>({5, 6}), b = iota_nd<double>({6}, 10.0);
  nd::transform(nd::device, out, add_fn{}, a, b);
  EXPECT_EQ(nd::to_vector(out), reference<double>(out.shape(), add_fn{}, a, b));
  // Elements outside the view stay untouched.
  auto hv = nd::to_vector(big);
  double untouched = 0;
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 10; ++c)
      if (!(r >= 1 && r < 7 && c % 2 == 0)) untouched += std::abs(hv[static_cast<std::size_t>(r * 10 + c)]);
  EXPECT_EQ(untouched, 0.0);
}

TEST(Elementwise, InputsBroadcastToOut) {
  auto out = nd::empty<double>({2, 3, 4});
  auto a = iota_nd<double>({4}), b = iota_nd<double>({3, 1});
  nd::transform(nd::device, out, sub_fn{}, a, b);
  EXPECT_EQ(nd::to_vector(out), reference<double>(out.shape(), sub_fn{}, a, b));
  nd::transform(nd::device, out, add_fn{}, 1.0, 2); // only scalars: a fill
  EXPECT_EQ(nd::to_vector(out), std::vector<double>(24, 3.0));
}

TEST(Elementwise, ConvertsIntoOutDtype) {
  auto a   = iota_nd<double>({7}, -3.0);
  auto out = nd::empty<std::int16_t>({7});
  nd::transform(nd::device, out, nd::casting::unsafe, half_fn{}, a); // -1.5 → -1 (C++ truncation, unsafe cast)
  EXPECT_EQ(nd::to_vector(out), reference<std::int16_t>(out.shape(), half_fn{}, a));
  auto c  = nd::transform(nd::device, add_fn{}, a, nd::complex64(0.5f, 2.f)); // complex → real keeps the real part
  auto re = nd::empty<float>({7});
  nd::transform(nd::device, re, nd::casting::unsafe, nd::detail::identity_fn{}, c);
  EXPECT_EQ(nd::to_vector(re), reference<float>(re.shape(), add_fn{}, a, nd::complex64(0.5f, 2.f)));
  auto flags = nd::empty<bool>({7});
  nd::transform(nd::device, flags, nd::casting::unsafe, nd::detail::identity_fn{}, a); // nonzero → true
  EXPECT_EQ(nd::to_vector(flags), reference<char>(flags.shape(), [](double v) { return v != 0; }, a));
  auto as_int = nd::transform<std::int64_t>(nd::device, half_fn{}, a); // explicit result dtype
  EXPECT_EQ(nd::to_vector(as_int), reference<std::int64_t>(a.shape(), half_fn{}, a));
}

TEST(Elementwise, ZeroDimAndEmpty) {
  auto s = nd::full<double>({}, 4.0);
  auto r = nd::transform(nd::device, add_fn{}, s, s);
  EXPECT_EQ(r.ndim(), 0);
  EXPECT_EQ(r.item(), 8.0);
  auto v = iota_nd<double>({3});
  expect_new_matches(add_fn{}, s, v);
  auto e = nd::empty<double>({0, 4});
  auto re = nd::transform(nd::device, add_fn{}, e, iota_nd<double>({4}));
  EXPECT_EQ(re.shape(), (nd::shape_t{0, 4}));
  nd::transform(nd::device, e, times5_fn{}, e);
}

// --- aliasing --------------------------------------------------------------------------------------------------------

TEST(Elementwise, InPlaceSameView) {
  auto m = iota_nd<double>({5, 7});
  auto t = nd::transpose(m);
  auto before = nd::copy(nd::device, t);
  nd::transform(nd::device, t, axpy_fn{}, t, 2.0, nd::transpose(m)); // t = t * 2 + t, all the same view
  EXPECT_EQ(nd::to_vector(t), reference<double>(t.shape(), axpy_fn{}, before, 2.0, before));
}

TEST(Elementwise, PartialOverlapIsBuffered) {
  auto a    = iota_nd<double>({10});
  auto orig = nd::copy(nd::device, a);
  // a[1:] = a[:-1] + 0.5 : NumPy reads the original a.
  nd::transform(nd::device, a(nd::slice(1, nd::none)), add_fn{}, a(nd::slice(nd::none, -1)), 0.5);
  auto h = nd::to_vector(a), o = nd::to_vector(orig);
  EXPECT_EQ(h[0], o[0]);
  for (std::size_t i = 1; i < 10; ++i) EXPECT_EQ(h[i], o[i - 1] + 0.5) << i;
  // a = a[::-1] - a : reversed view of the same memory.
  auto b     = iota_nd<double>({9});
  auto b0    = nd::copy(nd::device, b);
  nd::transform(nd::device, b, sub_fn{}, nd::flip(b), b);
  EXPECT_EQ(nd::to_vector(b), reference<double>(b.shape(), sub_fn{}, nd::flip(b0), b0));
  // m += m[0] : the broadcast row is read before row 0 is written.
  auto m  = iota_nd<double>({4, 3});
  auto m0 = nd::copy(nd::device, m);
  nd::transform(nd::device, m, add_fn{}, m, m(0));
  EXPECT_EQ(nd::to_vector(m), reference<double>(m.shape(), add_fn{}, m0, m0(0)));
  // Overlap inside a map operand.
  auto c  = iota_nd<double>({8});
  auto c0 = nd::copy(nd::device, c);
  nd::transform(nd::device, c(nd::slice(nd::none, -1)), nd::detail::identity_fn{},
                nd::map(add_fn{}, c(nd::slice(1, nd::none)), c(nd::slice(1, nd::none))));
  auto hc = nd::to_vector(c), h0 = nd::to_vector(c0);
  for (std::size_t i = 0; i + 1 < 8; ++i) EXPECT_EQ(hc[i], 2 * h0[i + 1]) << i;
  EXPECT_EQ(hc[7], h0[7]);
}

// --- maps ------------------------------------------------------------------------------------------------------------

TEST(Elementwise, MapsNestAndFuse) {
  auto a = iota_nd<double>({3, 4}), c = nd::transpose(iota_nd<double>({4, 3}, 9.0));
  auto b = iota_nd<float>({4}, 2.f);
  auto inner = nd::map(sub_fn{}, a, b);
  auto outer = nd::map(axpy_fn{}, inner, 3.0, c);
  EXPECT_EQ(outer.shape(), (nd::shape_t{3, 4}));
  static_assert(std::is_same_v<decltype(outer)::value_type, double>);
  auto ref_inner = reference<double>({3, 4}, sub_fn{}, a, b);
  auto hc        = nd::to_vector(nd::ascontiguousarray(c));
  std::vector<double> ref(12);
  for (std::size_t i = 0; i < 12; ++i) ref[i] = ref_inner[i] * 3.0 + hc[i];
  EXPECT_EQ(nd::to_vector(nd::evaluate(nd::device, outer)), ref);
  EXPECT_EQ(nd::to_vector(nd::copy(nd::device, outer)), ref);
  // As a transform input, mixed with arrays and broadcast against a larger out.
  auto r = nd::transform(nd::device, add_fn{}, outer, iota_nd<double>({2, 1, 1}, 100.0));
  auto hr = nd::to_vector(r);
  ASSERT_EQ(hr.size(), 24u);
  for (std::size_t i = 0; i < 24; ++i) EXPECT_EQ(hr[i], ref[i % 12] + 100.0 + double(i / 12)) << i;
  // copyto broadcasts and casts (float64 → int32 only with casting='unsafe').
  auto dst = nd::empty<std::int32_t>({2, 3, 4});
  nd::copyto(nd::device, dst, outer, nd::casting::unsafe);
  auto hd = nd::to_vector(dst);
  for (std::size_t i = 0; i < 24; ++i) EXPECT_EQ(hd[i], static_cast<std::int32_t>(ref[i % 12])) << i;
  // Contiguous leaves only: a map over same-shape arrays.
  auto x = iota_nd<double>({1000}), y = iota_nd<double>({1000}, 5.0);
  auto fused = nd::transform(nd::device, times5_fn{}, nd::map(add_fn{}, x, y));
  EXPECT_EQ(nd::to_vector(fused), reference<double>({1000}, [](double u, double v) { return (u + v) * 5; }, x, y));
}

TEST(Elementwise, MapReaderForReductions) {
  // What reductions use: operand_traits<map>::reader at flat positions of a broadcast shape.
  auto a = iota_nd<double>({2, 3});
  auto e = nd::map(add_fn{}, a, nd::map(times5_fn{}, iota_nd<double>({3}, 10.0)));
  using traits = nd::detail::operand_traits<decltype(e)>;
  static_assert(std::is_same_v<traits::space, nd::device_space>);
  EXPECT_TRUE(traits::fits_int32(e, {4, 2, 3}));
  auto rd  = traits::reader<int>(e, {4, 2, 3});
  auto out = nd::empty<double>({4, 2, 3});
  thrust::transform(nd::device, thrust::counting_iterator<int>(0), thrust::counting_iterator<int>(24), out.data(), rd);
  auto h = nd::to_vector(out);
  for (std::size_t i = 0; i < 24; ++i) EXPECT_EQ(h[i], double(1 + i % 6) + 5.0 * double(10 + i % 3)) << i;
}

// --- host policy -----------------------------------------------------------------------------------------------------

TEST(Elementwise, HostArrays) {
  auto m = iota<double>({3, 4}, 1.0, nd::host);
  auto v = iota<float>({4}, 0.5f, nd::host);
  auto r = nd::transform(nd::host, sub_fn{}, nd::transpose(nd::reshape(m, {4, 3})), v);
  EXPECT_EQ(nd::to_vector(r), reference<double>(r.shape(), sub_fn{}, nd::transpose(nd::reshape(m, {4, 3})),
                                                v));
  nd::transform(nd::host, m, times5_fn{}, m);
  EXPECT_EQ(nd::to_vector(m)[11], 60.0);
}

// --- errors ----------------------------------------------------------------------------------------------------------

TEST(Elementwise, Errors) {
  auto a = nd::zeros<double>({3, 4}), b = nd::zeros<double>({5});
  EXPECT_THROW(nd::transform(nd::device, add_fn{}, a, b), nd::shape_error);
  EXPECT_EQ(error_of([&] { nd::transform(nd::device, add_fn{}, a, b); }),
            "operands could not be broadcast together with shapes (3,4) (5,)");
  EXPECT_EQ(error_of([&] { nd::transform(nd::device, a, add_fn{}, a, b); }),
            "operands could not be broadcast together with shapes (3,4) (5,) (3,4)");
  EXPECT_EQ(error_of([&] { nd::transform(nd::device, axpy_fn{}, a, 1, nd::zeros<int>({2})); }),
            "operands could not be broadcast together with shapes (3,4) () (2,)");
  EXPECT_EQ(error_of([&] { nd::map(add_fn{}, a, nd::zeros<int>({2})); }),
            "operands could not be broadcast together with shapes (3,4) (2,)");
  EXPECT_THROW(nd::transform(nd::device, nd::zeros<double>({3, 1}), add_fn{}, a, a), nd::shape_error);
  EXPECT_EQ(error_of([&] { nd::transform(nd::device, nd::zeros<double>({3, 1}), add_fn{}, a, a); }),
            "non-broadcastable output operand with shape (3,1) doesn't match the broadcast shape (3,4)");
  EXPECT_EQ(error_of([&] { nd::transform(nd::device, nd::zeros<double>({3, 4}), add_fn{}, nd::zeros<double>({2, 3, 4}), 1); }),
            "non-broadcastable output operand with shape (3,4) doesn't match the broadcast shape (2,3,4)");
  auto ro = nd::broadcast_to(nd::zeros<double>({4}), {3, 4});
  EXPECT_THROW(nd::transform(nd::device, ro, add_fn{}, a, 1.0), nd::value_error);
  EXPECT_EQ(error_of([&] { nd::transform(nd::device, ro, add_fn{}, a, 1.0); }), "output array is read-only");
  EXPECT_EQ(error_of([&] { nd::copyto(nd::device, ro, nd::map(add_fn{}, a, 1.0)); }),
            "assignment destination is read-only");
}

// --- internals worth pinning down ------------------------------------------------------------------------------------

TEST(Elementwise, FastDivisionMatchesDivision) {
  const std::vector<nd::index_t> divisors = {1, 2, 3, 5, 7, 10, 31, 32, 33, 255, 1000, 4096, 32768, 65537,
                                             1 << 20, 123456789, (nd::index_t(1) << 30) + 7, INT32_MAX};
  const std::vector<int> numerators = {0, 1, 2, 9, 31, 32, 1023, 65535, 1 << 24, 999999937, INT32_MAX - 1, INT32_MAX};
  for (nd::index_t d : divisors) {
    auto dv = nd::detail::make_divider<int>(d);
    for (int n : numerators) EXPECT_EQ(dv.div(n), static_cast<int>(n / d)) << n << " / " << d;
  }
}

TEST(Elementwise, CollapseManyOperands) {
  // Six stride sets that all walk (2, 3, 4) contiguously, except that one broadcasts the last axis.
  nd::shape_t shape = {2, 3, 4};
  nd::strides_t st[6];
  for (int k = 0; k < 6; ++k) st[k] = nd::c_strides(shape);
  nd::detail::collapse_axes(shape, st, 6);
  EXPECT_EQ(shape, (nd::shape_t{24}));
  shape = {2, 3, 4};
  for (int k = 0; k < 6; ++k) st[k] = nd::c_strides(shape);
  st[5] = {3, 1, 0};
  nd::detail::collapse_axes(shape, st, 6);
  EXPECT_EQ(shape, (nd::shape_t{6, 4}));
  EXPECT_EQ(st[0], (nd::strides_t{4, 1}));
  EXPECT_EQ(st[5], (nd::strides_t{1, 0}));
}

// --- casting into out (NumPy's default casting='same_kind' for out=) ---------------------------------------------

TEST(Casting, TransformOutSameKind) {
  auto a   = iota_nd<double>({4}, 0.0);
  auto out = nd::full<std::int64_t>(nd::device, {4}, 7);
  // The functor's result dtype (float64) is the "from" type: float64 → int64 is not same_kind.
  try {
    nd::transform(nd::device, out, half_fn{}, a);
    ADD_FAILURE() << "float64 result into an int64 out did not raise";
  } catch (const nd::dtype_error& e) {
    EXPECT_STREQ(e.what(), "Cannot cast array data from dtype('float64') to dtype('int64') according to the rule "
                           "'same_kind'");
  }
  EXPECT_EQ(nd::to_vector(out), (std::vector<std::int64_t>(4, 7))); // nothing written
  // Same kind, narrower (float64 → float32) and int → float are allowed, as in NumPy.
  auto f = nd::empty<float>({4});
  nd::transform(nd::device, f, half_fn{}, a);
  EXPECT_EQ(nd::to_vector(f), (std::vector<float>{0.f, 0.5f, 1.f, 1.5f}));
  auto i = iota_nd<std::int32_t>({4}, 0);
  auto d = nd::empty<double>({4});
  nd::transform(nd::device, d, nd::detail::identity_fn{}, i);
  EXPECT_EQ(nd::to_vector(d), (std::vector<double>{0, 1, 2, 3}));
  // An expression copied into an int array follows the same rule; unsafe truncates.
  EXPECT_THROW(nd::copyto(nd::device, out, nd::map(half_fn{}, a)), nd::dtype_error);
  nd::copyto(nd::device, out, nd::map(half_fn{}, a), nd::casting::unsafe);
  EXPECT_EQ(nd::to_vector(out), (std::vector<std::int64_t>{0, 0, 1, 1}));
}

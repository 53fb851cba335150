// NumPy's ufuncs and type promotion, against NumPy golden data (tests/golden/ufuncs/make_golden.py).
//
// Every functor of ops/list.h runs over NumPy's edge values in a kernel of the active backend. To keep nvcc's compile
// time bounded there is one kernel per (dtype, arity) that picks the functor with a switch, not one per functor ×
// dtype.
#include <ndthrust/ndthrust.h>
#include <ndthrust/ops/list.h>
#include <ndthrust/ufuncs.h>

#include "golden/ufuncs/golden.h"

#include <gtest/gtest.h>

#include <thrust/device_vector.h>
#include <thrust/for_each.h>
#include <thrust/host_vector.h>
#include <thrust/iterator/counting_iterator.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace {

// --- the functors: every entry of ops/list.h -----------------------------------------------------------------------

#define ENUM_ENTRY(kind, name, arity, maxulp, form) op_##name,
enum op_id { NDTHRUST_UFUNCS(ENUM_ENTRY) n_ops };
#undef ENUM_ENTRY
#define NAME_ENTRY(kind, name, arity, maxulp, form) #name,
const char* op_names[] = {NDTHRUST_UFUNCS(NAME_ENTRY)};
#undef NAME_ENTRY
#define ARITY_ENTRY(kind, name, arity, maxulp, form) arity,
const int op_arities[] = {NDTHRUST_UFUNCS(ARITY_ENTRY)};
#undef ARITY_ENTRY
#define KIND_ENTRY(kind, name, arity, maxulp, form) #kind,
const char* op_kinds[] = {NDTHRUST_UFUNCS(KIND_ENTRY)};
#undef KIND_ENTRY

/// One result of any dtype: reals and complex in re/im (float32 converts to double exactly), integers in i.
struct cell {
  double re, im;
  std::int64_t i;
};

template <class R>
NDTHRUST_HD cell to_cell(const R& r) {
  if constexpr (nd::is_complex_v<R>) return {double(r.real()), double(r.imag()), 0};
  else if constexpr (std::is_floating_point_v<R>) return {double(r), 0.0, 0};
  else return {0.0, 0.0, static_cast<std::int64_t>(r)};
}

template <class F, class T>
inline constexpr bool supported = F::template accepts<T>;
template <class T>
inline constexpr bool supported<nd::ops::where, T> = true;

/// Applies functor `op` to values of T (its arity is the number of values); dtype() gives its result dtype (or -1
/// when not defined). The switch covers every entry, the other arities' cases discarded at compile time.
template <class T>
struct apply_op {
  template <class F, class... A>
  static NDTHRUST_HD cell call(const A&... a) {
    if constexpr (supported<F, T>) return to_cell(F{}(a...));
    else return cell{};
  }
#define CASE(kind, name, arity, maxulp, form)                                                                          \
  case op_##name:                                                                                                      \
    if constexpr (arity == sizeof...(A)) return call<nd::ops::name>(a...);                                             \
    else return cell{};
  template <class... A>
  static NDTHRUST_HD cell run(int op, const A&... a) {
    switch (op) { NDTHRUST_UFUNCS(CASE) }
    return cell{};
  }
#undef CASE
  template <class F, int N>
  static int result_dtype() {
    if constexpr (!supported<F, T>) return -1;
    else if constexpr (N == 1) return int(nd::dtype_of<decltype(F{}(T{}))>);
    else if constexpr (N == 2) return int(nd::dtype_of<decltype(F{}(T{}, T{}))>);
    else return int(nd::dtype_of<decltype(F{}(T{}, T{}, T{}))>);
  }
#define CASE(kind, name, arity, maxulp, form)                                                                          \
  case op_##name: return result_dtype<nd::ops::name, arity>();
  static int dtype(int arity, int op) {
    if (op < 0 || op >= n_ops || op_arities[op] != arity) return -1;
    switch (op) { NDTHRUST_UFUNCS(CASE) }
    return -1;
  }
#undef CASE
};

/// The kernel: element k of the result from element k of each input column.
template <class T, int Arity>
struct eval_kernel {
  int op;
  const T* x0;
  const T* x1;
  const T* x2;
  cell* out;
  NDTHRUST_HD void operator()(std::int64_t k) const {
    if constexpr (Arity == 1) out[k] = apply_op<T>::run(op, x0[k]);
    else if constexpr (Arity == 2) out[k] = apply_op<T>::run(op, x0[k], x1[k]);
    else out[k] = apply_op<T>::run(op, x0[k], x1[k], x2[k]);
  }
};

/// The entry of ops/list.h named `name` with `arity` operands, or -1.
int op_index(int arity, const std::string& name) {
  for (int i = 0; i < n_ops; ++i)
    if (name == op_names[i] && op_arities[i] == arity) return i;
  return -1;
}

// --- comparing with tolerance --------------------------------------------------------------------------------------

/// Distance in units in the last place of R (0 for equal values; ±0 are equal here).
template <class R>
double ulp_distance(R a, R b) {
  using I = std::conditional_t<sizeof(R) == 4, std::int32_t, std::int64_t>;
  auto ordered = [](R x) {
    I i;
    std::memcpy(&i, &x, sizeof x);
    return i < 0 ? std::numeric_limits<I>::min() - i : i; // monotonic in x
  };
  return std::fabs(static_cast<double>(ordered(a)) - static_cast<double>(ordered(b)));
}

template <class R>
::testing::AssertionResult close_real(R got, R want, int maxulp) {
  if (std::isnan(want) || std::isnan(got)) {
    if (std::isnan(want) && std::isnan(got)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "got " << got << ", NumPy " << want;
  }
  if (maxulp == 0 && std::signbit(got) != std::signbit(want))
    return ::testing::AssertionFailure() << "sign: got " << got << ", NumPy " << want;
  double d = ulp_distance(got, want);
  if (d <= maxulp) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got " << got << ", NumPy " << want << " (" << d << " ULP, max " << maxulp
                                       << ")";
}

/// Complex: NaN parts must match; otherwise each part within maxulp ULP of the result's magnitude.
template <class R>
::testing::AssertionResult close_complex(R gr, R gi, R wr, R wi, int maxulp) {
  if (maxulp == 0) {
    auto r = close_real(gr, wr, 0);
    return r ? close_real(gi, wi, 0) : r;
  }
  auto fail = [&] {
    return ::testing::AssertionFailure() << "got (" << gr << ", " << gi << "), NumPy (" << wr << ", " << wi << ")";
  };
  if (std::isnan(wr) != std::isnan(gr) || std::isnan(wi) != std::isnan(gi)) return fail();
  double mag = std::hypot(double(wr), double(wi));
  auto part_ok = [&](R g, R w) {
    if (std::isnan(w) || std::isinf(w)) return std::isnan(w) ? std::isnan(g) : g == w;
    double scale = std::isinf(mag) ? std::fabs(double(w)) : mag; // an infinite part: the finite one on its own
    double tol   = maxulp * double(std::numeric_limits<R>::epsilon()) * std::max(scale, double(std::numeric_limits<R>::min()));
    return std::fabs(double(g) - double(w)) <= tol;
  };
  bool ok = part_ok(gr, wr) && part_ok(gi, wi);
  return ok ? ::testing::AssertionSuccess() : fail();
}

::testing::AssertionResult check_value(const cell& got, const std::string& want, const std::string& out, int maxulp) {
  using namespace ufgolden;
  if (out == "bool") return (got.i != 0) == parse<bool>(want) ? ::testing::AssertionSuccess()
                                                             : ::testing::AssertionFailure() << "got " << got.i;
  if (out == "float32") return close_real(float(got.re), parse<float>(want), maxulp);
  if (out == "float64") return close_real(got.re, parse<double>(want), maxulp);
  if (out == "complex64") {
    auto w = parse<nd::complex64>(want);
    return close_complex(float(got.re), float(got.im), w.real(), w.imag(), maxulp);
  }
  if (out == "complex128") {
    auto w = parse<nd::complex128>(want);
    return close_complex(got.re, got.im, w.real(), w.imag(), maxulp);
  }
  bool ok = out[0] == 'u' ? static_cast<std::uint64_t>(got.i) == parse<std::uint64_t>(want)
                          : got.i == parse<std::int64_t>(want);
  return ok ? ::testing::AssertionSuccess() : ::testing::AssertionFailure() << "got " << got.i;
}

// --- running a kind file -------------------------------------------------------------------------------------------

template <class T>
void check_dtype(const ufgolden::kind_file& f, const std::string& dt) {
  // Input columns per arity, on the device.
  std::map<int, std::vector<thrust::device_vector<T>>> cols;
  for (const auto& [arity, tuples] : f.inputs.at(dt)) {
    for (int j = 0; j < arity; ++j) {
      thrust::host_vector<T> h;
      for (const auto& t : tuples) h.push_back(ufgolden::parse<T>(t[j]));
      cols[arity].emplace_back(h);
    }
  }
  for (const auto& c : f.cases) {
    if (c.dtype != dt) continue;
    int arity = int(cols.size()) == 1 ? cols.begin()->first : -1;
    for (const auto& [a, _] : cols)
      if (op_index(a, c.op) >= 0) arity = a;
    int op = op_index(arity, c.op);
    ASSERT_GE(op, 0) << "golden op " << c.op << " is not in ops/list.h";
    SCOPED_TRACE(c.op + "(" + dt + ")");
    // The compile-time result dtype must be NumPy's (with float32 for NumPy's float16 loops).
    int rd = apply_op<T>::dtype(arity, op);
    ASSERT_NE(rd, -1) << "NumPy defines it, ndthrust rejects it";
    EXPECT_STREQ(nd::dtype_str(nd::dtype(rd)), c.out_dtype.c_str());

    const auto& in = cols[arity];
    auto n         = static_cast<std::int64_t>(in[0].size());
    ASSERT_EQ(std::size_t(n), c.values.size());
    thrust::device_vector<cell> out(n);
    auto raw = [&](int j) { return j < arity ? thrust::raw_pointer_cast(in[j].data()) : nullptr; };
    eval_kernel<T, 1> k1{op, raw(0), raw(1), raw(2), thrust::raw_pointer_cast(out.data())};
    auto first = thrust::counting_iterator<std::int64_t>(0);
    if (arity == 1) thrust::for_each_n(thrust::device, first, n, k1);
    if (arity == 2) thrust::for_each_n(thrust::device, first, n, eval_kernel<T, 2>{op, raw(0), raw(1), raw(2), k1.out});
    if (arity == 3) thrust::for_each_n(thrust::device, first, n, eval_kernel<T, 3>{op, raw(0), raw(1), raw(2), k1.out});
    thrust::host_vector<cell> got = out;
    const auto& tuples            = f.inputs.at(dt).at(arity);
    for (std::int64_t i = 0; i < n; ++i) {
      if (c.values[i] == "x") continue; // NumPy raises or is undefined here; documented behaviour tested below
      std::string args;
      for (const auto& v : tuples[i]) args += (args.empty() ? "" : ", ") + v;
      EXPECT_TRUE(check_value(got[i], c.values[i], c.out_dtype, c.maxulp)) << c.op << "(" << args << ") " << dt;
    }
  }
}

void check_kind(const std::string& kind) {
  auto f = ufgolden::load(kind);
  check_dtype<bool>(f, "bool");
  check_dtype<std::int8_t>(f, "int8");
  check_dtype<std::int32_t>(f, "int32");
  check_dtype<std::int64_t>(f, "int64");
  check_dtype<std::uint8_t>(f, "uint8");
  check_dtype<std::uint64_t>(f, "uint64");
  check_dtype<float>(f, "float32");
  check_dtype<double>(f, "float64");
  check_dtype<nd::complex64>(f, "complex64");
  check_dtype<nd::complex128>(f, "complex128");
}

} // namespace

TEST(UfuncGolden, Arithmetic) { check_kind("arithmetic"); }
TEST(UfuncGolden, Exponential) { check_kind("exponential"); }
TEST(UfuncGolden, Trigonometric) { check_kind("trigonometric"); }
TEST(UfuncGolden, Rounding) { check_kind("rounding"); }
TEST(UfuncGolden, Comparison) { check_kind("comparison"); }
TEST(UfuncGolden, Bitwise) { check_kind("bitwise"); }
TEST(UfuncGolden, Classification) { check_kind("classification"); }
TEST(UfuncGolden, Complex) { check_kind("complex"); }

// The golden generator reads ops/list.h: every entry has NumPy's results in its kind's file, for some dtype.
TEST(UfuncGolden, EveryListedUfuncHasGoldenData) {
  std::map<std::string, ufgolden::kind_file> files;
  for (int i = 0; i < n_ops; ++i) {
    if (!files.count(op_kinds[i])) files.emplace(op_kinds[i], ufgolden::load(op_kinds[i]));
    const auto& f = files.at(op_kinds[i]);
    bool found    = std::any_of(f.cases.begin(), f.cases.end(), [&](const auto& c) { return c.op == op_names[i]; });
    EXPECT_TRUE(found) << op_names[i] << " (" << op_kinds[i] << ") has no golden data";
  }
}

// --- promotion -----------------------------------------------------------------------------------------------------

namespace {
using all_types = std::tuple<bool, std::int8_t, std::int16_t, std::int32_t, std::int64_t, std::uint8_t, std::uint16_t,
                             std::uint32_t, std::uint64_t, float, double, nd::complex64, nd::complex128>;
using weak_types = std::tuple<nd::weak<bool>, nd::weak<int>, nd::weak<double>, nd::weak<nd::complex128>>;
const char* weak_names[] = {"weak:bool", "weak:int", "weak:float", "weak:complex"};

template <class T>
std::string promo_name(int i) {
  if constexpr (nd::is_dtype_v<T>) return nd::dtype_str(nd::dtype_of<T>);
  else return weak_names[i];
}

/// Every (A, B) of two type tuples: the compile-time result_type_t's dtype, keyed by the operands' names.
template <class TA, class TB, std::size_t... I, std::size_t... J>
void collect(std::map<std::string, std::string>& r, std::index_sequence<I...>, std::index_sequence<J...>) {
  auto row = [&](auto ia) {
    using A = std::tuple_element_t<decltype(ia)::value, TA>;
    ((r[promo_name<A>(decltype(ia)::value) + " " + promo_name<std::tuple_element_t<J, TB>>(J)] =
        nd::dtype_str(nd::dtype_of<nd::result_type_t<A, std::tuple_element_t<J, TB>>>)),
     ...);
  };
  (row(std::integral_constant<std::size_t, I>{}), ...);
}
template <class TA, class TB>
void collect(std::map<std::string, std::string>& r) {
  collect<TA, TB>(r, std::make_index_sequence<std::tuple_size_v<TA>>{}, std::make_index_sequence<std::tuple_size_v<TB>>{});
}
} // namespace

TEST(Promotion, MatchesNumPyTable) {
  std::map<std::string, std::string> ours;
  collect<all_types, all_types>(ours);
  collect<all_types, weak_types>(ours);
  collect<weak_types, weak_types>(ours);
  std::ifstream in(std::string(NDTHRUST_GOLDEN_DIR) + "/ufuncs/promotion.txt");
  ASSERT_TRUE(in);
  int checked = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::string a, b, want;
    ss >> a >> b >> want;
    auto it = ours.find(a + " " + b);
    ASSERT_NE(it, ours.end()) << a << " " << b;
    EXPECT_EQ(it->second, want) << "result_type(" << a << ", " << b << ")";
    // The run-time form agrees with the compile-time one.
    ++checked;
  }
  EXPECT_EQ(checked, 13 * 13 + 13 * 4 + 4 * 4);
}

TEST(Promotion, RuntimeAndOperands) {
  nd::dtype ds[] = {nd::dtype::int8, nd::dtype::uint8};
  EXPECT_EQ(nd::result_type(ds, 2), nd::dtype::int16);
  nd::dtype w[] = {nd::dtype::float32, nd::dtype::float64};
  EXPECT_EQ(nd::result_type(w, 2, 1), nd::dtype::float32); // float32 array, weak double
  using A8 = nd::device_array<std::int8_t>;
  static_assert(std::is_same_v<nd::operand_result_t<A8, int>, std::int8_t>);
  static_assert(std::is_same_v<nd::operand_result_t<A8, double>, double>);
  static_assert(std::is_same_v<nd::operand_result_t<nd::device_array<float>, nd::complex128>, nd::complex64>);
  static_assert(std::is_same_v<nd::operand_result_t<int, double>, double>);
}

// --- named algorithms: promotion of operands, broadcasting, out, errors -----------------------------------------------

TEST(UfuncNamed, WeakScalarsAndPromotion) {
  auto i8  = nd::asarray(nd::device, std::vector<std::int8_t>{-128, -1, 0, 5, 127});
  auto f32 = nd::asarray(nd::device, std::vector<float>{1.5f, -2.f, 0.25f});
  auto a = nd::add(nd::device, i8, 1); // int8 + Python-like int stays int8 and wraps
  static_assert(std::is_same_v<decltype(a)::value_type, std::int8_t>);
  EXPECT_EQ(nd::to_vector(a), (std::vector<std::int8_t>{-127, 0, 1, 6, -128}));
  auto b = nd::multiply(nd::device, i8, 2.5); // int array × float scalar → float64
  static_assert(std::is_same_v<decltype(b)::value_type, double>);
  EXPECT_EQ(nd::to_vector(b), (std::vector<double>{-320, -2.5, 0, 12.5, 317.5}));
  auto c = nd::multiply(nd::device, f32, 5.0); // float32 × double scalar stays float32
  static_assert(std::is_same_v<decltype(c)::value_type, float>);
  EXPECT_EQ(nd::to_vector(c), (std::vector<float>{7.5f, -10.f, 1.25f}));
  auto d = nd::multiply(nd::device, f32, nd::complex128(0, 1)); // complex scalar with float32 → complex64
  static_assert(std::is_same_v<decltype(d)::value_type, nd::complex64>);
  auto e = nd::true_divide(nd::device, i8, i8); // integer true division → float64
  static_assert(std::is_same_v<decltype(e)::value_type, double>);
  auto u8 = nd::asarray(nd::device, std::vector<std::uint8_t>{200, 1});
  auto f  = nd::add(nd::device, i8(nd::slice(0, 2)), u8); // int8 + uint8 → int16
  static_assert(std::is_same_v<decltype(f)::value_type, std::int16_t>);
  EXPECT_EQ(nd::to_vector(f), (std::vector<std::int16_t>{72, 0}));
  auto g = nd::less(nd::device, f32, 0);
  static_assert(std::is_same_v<decltype(g)::value_type, bool>);
  EXPECT_EQ(nd::to_vector(g), (std::vector<char>{0, 1, 0}));
  // NumPy 2: OverflowError "Python integer 300 out of bounds for int8".
  try {
    nd::add(nd::device, i8, 300);
    FAIL() << "no error";
  } catch (const nd::value_error& err) {
    EXPECT_STREQ(err.what(), "Python integer 300 out of bounds for int8");
  }
  EXPECT_THROW(nd::add(nd::device, u8, -1), nd::value_error);
}

TEST(UfuncNamed, BroadcastOutAndInPlace) {
  auto m   = nd::reshape(nd::arange<double>(nd::device, 0.0, 6.0), {2, 3});
  auto col = nd::asarray(nd::device, std::vector<double>{10, 20}, {2, 1});
  auto s   = nd::add(nd::device, m, col);
  EXPECT_EQ(nd::shape_str(s.shape()), "(2, 3)");
  EXPECT_EQ(nd::to_vector(s), (std::vector<double>{10, 11, 12, 23, 24, 25}));
  // out of another kind: the result is cast only with casting='unsafe' (same_kind raises: Casting.UfuncOutSameKind).
  auto out = nd::empty<std::int32_t>(nd::device, {2, 3});
  nd::multiply(nd::device, m, 1.5, out, nd::casting::unsafe);
  EXPECT_EQ(nd::to_vector(out), (std::vector<std::int32_t>{0, 1, 3, 4, 6, 7}));
  // In place, the seed programs' x *= 5; x *= x; x += x.
  auto x = nd::arange<double>(nd::device, 1.0, 4.0);
  nd::multiply(nd::device, x, 5, x);
  nd::multiply(nd::device, x, x, x);
  nd::add(nd::device, x, x, x);
  EXPECT_EQ(nd::to_vector(x), (std::vector<double>{50, 200, 450}));
  // Ternary ufuncs and divmod.
  auto v = nd::asarray(nd::device, std::vector<int>{-7, 0, 7});
  EXPECT_EQ(nd::to_vector(nd::clip(nd::device, v, -1, 3)), (std::vector<int>{-1, 0, 3}));
  EXPECT_EQ(nd::to_vector(nd::where(nd::device, nd::greater(nd::device, v, 0), v, 0.5)),
            (std::vector<double>{0.5, 0.5, 7}));
  auto [q, r] = nd::divmod(nd::device, v, 2);
  EXPECT_EQ(nd::to_vector(q), (std::vector<int>{-4, 0, 3}));
  EXPECT_EQ(nd::to_vector(r), (std::vector<int>{1, 0, 1}));
  // A functor in a lazy map, fused into another ufunc.
  auto sq = nd::map(nd::ops::square{}, v);
  EXPECT_EQ(nd::to_vector(nd::add(nd::device, sq, 1)), (std::vector<int>{50, 1, 50}));
  // Shapes that do not broadcast: NumPy's message.
  auto bad = nd::zeros<double>(nd::device, {4});
  EXPECT_THROW(nd::add(nd::device, m, bad), nd::shape_error);
}

TEST(UfuncNamed, DocumentedDeviations) {
  // Integers to negative powers: the functor (which cannot raise) gives the integer part of the exact result.
  auto base = nd::asarray(nd::device, std::vector<std::int32_t>{1, -1, -1, 2, 0});
  auto expo = nd::asarray(nd::device, std::vector<std::int32_t>{-3, -3, -2, -1, -1});
  EXPECT_EQ(nd::to_vector(nd::transform(nd::device, nd::ops::power{}, base, expo)),
            (std::vector<std::int32_t>{1, -1, 1, 0, 0}));
  // Integer reciprocal of 0 is 0 (NumPy: an undefined cast).
  EXPECT_EQ(nd::to_vector(nd::reciprocal(nd::device, nd::zeros<std::int16_t>(nd::device, {1}))),
            (std::vector<std::int16_t>{0}));
  // float16 loops become float32.
  auto r = nd::sqrt(nd::device, nd::asarray(nd::device, std::vector<std::uint8_t>{4}));
  static_assert(std::is_same_v<decltype(r)::value_type, float>);
}

// --- NumPy 2 comparisons with mixed signedness and out-of-range scalars -------------------------------------------
TEST(UfuncNamed, NumpyCompareInt64Uint64Exact) {
  // NumPy 2 compares int64 with uint64 by value, not through float64 (where 2^53+1 == 2^53).
  const std::int64_t big = (std::int64_t{1} << 53);
  auto s = nd::asarray(nd::device, std::vector<std::int64_t>{big + 1, -1, big, std::numeric_limits<std::int64_t>::max()});
  auto u = nd::asarray(nd::device, std::vector<std::uint64_t>{std::uint64_t(big), std::numeric_limits<std::uint64_t>::max(),
                                                             std::uint64_t(big), std::uint64_t(1) << 63});
  EXPECT_EQ(nd::to_vector(nd::equal(nd::device, s, u)), (std::vector<char>{0, 0, 1, 0}));
  EXPECT_EQ(nd::to_vector(nd::not_equal(nd::device, s, u)), (std::vector<char>{1, 1, 0, 1}));
  EXPECT_EQ(nd::to_vector(nd::less(nd::device, s, u)), (std::vector<char>{0, 1, 0, 1}));
  EXPECT_EQ(nd::to_vector(nd::less_equal(nd::device, s, u)), (std::vector<char>{0, 1, 1, 1}));
  EXPECT_EQ(nd::to_vector(nd::greater(nd::device, s, u)), (std::vector<char>{1, 0, 0, 0}));
  EXPECT_EQ(nd::to_vector(nd::greater_equal(nd::device, u, s)), (std::vector<char>{0, 1, 1, 1}));
  EXPECT_TRUE((nd::ops::equal{}(std::uint64_t(big), big)));
  EXPECT_FALSE((nd::ops::equal{}(std::uint64_t(big), big + 1)));
  EXPECT_TRUE((nd::ops::less{}(std::int64_t{-1}, std::uint64_t{0})));
}

TEST(UfuncNamed, NumpyCompareOutOfRangeScalar) {
  auto u8 = nd::asarray(nd::device, std::vector<std::uint8_t>{0, 5, 255});
  EXPECT_EQ(nd::to_vector(nd::less(nd::device, u8, 300)), (std::vector<char>{1, 1, 1}));
  EXPECT_EQ(nd::to_vector(nd::equal(nd::device, u8, 300)), (std::vector<char>{0, 0, 0}));
  EXPECT_EQ(nd::to_vector(nd::not_equal(nd::device, u8, 300)), (std::vector<char>{1, 1, 1}));
  EXPECT_EQ(nd::to_vector(nd::greater(nd::device, u8, -1)), (std::vector<char>{1, 1, 1}));
  EXPECT_EQ(nd::to_vector(nd::less_equal(nd::device, -1, u8)), (std::vector<char>{1, 1, 1}));
  EXPECT_EQ(nd::to_vector(nd::greater_equal(nd::device, u8, 5)), (std::vector<char>{0, 1, 1}));
  auto c = nd::clip(nd::device, u8, -1, 300);
  static_assert(std::is_same_v<decltype(c)::value_type, std::uint8_t>);
  EXPECT_EQ(nd::to_vector(c), (std::vector<std::uint8_t>{0, 5, 255}));
  EXPECT_EQ(nd::to_vector(nd::clip(nd::device, u8, 3, 300)), (std::vector<std::uint8_t>{3, 5, 255}));
  // Arithmetic still raises NumPy's OverflowError.
  EXPECT_THROW(nd::add(nd::device, u8, 300), nd::value_error);
}

TEST(UfuncNamed, NumpyComparePowerNegativeIntegerExponent) {
  // NumPy: ValueError "Integers to negative integer powers are not allowed."
  auto base = nd::asarray(nd::device, std::vector<std::int32_t>{1, 2, 3});
  auto expo = nd::asarray(nd::device, std::vector<std::int32_t>{2, -1, 0});
  try {
    nd::power(nd::device, base, expo);
    FAIL() << "no error";
  } catch (const nd::value_error& err) {
    EXPECT_STREQ(err.what(), "Integers to negative integer powers are not allowed.");
  }
  EXPECT_THROW(nd::power(nd::device, base, -2), nd::value_error);
  EXPECT_THROW(nd::power(nd::device, base, expo, base), nd::value_error);
  EXPECT_EQ(nd::to_vector(nd::power(nd::device, base, 2)), (std::vector<std::int32_t>{1, 4, 9}));
  auto u = nd::asarray(nd::device, std::vector<std::uint8_t>{3, 0, 1});
  EXPECT_EQ(nd::to_vector(nd::power(nd::device, base, u)), (std::vector<std::int32_t>{1, 1, 3}));
  EXPECT_NEAR(nd::to_vector(nd::power(nd::device, base, -1.0))[1], 0.5, 1e-12); // float exponent: fine
}

TEST(Casting, UfuncOutSameKind) {
  auto f   = nd::asarray(nd::device, std::vector<double>{1.5, 2.5});
  auto out = nd::full<std::int64_t>(nd::device, {2}, 7);
  // NumPy 2: np.add(f, f, out=i) raises UFuncTypeError (a TypeError) and writes nothing.
  try {
    nd::add(nd::device, f, f, out);
    ADD_FAILURE() << "float64 into an int64 out did not raise";
  } catch (const nd::dtype_error& e) {
    EXPECT_STREQ(e.what(),
                 "Cannot cast ufunc 'add' output from dtype('float64') to dtype('int64') with casting rule 'same_kind'");
  }
  EXPECT_EQ(nd::to_vector(out), (std::vector<std::int64_t>{7, 7}));
  // np.divide(int, 2, out=int): true division gives float64 (NumPy names the ufunc 'divide').
  auto i = nd::asarray(nd::device, std::vector<std::int64_t>{3, 4});
  try {
    nd::true_divide(nd::device, i, 2, out);
    ADD_FAILURE() << "divide into an int64 out did not raise";
  } catch (const nd::dtype_error& e) {
    EXPECT_STREQ(e.what(), "Cannot cast ufunc 'divide' output from dtype('float64') to dtype('int64') with casting "
                           "rule 'same_kind'");
  }
  EXPECT_THROW(nd::sqrt(nd::device, i, out), nd::dtype_error);                                    // float64 result
  EXPECT_THROW(nd::where(nd::device, nd::greater(nd::device, i, 3), i, 0.5, out), nd::dtype_error); // float64
  EXPECT_THROW(nd::divmod(nd::device, f, 2.0, out, nd::empty<std::int64_t>(nd::device, {2})), nd::dtype_error);
  EXPECT_EQ(nd::to_vector(out), (std::vector<std::int64_t>{7, 7}));
  // int into float is fine (np.add(i, i, out=f) → [6., 8.]); so is a narrower float of the same kind.
  nd::add(nd::device, i, i, f);
  EXPECT_EQ(nd::to_vector(f), (std::vector<double>{6, 8}));
  auto f32 = nd::empty<float>(nd::device, {2});
  nd::multiply(nd::device, f, 0.5, f32);
  EXPECT_EQ(nd::to_vector(f32), (std::vector<float>{3, 4}));
  // NEP 50: a C++ int scalar is weak, so int32 array + 1 is int32 and fits an int8 out (np.add(i32, 1, out=i8)).
  auto i8 = nd::empty<std::int8_t>(nd::device, {2});
  nd::add(nd::device, nd::full<std::int32_t>(nd::device, {2}, 1), 1, i8);
  EXPECT_EQ(nd::to_vector(i8), (std::vector<std::int8_t>{2, 2}));
  // … but a float scalar makes the result float64: np.add(i, 1.0, out=i) raises.
  EXPECT_THROW(nd::add(nd::device, i, 1.0, i), nd::dtype_error);
  // int → uint is not same_kind (np.negative(i, out=u64) raises); comparisons give bool, which casts to anything.
  EXPECT_THROW(nd::negative(nd::device, i, nd::empty<std::uint64_t>(nd::device, {2})), nd::dtype_error);
  nd::less(nd::device, i, 4, out);
  EXPECT_EQ(nd::to_vector(out), (std::vector<std::int64_t>{1, 0}));
  // casting='unsafe' truncates, as NumPy: np.add(f, 0.75, out=i, casting='unsafe') → [6, 8].
  nd::add(nd::device, f, 0.75, out, nd::casting::unsafe);
  EXPECT_EQ(nd::to_vector(out), (std::vector<std::int64_t>{6, 8}));
}

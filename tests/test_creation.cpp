// Creation: empty/zeros/ones/full, arange/linspace/eye against NumPy (golden/core/creation.txt), the *_like forms,
// arrays from host data, and adopting or wrapping Thrust and std vectors.
#include "golden/core/golden.h"
#include "support/dtypes.h"

#include <ndthrust/ndthrust.h>

#include <thrust/device_vector.h>
#include <thrust/host_vector.h>
#include <thrust/sequence.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

using i64 = std::int64_t;
constexpr i64 P31 = i64(1) << 31, P61 = i64(1) << 61, P62 = i64(1) << 62;
constexpr const char* too_big = "array is too big";

template <class T, class S>
void check(const char* name, const nd::array<T, S>& r) {
  const auto& c = golden::get("creation.txt", name);
  golden::expect_values(c, r);
  EXPECT_TRUE(r.is_contiguous()) << name;
}

template <class T>
class Fill : public ::testing::Test {};
TYPED_TEST_SUITE(Fill, ndtest::kind_dtypes);

TYPED_TEST(Fill, EmptyZerosOnesFull) {
  using T = TypeParam;
  auto e  = nd::empty<T>({2, 0, 3});
  EXPECT_EQ(nd::shape_str(e.shape()), "(2, 0, 3)");
  EXPECT_EQ(e.size(), 0);
  EXPECT_EQ(e.dtype(), nd::dtype_of<T>);
  auto e2 = nd::empty<T>(nd::host, {3, 4});
  EXPECT_EQ(e2.itemsize(), sizeof(T));
  EXPECT_EQ(e2.strides(), (nd::strides_t{4, 1}));
  EXPECT_EQ(e2.nbytes(), 12 * sizeof(T));

  auto expect_all = [](const auto& a, T v, nd::index_t n) {
    auto got = nd::to_vector(a);
    ASSERT_EQ(static_cast<nd::index_t>(got.size()), n);
    for (auto x : got) EXPECT_TRUE(static_cast<T>(x) == v);
  };
  expect_all(nd::zeros<T>({2, 3}), T(0), 6);
  expect_all(nd::ones<T>(nd::host, {5}), T(1), 5);
  expect_all(nd::full<T>({3, 1, 2}, T(1)), T(1), 6);
  expect_all(nd::full<T>(nd::host, {4}, T(0)), T(0), 4);
  expect_all(nd::zeros<T>({}), T(0), 1); // 0-d: one element
}

TEST(Creation, FullValuesAndDtypes) {
  auto f = nd::full<double>({2, 2}, -2.5);
  EXPECT_EQ(nd::to_vector(f), std::vector<double>(4, -2.5));
  auto c = nd::full<nd::complex64>(nd::host, {3}, nd::complex64(1.f, -2.f));
  for (auto v : nd::to_vector(c)) EXPECT_EQ(v, nd::complex64(1.f, -2.f));
  auto u = nd::full<std::uint8_t>({3}, 250);
  EXPECT_EQ(nd::to_vector(u), std::vector<std::uint8_t>(3, 250));
}

TEST(Creation, ArangeIntegers) {
  check("arange_stop", nd::arange<i64>(nd::device, 10));
  check("arange_step", nd::arange<i64>(nd::device, 2, 11, 3));
  check("arange_neg_step", nd::arange<i64>(nd::host, 10, 0, -3));
  check("arange_neg_start", nd::arange<int>(nd::device, -3, 3));
  check("arange_empty_equal", nd::arange<i64>(nd::device, 5, 5));
  check("arange_empty_backwards", nd::arange<i64>(nd::device, 5, 0));
  check("arange_empty_neg_step", nd::arange<i64>(nd::host, 0, 5, -1));
}

TEST(Creation, ArangeReals) {
  // Lengths and values exactly as NumPy's (it steps by (start + step) - start, which is not always step).
  check("arange_f_tenth", nd::arange<double>(nd::device, 0.0, 1.0, 0.1));
  check("arange_f_from_one", nd::arange<double>(nd::device, 1.0, 2.0, 0.1));
  check("arange_f_overshoot", nd::arange<double>(nd::host, 1.0, 1.3, 0.1));
  check("arange_f_neg_step", nd::arange<double>(nd::device, 0.5, -1.0, -0.25));
  check("arange_f_third", nd::arange<double>(nd::device, -1.0, 1.0, 1.0 / 3.0));
  check("arange_f32", nd::arange<float>(nd::device, 0.5f, 2.f, 0.1f));
  // NumPy: np.arange(0, 5, 0) and np.arange(0., 1., 0.) raise ZeroDivisionError ("division by zero").
  golden::expect_error<nd::value_error>([] { nd::arange<int>(nd::device, 0, 5, 0); }, "division by zero");
  golden::expect_error<nd::value_error>([] { nd::arange<double>(nd::host, 0., 1., 0.); }, "division by zero");
}

TEST(Creation, Linspace) {
  check("linspace_5", nd::linspace(nd::device, 0.0, 1.0, 5));
  check("linspace_5_open", nd::linspace(nd::device, 0.0, 1.0, 5, false));
  check("linspace_0", nd::linspace(nd::device, 0.0, 1.0, 0));
  check("linspace_1", nd::linspace(nd::host, 2.0, 3.0, 1));
  check("linspace_1_open", nd::linspace(nd::device, 2.0, 3.0, 1, false));
  check("linspace_down", nd::linspace(nd::device, 1.0, -1.0, 9));
  check("linspace_default", nd::linspace(nd::device, -1.0, 7.0));
  check("linspace_thirds", nd::linspace(nd::device, 0.1, 0.7, 7));
  check("linspace_f32", nd::linspace<float>(nd::device, 0.0, 1.0, 7));
  // Integer dtypes round toward -inf (NumPy 2 floors before casting).
  check("linspace_int_neg", nd::linspace<std::int32_t>(nd::device, -2.5, 2.5, 4));
  check("linspace_int", nd::linspace<i64>(nd::host, -3.0, 2.0, 6));
  check("linspace_int_open", nd::linspace<std::int32_t>(nd::device, 0.0, 10.0, 7, false));
  check("linspace_uint8", nd::linspace<std::uint8_t>(nd::device, 0.0, 255.0, 4));
  golden::expect_error([] { nd::linspace(nd::device, 0.0, 1.0, -1); }, "must be non-negative");
}

TEST(Creation, EyeAndIdentity) {
  check("eye_3", nd::eye<double>(nd::device, 3));
  check("eye_3x5", nd::eye<double>(nd::device, 3, 5));
  check("eye_4x3_k1", nd::eye<double>(nd::host, 4, 3, 1));
  check("eye_3x4_km2", nd::eye<double>(nd::device, 3, 4, -2));
  check("eye_k_out", nd::eye<double>(nd::device, 3, -1, 5));
  check("eye_0", nd::eye<double>(nd::device, 0));
  check("eye_int", nd::eye<std::int32_t>(nd::device, 2, 3, 1));
  check("identity_4", nd::identity<double>(nd::device, 4));
  check("identity_4", nd::identity<double>(nd::host, 4));
}

TEST(Creation, LikeForms) {
  // The shape of a (non-contiguous) view, a C-contiguous result, the dtype and space asked for.
  auto a = nd::transpose(nd::zeros<float>({2, 3}));
  auto e = nd::empty_like(nd::device, a);
  static_assert(std::is_same_v<decltype(e), nd::device_array<float>>);
  EXPECT_EQ(nd::shape_str(e.shape()), "(3, 2)");
  EXPECT_TRUE(e.is_contiguous());
  EXPECT_FALSE(e.shares_storage_with(a));
  auto z = nd::zeros_like<int>(nd::host, a);
  static_assert(std::is_same_v<decltype(z), nd::host_array<int>>);
  EXPECT_EQ(nd::to_vector(z), std::vector<int>(6, 0));
  auto o = nd::ones_like<std::uint8_t>(nd::device, a);
  EXPECT_EQ(nd::to_vector(o), std::vector<std::uint8_t>(6, 1));
  auto f = nd::full_like(nd::device, a, 2.75);
  static_assert(std::is_same_v<decltype(f), nd::device_array<float>>);
  EXPECT_EQ(nd::to_vector(f), std::vector<float>(6, 2.75f));
  auto fi = nd::full_like(nd::device, nd::zeros<int>({4}), 2.75); // cast to the array's dtype, like NumPy
  EXPECT_EQ(nd::to_vector(fi), std::vector<int>(4, 2));
}

TEST(Creation, FromHostData) {
  std::vector<double> v{1.5, -2, 3, 4, 5, 6};
  auto d = nd::asarray(nd::device, v, {2, 3});
  EXPECT_EQ(nd::shape_str(d.shape()), "(2, 3)");
  EXPECT_EQ(static_cast<double>(d.at(1, 0)), 4.0);
  EXPECT_EQ(nd::to_vector(d), v);
  auto flat = nd::asarray(nd::host, v);
  EXPECT_EQ(flat.ndim(), 1);
  EXPECT_EQ(nd::to_vector(flat), v);
  v[0] = 100; // asarray copied
  EXPECT_EQ(flat.at(0), 1.5);

  auto il = nd::asarray(nd::device, {1, 2, 3, 4}, {2, 2});
  static_assert(std::is_same_v<decltype(il), nd::device_array<int>>);
  EXPECT_EQ(nd::to_vector(il), (std::vector<int>{1, 2, 3, 4}));

  const std::int16_t raw[] = {7, 8, 9, 10, 11, 12};
  auto p                   = nd::asarray(nd::device, raw, {3, 2});
  EXPECT_EQ(static_cast<std::int16_t>(p.at(2, 1)), 12);
  EXPECT_EQ(nd::to_vector(p), (std::vector<std::int16_t>(raw, raw + 6)));

  golden::expect_error([&] { nd::asarray(nd::device, v, {4}); }, "cannot reshape array of size 6 into shape (4,)");
  golden::expect_error([] { nd::asarray(nd::device, {1, 2, 3}, {2, 2}); }, "cannot reshape array of size 3");
}

TEST(Creation, AdoptAndWrapThrustVectors) {
  thrust::device_vector<int> dv(6);
  thrust::sequence(dv.begin(), dv.end());
  const int* storage = thrust::raw_pointer_cast(dv.data());
  auto adopted       = nd::adopt(std::move(dv), {2, 3});
  EXPECT_EQ(adopted.raw(), storage); // no copy: the array owns the vector's memory
  EXPECT_EQ(nd::to_vector(adopted), (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(nd::shape_str(adopted.shape()), "(2, 3)");

  thrust::device_vector<float> keep(4, 1.f);
  auto w = nd::wrap(keep);
  EXPECT_EQ(w.raw(), thrust::raw_pointer_cast(keep.data()));
  nd::copyto(nd::device, w(nd::slice(1, nd::none, 2)), nd::full<float>({1}, 9.f));
  EXPECT_EQ(static_cast<float>(keep[1]), 9.f); // writes through the view land in the vector
  EXPECT_EQ(static_cast<float>(keep[3]), 9.f);
  EXPECT_EQ(static_cast<float>(keep[0]), 1.f);
  keep[2] = -4.f;
  EXPECT_EQ(static_cast<float>(w.at(2)), -4.f);

  thrust::host_vector<double> hv(3, 0.5);
  auto hw = nd::wrap(hv);
  hw.at(0) = 2.0;
  EXPECT_EQ(hv[0], 2.0);
  auto ha = nd::adopt(std::move(hv));
  EXPECT_EQ(nd::to_vector(ha), (std::vector<double>{2.0, 0.5, 0.5}));

  std::vector<i64> sv{1, 2, 3, 4};
  auto sw = nd::wrap(sv, {2, 2});
  sw.at(1, 1) = 40;
  EXPECT_EQ(sv[3], 40);
  const i64* sp = sv.data();
  auto sa       = nd::adopt(std::move(sv), {4});
  EXPECT_EQ(sa.raw(), sp);

  std::vector<int> raw{0, 1, 2, 3, 4, 5};
  auto strided = nd::wrap<nd::host_space>(raw.data(), {3}, {2}); // every other element
  EXPECT_EQ(nd::to_vector(strided), (std::vector<int>{0, 2, 4}));

  thrust::device_vector<int> bad(5);
  golden::expect_error([&] { nd::wrap(bad, {2, 2}); }, "cannot reshape array of size 5 into shape (2, 2)");
}

TEST(Creation, Errors) {
  golden::expect_error([] { nd::empty<float>({2, -1}); }, "negative dimensions");
  golden::expect_error([] { nd::zeros<float>(nd::host, {-3}); }, "negative dimensions");
  golden::expect_error([] { nd::empty<float>({1, 1, 1, 1, 1, 1, 1, 1, 1}); }, "maximum supported dimension");
}

// --- sizes that cannot be represented are errors, never small buffers ----------------------------------------------
// NumPy 2.x: np.empty((0, 2**62, 2**62)) -> ValueError "array is too big; `arr.size * arr.dtype.itemsize` is larger
// than the maximum possible size."; np.empty((-1,)) -> "negative dimensions are not allowed".

TEST(Sizes, CheckShapeCountsTheNonZeroExtentsTimesTheItemsize) {
  nd::check_shape({});
  nd::check_shape({P62, 1});
  nd::check_shape({INT64_MAX});
  golden::expect_error<nd::value_error>([] { nd::check_shape({3, -1}); }, "negative dimensions are not allowed");
  // A zero extent does not excuse the others (NumPy refuses np.empty((0, 2**62, 2**62)) though it has 0 elements).
  golden::expect_error<nd::value_error>([] { nd::check_shape({0, P62, P62}); }, too_big);
  golden::expect_error<nd::value_error>([] { nd::check_shape({P62, P62, 0}); }, too_big);
  // With the itemsize: 2**60 int32 = 2**62 bytes fit, 2**60 float64 = 2**63 bytes do not.
  nd::check_shape({i64(1) << 60}, 4);
  golden::expect_error<nd::value_error>([] { nd::check_shape({i64(1) << 60}, 8); }, too_big);
  golden::expect_error<nd::value_error>([] { nd::check_shape({0, P31, P31}, 8); }, too_big);
  nd::check_shape({0, P31, P31}, 1); // 2**62 bytes: NumPy allows np.empty((0, 2**31, 2**31), np.int8)
  // Element counts and strides of a checked shape are exact; an unchecked overflowing product raises.
  EXPECT_EQ(nd::shape_size({P31, P31, 0}), 0);
  EXPECT_EQ(nd::shape_size({P31, P31}), P62);
  EXPECT_EQ(nd::c_strides({P31, P31, 0}), (nd::strides_t{P31, 1, 1}));
  EXPECT_EQ(nd::c_strides({2, P62}), (nd::strides_t{P62, 1}));
  golden::expect_error<nd::value_error>([] { nd::shape_size({P62, 4}); }, too_big);
  EXPECT_EQ(nd::shape_size({P62, P62, 0, 3}), 0); // 0 elements, whatever the others multiply to (no overflow UB)
}

TEST(Sizes, EmptyOfSizesThatOverflowTheByteCountRaises) {
  // (2**61 + 1) float64 = 2**64 + 8 bytes: today's wrap gave a 64-byte buffer; 2**61 elements wrapped to 0 bytes.
  golden::expect_error<nd::value_error>([] { nd::empty<double>(nd::device, {P61 + 1}); }, too_big);
  golden::expect_error<nd::value_error>([] { nd::empty<double>(nd::host, {P61 + 1}); }, too_big);
  golden::expect_error<nd::value_error>([] { nd::empty<double>(nd::device, {P61}); }, too_big);
  golden::expect_error<nd::value_error>([] { nd::empty<nd::complex128>(nd::host, {P31, P31 / 4}); }, too_big);
  golden::expect_error<nd::value_error>([] { nd::empty<double>(nd::device, {0, P62, P62}); }, too_big);
  golden::expect_error<nd::value_error>([] { nd::empty_like<double>(nd::host, nd::empty<std::int8_t>(nd::host, {0, P31, P31})); },
                                        too_big);
  auto ok = nd::empty<std::int8_t>(nd::host, {0, P31, P31}); // 2**62 bytes of int8: NumPy allows it
  EXPECT_EQ(ok.size(), 0);
  EXPECT_EQ(ok.strides(), (nd::strides_t{P62, P31, 1}));
}

TEST(Sizes, AllocatorsRefuseCountsAndRoundingThatWrap) {
  using nd::detail::allocate_storage;
  // n * sizeof(T) overflowing is a value error of the count, before anything is allocated.
  golden::expect_error<nd::value_error>([] { allocate_storage<double, nd::device_space>(P61 + 1, nullptr); }, too_big);
  golden::expect_error<nd::value_error>([] { allocate_storage<double, nd::host_space>(P61, nullptr); }, too_big);
  golden::expect_error<nd::value_error>([] { allocate_storage<float, nd::host_space>(-1, nullptr); }, "negative");
  EXPECT_EQ((allocate_storage<double, nd::host_space>(0, nullptr)), nullptr); // no bytes: no buffer
  // The 64-byte rounding (bytes + 63) & ~63 wraps to 0 near SIZE_MAX: out of memory instead, on both allocators.
  const std::size_t huge[] = {SIZE_MAX, SIZE_MAX - 62, SIZE_MAX - 63, std::size_t(INT64_MAX) + 1, std::size_t(INT64_MAX) - 62};
  for (std::size_t b : huge) {
    EXPECT_THROW(nd::detail::host_allocate(b), nd::out_of_memory) << b;
    EXPECT_THROW(nd::detail::device_allocate(b, nullptr), nd::out_of_memory) << b;
  }
  // Small sizes still work and are 64-byte aligned, 0 included.
  for (std::size_t b : {std::size_t(0), std::size_t(1), std::size_t(63), std::size_t(65)}) {
    void* p = nd::detail::host_allocate(b);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % 64, 0u);
    nd::detail::host_deallocate(p);
  }
}

TEST(Sizes, ZerosOfRefusedShapesRaiseAndWriteNothing) {
  // Neighbours allocated before must keep their values: a fill of a too-small buffer would overwrite them.
  auto before_d = nd::full<double>(nd::device, {64}, 7.0);
  auto before_h = nd::full<double>(nd::host, {64}, 7.0);
  const nd::shape_t refused[] = {{P61 + 1}, {P61}, {0, P62, P62}, {P31, P31}, {4, -1}};
  for (const auto& sh : refused) {
    EXPECT_THROW(nd::zeros<double>(nd::device, sh), nd::value_error) << nd::shape_str(sh);
    EXPECT_THROW(nd::ones<double>(nd::host, sh), nd::value_error) << nd::shape_str(sh);
    EXPECT_THROW(nd::full<double>(nd::device, sh, 1.0), nd::value_error) << nd::shape_str(sh);
  }
  EXPECT_EQ(nd::to_vector(before_d), std::vector<double>(64, 7.0));
  EXPECT_EQ(nd::to_vector(before_h), std::vector<double>(64, 7.0));
}

TEST(Sizes, EyeAndLinspaceOfUnrepresentableSizesRaise) {
  // np.eye(2**31) (2**62 float64 = 2**65 bytes) and np.linspace(0, 1, 2**62) raise "array is too big".
  golden::expect_error<nd::value_error>([] { nd::eye<double>(nd::device, P31); }, too_big);
  golden::expect_error<nd::value_error>([] { nd::eye<double>(nd::host, 2, P62); }, too_big);
  golden::expect_error<nd::value_error>([] { nd::eye<double>(nd::host, -2); }, "negative dimensions");
  golden::expect_error<nd::value_error>([] { nd::linspace(nd::device, 0., 1., P62); }, too_big);
  golden::expect_error<nd::value_error>([] { nd::linspace<float>(nd::host, 0., 1., P61 + 1); }, too_big);
}

TEST(Sizes, ArangeRealLengthIsCheckedBeforeAnyConversion) {
  // NumPy: np.arange(0., 1e19) and np.arange(0., -1e19) -> "Maximum allowed size exceeded"; an infinite stop too;
  // np.arange(0., nan) -> "arange: cannot compute length".
  const char* max_size = "Maximum allowed size exceeded";
  golden::expect_error<nd::value_error>([] { nd::arange<double>(nd::device, 0., 1e19); }, "Maximum allowed size exceeded");
  golden::expect_error<nd::value_error>([] { nd::arange<double>(nd::host, 0., -1e19, 1.); }, max_size);
  golden::expect_error<nd::value_error>([] { nd::arange<double>(nd::host, 1e19); }, max_size);
  golden::expect_error<nd::value_error>([] { nd::arange<float>(nd::device, 0.f, 3e38f, 1.f); }, max_size);
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  golden::expect_error<nd::value_error>([&] { nd::arange<double>(nd::host, 0., inf); }, max_size);
  golden::expect_error<nd::value_error>([&] { nd::arange<double>(nd::host, 0., nan); }, "cannot compute length");
  golden::expect_error<nd::value_error>([&] { nd::arange<double>(nd::host, 0., inf, inf); }, "cannot compute length");
  // 2**63 rounds to exactly 9223372036854775808.0: not representable, refused (the conversion would be UB).
  golden::expect_error<nd::value_error>([] { nd::arange<double>(nd::host, 0., 9223372036854775808.0); }, max_size);
  // Representable lengths too large for memory are "array is too big" (2**62 float64).
  golden::expect_error<nd::value_error>([] { nd::arange<double>(nd::host, 0., 4611686018427387904.0); }, too_big);
  // NumPy's rules for a quotient that underflows or a step of inf: np.arange(0., 1e-320, 1e300) is [0.],
  // np.arange(0., -1e-320, 1e300) is [], np.arange(0., 1., inf) is [0.].
  EXPECT_EQ(nd::to_vector(nd::arange<double>(nd::host, 0., 1e-320, 1e300)), std::vector<double>{0.});
  EXPECT_EQ(nd::arange<double>(nd::host, 0., -1e-320, 1e300).size(), 0);
  EXPECT_EQ(nd::to_vector(nd::arange<double>(nd::device, 0., 1., inf)), std::vector<double>{0.});
}

TEST(Sizes, ArangeIntegerLengthAndValuesAreExact) {
  // np.arange(-2**63, 2**63 - 1, dtype=np.int64): 2**64 - 1 elements -> "Maximum allowed size exceeded".
  const char* max_size = "Maximum allowed size exceeded";
  golden::expect_error<nd::value_error>([] { nd::arange<i64>(nd::device, INT64_MIN, INT64_MAX); }, max_size);
  golden::expect_error<nd::value_error>([] { nd::arange<i64>(nd::host, INT64_MAX, INT64_MIN, -1); }, max_size);
  golden::expect_error<nd::value_error>([] { nd::arange<std::uint64_t>(nd::host, 0, UINT64_MAX); }, max_size);
  // Representable counts still need memory: 2**62 int64 elements are "array is too big".
  golden::expect_error<nd::value_error>([] { nd::arange<i64>(nd::host, 0, P62); }, too_big);
  // Edges, as NumPy: np.arange(2**63 - 3, 2**63 - 1, dtype=np.int64) -> [2**63 - 3, 2**63 - 2].
  EXPECT_EQ(nd::to_vector(nd::arange<i64>(nd::device, INT64_MAX - 2, INT64_MAX)),
            (std::vector<i64>{INT64_MAX - 2, INT64_MAX - 1}));
  EXPECT_EQ(nd::to_vector(nd::arange<i64>(nd::host, INT64_MIN + 1, INT64_MIN + 3, 1)),
            (std::vector<i64>{INT64_MIN + 1, INT64_MIN + 2}));
  EXPECT_EQ(nd::to_vector(nd::arange<i64>(nd::host, INT64_MIN + 2, INT64_MIN, -1)),
            (std::vector<i64>{INT64_MIN + 2, INT64_MIN + 1}));
  // The exact length ceil((2**64 - 1) / (2**63 - 1)) = 3 (NumPy divides in float64 here and gets 2; the
  // documented length is ceil((stop - start) / step)): -2**63, -1, 2**63 - 2, all below the stop.
  EXPECT_EQ(nd::to_vector(nd::arange<i64>(nd::device, INT64_MIN, INT64_MAX, INT64_MAX)),
            (std::vector<i64>{INT64_MIN, -1, INT64_MAX - 1}));
  // np.arange(2**64 - 4, 2**64 - 1, 2, dtype=np.uint64) -> [18446744073709551612, 18446744073709551614].
  EXPECT_EQ(nd::to_vector(nd::arange<std::uint64_t>(nd::host, UINT64_MAX - 3, UINT64_MAX, 2)),
            (std::vector<std::uint64_t>{UINT64_MAX - 3, UINT64_MAX - 1}));
  // Small types: np.arange(-128, 127, dtype=np.int8) has 255 elements -128 … 126; np.arange(127, -128, -1,
  // dtype=np.int8) 255 elements 127 … -127; np.arange(0, 255, dtype=np.uint8) 0 … 254; step 100: [-128, -28, 72].
  auto check_int = [](auto a, nd::index_t n, auto first, auto last) {
    using V  = decltype(first);
    auto got = nd::to_vector(a);
    ASSERT_EQ(static_cast<nd::index_t>(got.size()), n);
    for (nd::index_t i = 0; i < n; ++i)
      EXPECT_EQ(static_cast<int>(got[i]), static_cast<int>(first) + (first < last ? 1 : -1) * static_cast<int>(i));
    EXPECT_EQ(got.back(), static_cast<V>(last));
  };
  check_int(nd::arange<std::int8_t>(nd::device, -128, 127), 255, std::int8_t(-128), std::int8_t(126));
  check_int(nd::arange<std::int8_t>(nd::host, 127, -128, -1), 255, std::int8_t(127), std::int8_t(-127));
  check_int(nd::arange<std::uint8_t>(nd::device, 0, 255), 255, std::uint8_t(0), std::uint8_t(254));
  EXPECT_EQ(nd::to_vector(nd::arange<std::int8_t>(nd::host, -128, 127, 100)), (std::vector<std::int8_t>{-128, -28, 72}));
  EXPECT_EQ(nd::to_vector(nd::arange<std::int8_t>(nd::device, 127, -128, -127)), (std::vector<std::int8_t>{127, 0, -127}));
}

TEST(Sizes, WrapAndAdoptCheckTheShapeAgainstTheBuffer) {
  std::vector<double> v(6, 1.0);
  golden::expect_error<nd::value_error>([&] { nd::wrap(v, {0, P62, P62}); }, too_big);
  golden::expect_error<nd::value_error>([&] { nd::wrap(v, {-2, -3}); }, "negative dimensions");
  golden::expect_error<nd::shape_error>([&] { nd::wrap(v, {7}); }, "cannot reshape array of size 6 into shape (7,)");
  golden::expect_error<nd::value_error>([&] { nd::wrap<nd::host_space>(v.data(), {P61 + 1}); }, too_big);
  golden::expect_error<nd::value_error>([&] { nd::wrap<nd::device_space>(v.data(), {P31, P31}); }, too_big);
  // A product that wraps modulo 2**64 to the vector's size (2**32 * 2**32 * 6) is refused, not compared.
  golden::expect_error<nd::value_error>([&] { nd::wrap(v, {i64(1) << 32, i64(1) << 32, 6}); }, too_big);
  thrust::device_vector<float> dv(4);
  golden::expect_error<nd::value_error>([&] { nd::adopt(std::move(dv), {P31, P31, 0}); }, too_big);
  std::vector<int> sv(4);
  golden::expect_error<nd::shape_error>([&] { nd::adopt(std::move(sv), {5}); }, "cannot reshape array of size 4");
  EXPECT_EQ(nd::wrap(v, {2, 3}).size(), 6);
}

TEST(Sizes, NpyHeaderShapeIsCheckedWithTheItemsize) {
  auto npy = [](const std::string& dict) {
    std::string h = dict;
    while ((10 + h.size() + 1) % 64 != 0) h += ' ';
    h += '\n';
    std::string b = std::string("\x93NUMPY\x01\x00", 8);
    b += static_cast<char>(h.size() & 0xff);
    b += static_cast<char>(h.size() >> 8);
    return b + h;
  };
  const std::string path = ::testing::TempDir() + "ndthrust_sizes_" + std::to_string(std::random_device{}()) + ".npy";
  auto write = [&](const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  };
  // np.empty((0, 2**62, 2**62)) is refused by NumPy: its header is a format error naming the size, not a load.
  write(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4611686018427387904, 4611686018427387904), }"));
  golden::expect_error<nd::format_error>([&] { nd::read_npy_header(path); }, too_big);
  golden::expect_error<nd::format_error>([&] { nd::load_npy<double>(path); }, too_big);
  // (0, 2**31, 2**31) of float64 is 2**65 bytes: refused; of uint8 it is 2**62 bytes: a valid empty array.
  write(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 2147483648, 2147483648), }"));
  golden::expect_error<nd::format_error>([&] { nd::read_npy_header(path); }, too_big);
  write(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (0, 2147483648, 2147483648), }"));
  EXPECT_EQ(nd::read_npy_header(path).shape, (nd::shape_t{0, P31, P31}));
  auto a = nd::load_npy<std::uint8_t>(path);
  EXPECT_EQ(a.size(), 0);
  EXPECT_EQ(a.shape(), (nd::shape_t{0, P31, P31}));
  std::remove(path.c_str());
}

} // namespace

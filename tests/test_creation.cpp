// Creation: empty/zeros/ones/full, arange/linspace/eye against NumPy (golden/core/creation.txt), the *_like forms,
// arrays from host data, and adopting or wrapping Thrust and std vectors.
#include "golden/core/golden.h"
#include "support/dtypes.h"

#include <ndthrust/ndthrust.h>

#include <thrust/device_vector.h>
#include <thrust/host_vector.h>
#include <thrust/sequence.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

using i64 = std::int64_t;

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
  golden::expect_error([] { nd::arange<int>(nd::device, 0, 5, 0); }, "Maximum allowed size exceeded");
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

} // namespace

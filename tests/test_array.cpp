// The array object: sharing semantics, Thrust iterators over views, policies, element access, mdspan, 0-d, empty
// and rank-8 arrays, and the errors every header check raises (type and NumPy's wording).
#include "golden/core/golden.h"
#include "support/dtypes.h"

#include <ndthrust/ndthrust.h>

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/reduce.h>
#include <thrust/sort.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

TEST(Array, ZerosOnesFull) {
  auto a = nd::zeros<double>({2, 3});
  EXPECT_EQ(a.ndim(), 2);
  EXPECT_EQ(a.size(), 6);
  EXPECT_TRUE(a.is_contiguous());
  auto v = nd::to_vector(a);
  EXPECT_EQ(v, std::vector<double>(6, 0.0));
  EXPECT_EQ(nd::to_vector(nd::full<int>({4}, 7)), std::vector<int>(4, 7));
}

TEST(Array, SliceTransposeCopy) {
  auto a = nd::arange<int>(nd::device, 0, 12);
  auto m = nd::reshape(a, {3, 4});
  auto t = nd::transpose(m);
  EXPECT_FALSE(t.is_contiguous());
  auto c = nd::ascontiguousarray(t);
  EXPECT_EQ(nd::to_vector(c), (std::vector<int>{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}));
  auto s = m(nd::slice(nd::none, nd::none, -1), 1);
  EXPECT_EQ(nd::to_vector(s), (std::vector<int>{9, 5, 1}));
}

TEST(Array, HostDeviceRoundTrip) {
  std::vector<float> h(1000);
  std::iota(h.begin(), h.end(), 0.f);
  auto d = nd::asarray(nd::device, h);
  auto back = nd::to_host(d);
  EXPECT_EQ(std::vector<float>(back.raw(), back.raw() + back.size()), h);
}

// --- the array object ----------------------------------------------------------------------------------------------

namespace {

using nd::slice;
constexpr nd::index_t N = nd::none;

template <class T>
T val(int i) {
  return nd::detail::convert<T>(i);
}

using golden::expect_error;

template <class T>
class ArrayObject : public ::testing::Test {};
TYPED_TEST_SUITE(ArrayObject, ndtest::kind_dtypes);

TYPED_TEST(ArrayObject, CopiesShareDeepCopiesDoNot) {
  using T = TypeParam;
  auto a  = nd::zeros<T>({2, 3});
  auto b  = a; // like Python's `b = a`: a second handle on the same memory
  EXPECT_TRUE(b.shares_storage_with(a));
  b.at(1, 2) = val<T>(1);
  EXPECT_TRUE(static_cast<T>(a.at(1, 2)) == val<T>(1));
  auto c = nd::copy(a);
  EXPECT_FALSE(c.shares_storage_with(a));
  c.at(0, 0) = val<T>(1);
  EXPECT_TRUE(static_cast<T>(a.at(0, 0)) == val<T>(0));
  auto ct = nd::copy(nd::transpose(a)); // a deep copy of a view is C-contiguous
  EXPECT_TRUE(ct.is_contiguous());
  EXPECT_TRUE(static_cast<T>(ct.at(2, 1)) == val<T>(1));

  auto h  = nd::zeros<T>(nd::host, {3});
  auto h2 = h;
  h2.at(-1) = val<T>(1);
  EXPECT_TRUE(h.at(2) == val<T>(1));
  EXPECT_TRUE(h(2).item() == val<T>(1));
  EXPECT_TRUE(a(1, 2).item() == val<T>(1));
}

TYPED_TEST(ArrayObject, ZeroDimensionalAndEmpty) {
  using T = TypeParam;
  auto s  = nd::full<T>({}, val<T>(1));
  EXPECT_EQ(s.ndim(), 0);
  EXPECT_EQ(s.size(), 1);
  EXPECT_EQ(nd::shape_str(s.shape()), "()");
  EXPECT_TRUE(s.item() == val<T>(1));
  EXPECT_TRUE(static_cast<T>(s.at()) == val<T>(1));
  EXPECT_TRUE(s.is_contiguous() && s.is_f_contiguous());
  EXPECT_TRUE(s(nd::ellipsis).shares_storage_with(s));
  EXPECT_EQ(s(nd::newaxis).ndim(), 1);
  EXPECT_EQ(nd::to_vector(nd::reshape(s, {1, 1})).size(), 1u);
  expect_error<nd::index_error>([&] { s(0); }, "too many indices for array: array is 0-dimensional, but 1 were indexed");

  auto e = nd::zeros<T>({0, 3});
  EXPECT_EQ(e.size(), 0);
  EXPECT_EQ(e.nbytes(), 0u);
  EXPECT_TRUE(e.begin() == e.end());
  EXPECT_TRUE(nd::to_vector(e).empty());
  EXPECT_EQ(nd::shape_str(nd::reshape(e, {3, 0, 2}).shape()), "(3, 0, 2)");
  // NumPy cannot infer -1 next to a zero extent.
  expect_error<nd::shape_error>([&] { nd::reshape(e, {3, 0, -1}); }, "cannot reshape array of size 0");
  auto he = nd::to_host(nd::transpose(e));
  EXPECT_EQ(nd::shape_str(he.shape()), "(3, 0)");
  nd::copyto(nd::device, e, nd::ones<T>({3})); // nothing to do, and no error
  expect_error<nd::value_error>([&] { e.item(); }, "can only convert an array of size 1 to a scalar");
}

TEST(Array, IteratorsWorkWithThrust) {
  // Sort only the even positions of a device array through a strided view.
  auto a = nd::asarray(nd::device, {9, 100, 7, 101, 5, 102, 3, 103, 1, 104});
  auto v = a(slice(N, N, 2));
  thrust::sort(nd::device, v.begin(), v.end());
  EXPECT_EQ(nd::to_vector(a), (std::vector<int>{1, 100, 3, 101, 5, 102, 7, 103, 9, 104}));
  // Sorting a reversed view (the odd positions, last first) leaves them descending in the base.
  auto r = a(slice(N, N, -2));
  thrust::sort(thrust::device, r.begin(), r.end());
  EXPECT_EQ(nd::to_vector(a), (std::vector<int>{1, 104, 3, 103, 5, 102, 7, 101, 9, 100}));

  // reduce over a transposed view, copy out of a strided 2-d view.
  auto m = nd::reshape(nd::arange<double>(nd::device, 0.0, 12.0), {3, 4});
  auto t = nd::transpose(m(nd::all, slice(1, N, 2))); // columns 1 and 3: 1 5 9 3 7 11
  EXPECT_EQ(thrust::reduce(nd::device, t.begin(), t.end(), 0.0), 36.0);
  thrust::device_vector<double> out(t.size());
  thrust::copy(nd::par.on(nd::stream_t{}), t.begin(), t.end(), out.begin());
  nd::synchronize(nd::par.on(nd::stream_t{}));
  std::vector<double> got(out.size());
  thrust::copy(out.begin(), out.end(), got.begin());
  EXPECT_EQ(got, (std::vector<double>{1, 5, 9, 3, 7, 11}));

  // Host arrays with host policies.
  auto h = nd::reshape(nd::arange<int>(nd::host, 0, 6), {2, 3});
  auto c = nd::transpose(h);
  EXPECT_EQ(thrust::reduce(thrust::host, c.begin() + 2, c.end()), 15 - 3);
  std::vector<int> hc(6);
  thrust::copy(nd::host, c.begin(), c.end(), hc.begin());
  EXPECT_EQ(hc, (std::vector<int>{0, 3, 1, 4, 2, 5}));
  EXPECT_EQ(c.end() - c.begin(), 6);
}

TEST(Array, PoliciesInCreationAndCopies) {
  auto on_stream = nd::par.on(nd::stream_t{});
  auto a         = nd::arange<float>(on_stream, 0.f, 4.f);
  auto b         = nd::copy(on_stream, nd::flip(a));
  auto c         = nd::zeros<float>(thrust::device, {4});
  nd::copyto(thrust::device, c, b);
  nd::synchronize(on_stream);
  EXPECT_EQ(nd::to_vector(c), (std::vector<float>{3, 2, 1, 0}));
  auto h = nd::ones<float>(thrust::host, {2});
  nd::copyto(thrust::host, h, nd::full<float>(nd::host, {1}, 5.f));
  EXPECT_EQ(nd::to_vector(h), (std::vector<float>{5, 5}));
  nd::synchronize(nd::host); // a no-op, but it must compile and run
}

TEST(Array, ElementAccess) {
  auto a = nd::reshape(nd::arange<int>(nd::device, 0, 12), {3, 4});
  EXPECT_EQ(static_cast<int>(a.at(2, 3)), 11);
  EXPECT_EQ(static_cast<int>(a.at(-1, -4)), 8);
  a.at(0, 1) = -5;
  EXPECT_EQ(a(0, 1).item(), -5);
  EXPECT_EQ(a.shape(-1), 4);
  expect_error<nd::index_error>([&] { a.at(3, 0); }, "index 3 is out of bounds for axis 0 with size 3");
  expect_error<nd::index_error>([&] { a.at(0, -5); }, "index -5 is out of bounds for axis 1 with size 4");
  expect_error<nd::index_error>([&] { a.at(1); }, "array is 2-dimensional, but 1 were indexed");
  expect_error<nd::value_error>([&] { a.item(); }, "can only convert an array of size 1 to a scalar");
  auto h = nd::to_host(a);
  int& ref = h.at(1, 1); // host arrays give plain references
  ref      = 42;
  EXPECT_EQ(h.raw()[5], 42);
}

TEST(Array, Mdspan) {
  auto h  = nd::reshape(nd::arange<double>(nd::host, 0.0, 24.0), {2, 3, 4});
  auto v  = h(nd::all, slice(1), slice(N, N, 2)); // shape (2, 2, 2), strides (12, 4, 2), offset 4
  auto md = v.mdspan<3>();
  EXPECT_EQ(md.extent(0), 2);
  EXPECT_EQ(md.stride(0), 12);
  EXPECT_EQ(md.stride(2), 2);
  EXPECT_EQ(md(1, 1, 1), 4.0 + 12.0 + 4.0 + 2.0); // offset + one step of each stride
  EXPECT_EQ(md(0, 0, 0), 4.0);
  auto d  = nd::zeros<float>({5, 6});
  auto dm = nd::transpose(d).mdspan<2>();
  EXPECT_EQ(dm.extent(0), 6);
  EXPECT_EQ(dm.stride(0), 1);
  EXPECT_EQ(dm.stride(1), 6);
  EXPECT_EQ(dm.data_handle(), d.raw());
  expect_error<nd::value_error>([&] { d.mdspan<3>(); }, "mdspan<3> of a 2-dimensional array");
  expect_error<nd::value_error>([&] { nd::flip(d, 1).mdspan<2>(); }, "negative strides");
}

TEST(Array, RankEight) {
  nd::shape_t s8 = nd::shape_t::filled(8, 2);
  auto a         = nd::reshape(nd::arange<int>(nd::device, 0, 256), s8);
  EXPECT_EQ(a.ndim(), 8);
  EXPECT_EQ(static_cast<int>(a.at(1, 0, 1, 0, 1, 0, 1, 1)), 0b10101011);
  EXPECT_EQ(a(1, 1, 1, 1, 1, 1, 1, 1).item(), 255);
  // The full transpose reverses the bits of each position.
  auto t = nd::to_vector(nd::transpose(a));
  for (int p = 0; p < 256; ++p) {
    int rev = 0;
    for (int b = 0; b < 8; ++b) rev |= ((p >> b) & 1) << (7 - b);
    ASSERT_EQ(t[p], rev) << p;
  }
  auto h = nd::to_host(nd::flip(a, {0, 7}));
  EXPECT_EQ(h.at(0, 0, 0, 0, 0, 0, 0, 0), 0b10000001);
  expect_error<nd::value_error>([&] { a(nd::newaxis); }, "maximum supported dimension for an ndarray is 8");
  expect_error<nd::value_error>([&] { nd::expand_dims(a, 0); }, "maximum supported dimension for an ndarray is 8");
  expect_error<nd::value_error>([] { nd::zeros<int>({1, 1, 1, 1, 1, 1, 1, 1, 1}); },
                                "maximum supported dimension for an ndarray is 8, found 9");
}

TEST(Array, ErrorsUseNumPysWords) {
  auto a = nd::reshape(nd::arange<int>(nd::device, 0, 6), {2, 3});
  // Axes.
  expect_error<nd::axis_error>([&] { nd::swapaxes(a, 0, 3); }, "axis 3 is out of bounds for array of dimension 2");
  expect_error<nd::axis_error>([&] { nd::flip(a, -3); }, "axis -3 is out of bounds for array of dimension 2");
  expect_error<nd::axis_error>([&] { a.shape(2); }, "axis 2 is out of bounds for array of dimension 2");
  expect_error<nd::axis_error>([&] { nd::moveaxis(a, 0, 2); }, "axis 2 is out of bounds for array of dimension 2");
  expect_error<nd::axis_error>([&] { nd::squeeze(a, {5}); }, "axis 5 is out of bounds for array of dimension 2");
  expect_error<nd::value_error>([&] { nd::transpose(a, {0, 0}); }, "repeated axis");
  expect_error<nd::value_error>([&] { nd::transpose(a, {0}); }, "axes don't match array");
  expect_error<nd::value_error>([&] { nd::moveaxis(a, {0, 1}, {1}); }, "must have the same number of elements");
  // Indexing.
  expect_error<nd::index_error>([&] { a(2); }, "index 2 is out of bounds for axis 0 with size 2");
  expect_error<nd::index_error>([&] { a(nd::all, -4); }, "index -4 is out of bounds for axis 1 with size 3");
  expect_error<nd::index_error>([&] { a(0, 0, 0); },
                                "too many indices for array: array is 2-dimensional, but 3 were indexed");
  expect_error<nd::index_error>([&] { a(nd::ellipsis, 0, nd::ellipsis); }, "an index can only have a single ellipsis");
  expect_error<nd::value_error>([&] { a(slice(N, N, 0)); }, "slice step cannot be zero");
  // Shapes.
  auto v = nd::arange<int>(nd::device, 0, 6);
  expect_error<nd::shape_error>([&] { nd::reshape(v, {4}); }, "cannot reshape array of size 6 into shape (4,)");
  expect_error<nd::shape_error>([&] { nd::reshape(v, {-1, 4}); }, "cannot reshape array of size 6 into shape");
  expect_error<nd::value_error>([&] { nd::reshape(v, {-1, -1}); }, "can only specify one unknown dimension");
  expect_error<nd::value_error>([&] { nd::reshape(v, {-2, -3}); }, "negative dimensions not allowed");
  expect_error<nd::shape_error>([] { nd::broadcast_shapes({3, 4}, {5}); },
                                "operands could not be broadcast together with shapes");
  expect_error<nd::shape_error>([&] { nd::broadcast_to(a, {3}); }, "could not broadcast input array from shape");
  expect_error<nd::value_error>([] { nd::empty<int>({2, -1}); }, "negative dimensions are not allowed");
  expect_error<nd::value_error>([] { nd::check_shape({-1}); }, "negative dimensions are not allowed");
  expect_error<nd::value_error>([&] { nd::transpose(a).mdspan<1>(); }, "mdspan<1> of a 2-dimensional array");
  expect_error<nd::value_error>([&] { nd::copyto(nd::device, nd::diagonal(a), nd::zeros<int>({2})); },
                                "assignment destination is read-only");
  // Every ndthrust error is an nd::error (and a std::runtime_error).
  EXPECT_THROW(a(9), nd::error);
  EXPECT_THROW(a(9), std::runtime_error);
}

} // namespace

namespace {
/// Tests over more than 2^31 elements need about 4.5 GB: on by default on CUDA, opt-in (NDTHRUST_LARGE_TESTS=1) on
/// the host backend; NDTHRUST_LARGE_TESTS=0 turns them off (the GPU check does so under compute-sanitizer).
bool large_tests_enabled() {
  const char* env = std::getenv("NDTHRUST_LARGE_TESTS");
  if (env && *env) return std::string(env) != "0";
#if defined(NDTHRUST_BACKEND_CUDA)
  return true;
#else
  return false;
#endif
}
} // namespace

TEST(Array, OutOfMemoryIsBadAllocAndTheLibraryKeepsWorking) {
  const nd::index_t huge = nd::index_t(1) << 50; // 8 PiB of doubles: more than any machine holds
  EXPECT_THROW(nd::empty<double>({huge}), std::bad_alloc);
  try {
    nd::empty<double>({huge});
  } catch (const nd::out_of_memory& e) {
    EXPECT_NE(std::string(e.what()).find("out of"), std::string::npos) << e.what();
  }
  auto a = nd::arange<int>(nd::device, 0, 1000);
  auto b = nd::copy(nd::device, nd::flip(a));
  EXPECT_EQ(nd::to_vector(b)[0], 999);
  EXPECT_EQ(nd::to_vector(a)[999], 999);
}

TEST(Array, MoreThan2To31Elements) {
  if (!large_tests_enabled()) GTEST_SKIP() << "set NDTHRUST_LARGE_TESTS=1 to run (needs about 4.5 GB)";
  // Generic strided copy in 64-bit index math: (2, n/2) -> its transpose, n > 2^31.
  const nd::index_t half = (nd::index_t(1) << 30) + 32;
  auto a = nd::empty<std::int8_t>(nd::device, {2, half});
  nd::fill(nd::device, a(0), 1);
  nd::fill(nd::device, a(1), 2);
  nd::fill(nd::device, a(0, nd::slice(half - 3, nd::none)), 7);
  auto t = nd::ascontiguousarray(nd::transpose(a));
  ASSERT_EQ(t.size(), 2 * half);
  EXPECT_EQ(int(t.at(0, 0)), 1);
  EXPECT_EQ(int(t.at(0, 1)), 2);
  EXPECT_EQ(int(t.at(half - 1, 0)), 7);
  EXPECT_EQ(int(t.at(half - 4, 0)), 1);
  EXPECT_EQ(int(t.at(half - 1, 1)), 2);
  a = nd::device_array<std::int8_t>();
  t = nd::device_array<std::int8_t>();
  // Tiled transpose in 64-bit index math: 65600 x 32800 int8 (2.15e9 elements).
  const nd::index_t rows = 65600, cols = 32800;
  auto m = nd::empty<std::int8_t>(nd::device, {rows, cols});
  nd::fill(nd::device, m, 3);
  nd::fill(nd::device, m(rows - 1), 5);   // last row
  nd::fill(nd::device, m(nd::all, 7), 9); // column 7
  auto mt = nd::ascontiguousarray(nd::transpose(m));
  EXPECT_EQ(int(mt.at(cols - 1, rows - 1)), 5);
  EXPECT_EQ(int(mt.at(7, 12345)), 9);
  EXPECT_EQ(int(mt.at(8, rows - 2)), 3);
  EXPECT_EQ(int(mt.at(cols - 2, 0)), 3);
}

// at() hands out a writable reference: read-only views refuse it (NumPy's "assignment destination is read-only"),
// and are read with item(i, ...) instead.
TEST(Array, AtRefusesReadOnly) {
  auto a = nd::arange<double>(nd::device, 0.0, 3.0);
  auto b = nd::broadcast_to(a, {2, 3});
  expect_error<nd::value_error>([&] { b.at(1, 2) = 5.0; }, "assignment destination is read-only");
  EXPECT_EQ(b.item(1, 2), 2.0);
  EXPECT_EQ(nd::to_vector(a), (std::vector<double>{0, 1, 2}));
  auto m = nd::reshape(nd::arange<double>(nd::device, 0.0, 9.0), {3, 3});
  auto d = nd::diagonal(m);
  expect_error<nd::value_error>([&] { d.at(0) = 1.0; }, "assignment destination is read-only");
  EXPECT_EQ(d.item(2), 8.0);
  EXPECT_EQ(m.item(2, 2), 8.0);
  expect_error<nd::index_error>([&] { m.item(3, 0); }, "index 3 is out of bounds for axis 0 with size 3");
}

TEST(Array, AtUnsignedIndex) {
  auto h = nd::to_host(nd::arange<int>(nd::device, 0, 4));
  expect_error<nd::index_error>([&] { h.at(std::size_t(0) - 1); },
                                "index 18446744073709551615 is out of bounds for axis 0 with size 4");
  EXPECT_EQ(h.at(std::size_t(3)), 3);
  EXPECT_EQ(h.at(std::uint8_t(2)), 2);
  expect_error<nd::index_error>([&] { h.item(std::uint32_t(4)); }, "index 4 is out of bounds for axis 0 with size 4");
}

TEST(Array, MovedFromIsEmpty) {
  auto a = nd::reshape(nd::arange<double>(nd::device, 0.0, 12.0), {3, 4});
  auto b = std::move(a);
  EXPECT_EQ(a.size(), 0);
  EXPECT_EQ(a.shape(), (nd::shape_t{0}));
  EXPECT_EQ(a.begin(), a.end());
  auto c = a; // copying and using a moved-from array is fine
  EXPECT_EQ(nd::to_vector(c), std::vector<double>{});
  EXPECT_EQ(nd::sum(nd::device, a).item(), 0.0);
  EXPECT_EQ(b.size(), 12);
  nd::device_array<double> d;
  d = std::move(b);
  EXPECT_EQ(b.size(), 0);
  EXPECT_EQ(d.item(2, 3), 11.0);
  expect_error<nd::index_error>([&] { b.at(0); }, "index 0 is out of bounds for axis 0 with size 0");
}

// Transfers and copies: to_host / to_device / asarray across spaces with dtype conversion, contiguous and strided
// views in both directions, broadcasting and overlapping copyto, astype across kinds against NumPy
// (golden/core/transfer.txt), to_vector, and one transfer large enough to take the chunked staging path on CUDA.
#include "golden/core/golden.h"
#include "support/dtypes.h"

#include <ndthrust/ndthrust.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <functional>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

namespace {

using nd::slice;
constexpr nd::index_t N = nd::none;
using i64 = std::int64_t;

/// Host reference: element (i, j) of a rows×cols C-order matrix holding 0, 1, 2, ...
std::vector<double> iota_matrix(int rows, int cols) {
  std::vector<double> v(static_cast<std::size_t>(rows) * cols);
  std::iota(v.begin(), v.end(), 0.0);
  return v;
}

template <class T>
class RoundTrip : public ::testing::Test {};
TYPED_TEST_SUITE(RoundTrip, ndtest::kind_dtypes);

TYPED_TEST(RoundTrip, ContiguousAndStridedBothWays) {
  using T = TypeParam;
  auto h  = nd::empty<T>(nd::host, {4, 5});
  for (int i = 0; i < 20; ++i) h.raw()[i] = nd::detail::convert<T>(i % 7);
  auto d = nd::to_device(h);
  EXPECT_NE(static_cast<const void*>(d.raw()), static_cast<const void*>(h.raw())); // a copy, not an alias
  auto back = nd::to_host(d);
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(back.raw()[i] == h.raw()[i]) << i;

  // A transposed device view to the host, and a strided host view to the device.
  auto t = nd::to_host(nd::transpose(d));
  auto s = nd::to_device(h(slice(N, N, -2), slice(1, N, 2)));
  EXPECT_EQ(nd::shape_str(t.shape()), "(5, 4)");
  EXPECT_EQ(nd::shape_str(s.shape()), "(2, 2)");
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 4; ++j) EXPECT_TRUE(t.at(i, j) == h.at(j, i));
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) EXPECT_TRUE(static_cast<T>(s.at(i, j)) == h.at(3 - 2 * i, 1 + 2 * j));
}

TEST(Transfer, AsarraySharesOrConverts) {
  auto d = nd::zeros<float>({3});
  auto same = nd::asarray(nd::device, d);
  EXPECT_TRUE(same.shares_storage_with(d)); // NumPy's asarray: no copy when nothing changes
  auto h = nd::asarray(nd::host, d);
  static_assert(std::is_same_v<decltype(h), nd::host_array<float>>);
  auto hh = nd::asarray(nd::host, h);
  EXPECT_TRUE(hh.shares_storage_with(h));
  EXPECT_TRUE(nd::to_host(h).shares_storage_with(h));
  auto conv = nd::asarray<double>(nd::device, d);
  static_assert(std::is_same_v<decltype(conv), nd::device_array<double>>);
}

TEST(Transfer, StridedViewsWithConversionBothDirections) {
  // A transposed int64 device view lands in a float64 host array.
  auto m = nd::reshape(nd::arange<i64>(nd::device, 0, 12), {3, 4});
  auto t = nd::asarray<double>(nd::host, nd::transpose(m));
  auto ref = iota_matrix(3, 4);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_EQ(t.at(i, j), ref[j * 4 + i]);

  // A strided host slice (int32) into a reversed, strided view of a float64 device array.
  auto dst = nd::zeros<double>({4, 6});
  auto hsrc = nd::reshape(nd::arange<std::int32_t>(nd::host, 0, 24), {4, 6});
  nd::copyto(nd::device, dst(slice(1, N, 2), slice(N, N, -2)), hsrc(slice(N, 2), slice(N, 3)));
  auto got = nd::to_vector(dst);
  std::vector<double> want(24, 0.0);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) want[(1 + 2 * i) * 6 + (5 - 2 * j)] = i * 6 + j; // dst[1::2, ::-2] = src[:2, :3]
  EXPECT_EQ(got, want);

  // A device view with negative strides into a strided host view of another dtype.
  auto hdst = nd::zeros<float>(nd::host, {3, 8});
  nd::copyto(nd::device, hdst(nd::all, slice(N, N, 2)), nd::flip(m));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 8; ++j)
      EXPECT_EQ(hdst.at(i, j), j % 2 ? 0.f : static_cast<float>(ref[(2 - i) * 4 + (3 - j / 2)])) << i << "," << j;
}

TEST(Transfer, BroadcastingCopyto) {
  auto row = nd::asarray(nd::host, {1.0, 2.0, 3.0, 4.0});
  auto d   = nd::zeros<double>({3, 4});
  nd::copyto(nd::device, d, row); // host (4,) → device (3, 4)
  EXPECT_EQ(nd::to_vector(d), (std::vector<double>{1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4}));
  auto col = nd::reshape(nd::arange<int>(nd::device, 0, 3), {3, 1});
  nd::copyto(nd::device, d, col); // device (3, 1) → device (3, 4), int → double
  EXPECT_EQ(nd::to_vector(d), (std::vector<double>{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}));
  auto h = nd::zeros<std::int16_t>(nd::host, {2, 3});
  nd::copyto(nd::device, h, nd::full<double>({}, 7.9), nd::casting::unsafe); // 0-d everywhere, truncated (unsafe)
  EXPECT_EQ(nd::to_vector(h), std::vector<std::int16_t>(6, 7));
  nd::copyto(nd::host, h(nd::all, 1), nd::asarray(nd::host, {-1, -2}));
  EXPECT_EQ(nd::to_vector(h), (std::vector<std::int16_t>{7, -1, 7, 7, -2, 7}));

  try {
    nd::copyto(nd::device, d, nd::asarray(nd::host, {1.0, 2.0}));
    ADD_FAILURE() << "shapes (2,) and (3, 4) do not broadcast";
  } catch (const nd::shape_error& e) {
    EXPECT_NE(std::string(e.what()).find("could not broadcast input array from shape (2,) into shape (3, 4)"),
              std::string::npos)
      << e.what();
  }
  EXPECT_THROW(nd::copyto(nd::device, nd::broadcast_to(d(0), {3, 4}), row), nd::value_error); // read-only
  EXPECT_THROW(nd::copyto(nd::device, nd::zeros<double>(nd::host, {2}), d), nd::shape_error);
}

TEST(Transfer, OverlappingCopytoBehavesLikeNumPy) {
  // NumPy: a[1:] = a[:-1] reads every source element before any is overwritten.
  for (auto P : {0, 1}) {
    auto run = [&](auto policy) {
      auto a = nd::arange<int>(policy, 0, 8);
      nd::copyto(policy, a(slice(1)), a(slice(N, -1)));
      EXPECT_EQ(nd::to_vector(a), (std::vector<int>{0, 0, 1, 2, 3, 4, 5, 6}));
      a = nd::arange<int>(policy, 0, 8);
      nd::copyto(policy, a(slice(N, -1)), a(slice(1)));
      EXPECT_EQ(nd::to_vector(a), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 7}));
      a = nd::arange<int>(policy, 0, 8);
      nd::copyto(policy, a, a(slice(N, N, -1))); // a[:] = a[::-1]
      EXPECT_EQ(nd::to_vector(a), (std::vector<int>{7, 6, 5, 4, 3, 2, 1, 0}));
      auto m = nd::reshape(nd::arange<int>(policy, 0, 9), {3, 3});
      nd::copyto(policy, m, nd::transpose(m)); // m[:] = m.T
      EXPECT_EQ(nd::to_vector(m), (std::vector<int>{0, 3, 6, 1, 4, 7, 2, 5, 8}));
      m = nd::reshape(nd::arange<int>(policy, 0, 9), {3, 3});
      nd::copyto(policy, m(slice(1), nd::all), m(slice(N, -1), slice(N, N, -1)));
      EXPECT_EQ(nd::to_vector(m), (std::vector<int>{0, 1, 2, 2, 1, 0, 5, 4, 3}));
    };
    if (P == 0) run(nd::device);
    else run(nd::host);
  }
}

template <class To, class From>
void check_astype(const char* input, const char* name) {
  SCOPED_TRACE(name);
  const auto& c = golden::get("transfer.txt", name);
  auto d        = golden::input<From>(nd::device, "transfer.txt", input);
  auto h        = golden::input<From>(nd::host, "transfer.txt", input);
  golden::expect_values(c, nd::astype<To>(d));
  golden::expect_values(c, nd::astype<To>(nd::host, h));
  golden::expect_values(c, nd::asarray<To>(nd::host, d));   // converted on the way down
  golden::expect_values(c, nd::asarray<To>(nd::device, h)); // converted on the way up
  golden::expect_values(c, nd::astype<To>(nd::flip(nd::flip(d)))); // through the strided path
}

TEST(Transfer, AstypeAcrossKindsMatchesNumPy) {
  check_astype<std::int32_t, double>("in_f", "f64_to_i32");
  check_astype<i64, double>("in_f", "f64_to_i64");
  check_astype<std::uint8_t, double>("in_fu", "f64_to_u8");
  check_astype<float, double>("in_f", "f64_to_f32");
  check_astype<bool, std::int32_t>("in_i", "i32_to_bool");
  check_astype<std::uint8_t, std::int32_t>("in_i", "i32_to_u8");
  check_astype<std::int8_t, std::int32_t>("in_i", "i32_to_i8");
  check_astype<double, std::int32_t>("in_i", "i32_to_f64");
  check_astype<bool, double>("in_fb", "f64_to_bool");
  check_astype<double, nd::complex128>("in_c", "c128_to_f64");
  check_astype<std::int32_t, nd::complex128>("in_c", "c128_to_i32");
  check_astype<nd::complex64, nd::complex128>("in_c", "c128_to_c64");
  check_astype<bool, nd::complex128>("in_c", "c128_to_bool");
  check_astype<nd::complex128, double>("in_f", "f64_to_c128");
  check_astype<float, i64>("in_big", "i64_to_f32");
  check_astype<double, i64>("in_big", "i64_to_f64");
  check_astype<double, bool>("in_b", "bool_to_f64");
  check_astype<std::int32_t, bool>("in_b", "bool_to_i32");
}

TEST(Transfer, ToVector) {
  auto b = nd::asarray(nd::device, {true, false, true});
  auto v = nd::to_vector(b);
  static_assert(std::is_same_v<decltype(v), std::vector<char>>); // std::vector<bool> is not a container of bool
  EXPECT_EQ(v, (std::vector<char>{1, 0, 1}));
  auto m = nd::reshape(nd::arange<float>(nd::host, 0.f, 6.f), {2, 3});
  EXPECT_EQ(nd::to_vector(nd::transpose(m)), (std::vector<float>{0, 3, 1, 4, 2, 5})); // C order of the view
  EXPECT_TRUE(nd::to_vector(nd::zeros<int>({0, 3})).empty());
  EXPECT_EQ(nd::to_vector(nd::full<int>({}, 4)), std::vector<int>{4});
}

TEST(Transfer, LargeStagedTransfers) {
  // 3e6 doubles (24 MB): more than one 16 MB staging chunk on CUDA. The pattern catches lost, repeated or
  // misplaced chunks.
  const std::size_t n = 3'000'000;
  std::vector<double> src(n);
  for (std::size_t i = 0; i < n; ++i) src[i] = static_cast<double>(i) * 1.5 - static_cast<double>(i % 7) * 0.25;
  auto d = nd::asarray(nd::device, src);
  auto h = nd::to_host(d);
  ASSERT_EQ(h.size(), static_cast<nd::index_t>(n));
  std::size_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) bad += h.raw()[i] != src[i];
  EXPECT_EQ(bad, 0u);

  // Reversed on the device, then landed in every other element of a host array (packed and unpacked in chunks).
  auto wide = nd::zeros<double>(nd::host, {static_cast<nd::index_t>(2 * n)});
  nd::copyto(nd::device, wide(slice(N, N, 2)), d(slice(N, N, -1)));
  bad = 0;
  for (std::size_t i = 0; i < n; ++i) bad += wide.raw()[2 * i] != src[n - 1 - i] || wide.raw()[2 * i + 1] != 0.0;
  EXPECT_EQ(bad, 0u);

  // And back up: the strided host view into a strided device view.
  auto up = nd::zeros<double>({static_cast<nd::index_t>(n), 2});
  nd::copyto(nd::device, up(nd::all, 1), wide(slice(-2, N, -2))); // the even elements, reversed
  auto back = nd::to_vector(up);
  bad       = 0;
  for (std::size_t i = 0; i < n; ++i) bad += back[2 * i] != 0.0 || back[2 * i + 1] != src[i];
  EXPECT_EQ(bad, 0u);
}

} // namespace

// --- casting rules (NumPy's casting= of copyto and out=) ------------------------------------------------------------

namespace {
nd::dtype dtype_named(const std::string& name) {
  for (int k = 0; k <= static_cast<int>(nd::dtype::complex128); ++k)
    if (name == nd::dtype_str(static_cast<nd::dtype>(k))) return static_cast<nd::dtype>(k);
  ADD_FAILURE() << "unknown dtype " << name;
  return nd::dtype::bool_;
}
std::string cast_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const nd::dtype_error& e) {
    return e.what();
  }
  return "no error";
}
} // namespace

// golden/casting/casting.txt is np.can_cast(from, to, rule) for every pair and rule (gen_casting.py, NumPy 2).
TEST(Casting, TableMatchesNumPy) {
  std::ifstream in(std::string(NDTHRUST_GOLDEN_DIR) + "/casting/casting.txt");
  ASSERT_TRUE(in) << "missing golden/casting/casting.txt";
  const nd::casting rules[] = {nd::casting::no, nd::casting::equiv, nd::casting::safe, nd::casting::same_kind,
                               nd::casting::unsafe};
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string from, to;
    ls >> from >> to;
    nd::dtype f = dtype_named(from), t = dtype_named(to);
    for (nd::casting r : rules) {
      int expected = -1;
      ls >> expected;
      EXPECT_EQ(nd::can_cast(f, t, r), expected == 1) << from << " → " << to << " casting=" << nd::casting_name(r);
    }
    ++rows;
  }
  EXPECT_EQ(rows, 13 * 13);
  static_assert(nd::can_cast(nd::dtype::uint8, nd::dtype::int8, nd::casting::same_kind)); // usable at compile time
  static_assert(!nd::can_cast(nd::dtype::float64, nd::dtype::int64, nd::casting::same_kind));
}

TEST(Casting, CopytoFloatIntoIntRaises) {
  // NumPy: np.copyto(np.full(3, 5), np.array([1.5, 2.5, 3.5])) raises TypeError and leaves the destination as it was.
  auto dst = nd::full<i64>(nd::device, {3}, 5);
  auto src = nd::asarray(nd::device, std::vector<double>{1.5, 2.5, 3.5});
  EXPECT_EQ(cast_error([&] { nd::copyto(nd::device, dst, src); }),
            "Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'same_kind'");
  EXPECT_EQ(nd::to_vector(dst), (std::vector<i64>{5, 5, 5}));
  // Other rules and kinds, as np.can_cast: complex → real, int → uint and int → bool are not same_kind either.
  auto c = nd::zeros<nd::complex64>(nd::device, {3});
  EXPECT_EQ(cast_error([&] { nd::copyto(nd::device, nd::empty<float>(nd::device, {3}), c); }),
            "Cannot cast array data from dtype('complex64') to dtype('float32') according to the rule 'same_kind'");
  EXPECT_THROW(nd::copyto(nd::device, nd::empty<std::uint32_t>(nd::device, {3}), dst), nd::dtype_error);
  EXPECT_THROW(nd::copyto(nd::device, nd::empty<bool>(nd::device, {3}), dst), nd::dtype_error);
  EXPECT_EQ(cast_error([&] { nd::copyto(nd::device, nd::empty<i64>(nd::device, {3}), nd::zeros<std::int32_t>(nd::device, {3}), nd::casting::equiv); }),
            "Cannot cast array data from dtype('int32') to dtype('int64') according to the rule 'equiv'");
  EXPECT_THROW(nd::copyto(nd::device, nd::empty<float>(nd::device, {3}), src, nd::casting::safe), nd::dtype_error);
  // Allowed under same_kind: float64 → float32 (narrower, same kind), uint8 → int8, bool → anything, int → float.
  auto f32 = nd::empty<float>(nd::device, {3});
  nd::copyto(nd::device, f32, src);
  EXPECT_EQ(nd::to_vector(f32), (std::vector<float>{1.5f, 2.5f, 3.5f}));
  auto i8 = nd::empty<std::int8_t>(nd::device, {3});
  nd::copyto(nd::device, i8, nd::full<std::uint8_t>(nd::device, {3}, 200)); // wraps, as NumPy's -56
  EXPECT_EQ(nd::to_vector(i8), (std::vector<std::int8_t>{-56, -56, -56}));
  auto d = nd::empty<double>(nd::device, {3});
  nd::copyto(nd::device, d, dst);
  EXPECT_EQ(nd::to_vector(d), (std::vector<double>{5, 5, 5}));
}

TEST(Casting, CopytoUnsafeTruncates) {
  // NumPy: np.copyto(i, np.array([1.5, -2.7, 3.9]), casting='unsafe') → [1, -2, 3]; broadcasting still applies.
  auto dst = nd::zeros<i64>(nd::device, {2, 3});
  auto src = nd::asarray(nd::device, std::vector<double>{1.5, -2.7, 3.9});
  nd::copyto(nd::device, dst, src, nd::casting::unsafe);
  EXPECT_EQ(nd::to_vector(dst), (std::vector<i64>{1, -2, 3, 1, -2, 3}));
  // astype is unsafe by definition (NumPy's default casting for astype).
  EXPECT_EQ(nd::to_vector(nd::astype<i64>(nd::device, src)), (std::vector<i64>{1, -2, 3}));
  // complex → real keeps the real part under unsafe.
  auto re = nd::empty<double>(nd::device, {1});
  nd::copyto(nd::device, re, nd::full<nd::complex128>(nd::device, {1}, nd::complex128(2.0, 3.0)), nd::casting::unsafe);
  EXPECT_EQ(nd::to_vector(re), (std::vector<double>{2.0}));
}

TEST(Casting, TransferIntoExisting) {
  // Host → device and device → host copyto into existing arrays apply copyto's same_kind rule before anything moves.
  auto hsrc = nd::asarray(nd::host, std::vector<double>{0.5, 1.5});
  auto ddst = nd::full<std::int32_t>(nd::device, {2}, 9);
  EXPECT_EQ(cast_error([&] { nd::copyto(nd::device, ddst, hsrc); }),
            "Cannot cast array data from dtype('float64') to dtype('int32') according to the rule 'same_kind'");
  EXPECT_EQ(nd::to_vector(ddst), (std::vector<std::int32_t>{9, 9}));
  nd::copyto(nd::device, ddst, hsrc, nd::casting::unsafe);
  EXPECT_EQ(nd::to_vector(ddst), (std::vector<std::int32_t>{0, 1}));

  auto dsrc = nd::asarray(nd::device, std::vector<float>{2.25f, -1.75f});
  auto hdst = nd::full<std::int16_t>(nd::host, {2}, 4);
  EXPECT_EQ(cast_error([&] { nd::copyto(nd::device, hdst, dsrc); }),
            "Cannot cast array data from dtype('float32') to dtype('int16') according to the rule 'same_kind'");
  EXPECT_EQ(nd::to_vector(hdst), (std::vector<std::int16_t>{4, 4}));
  nd::copyto(nd::device, hdst, dsrc, nd::casting::unsafe);
  EXPECT_EQ(nd::to_vector(hdst), (std::vector<std::int16_t>{2, -1}));

  // Same kind is fine across spaces: int32 on the device into an int64 host array, float32 into float64.
  auto wide = nd::zeros<i64>(nd::host, {2});
  nd::copyto(nd::device, wide, ddst);
  EXPECT_EQ(nd::to_vector(wide), (std::vector<i64>{0, 1}));
  auto dd = nd::zeros<double>(nd::device, {2});
  nd::copyto(nd::device, dd, nd::asarray(nd::host, std::vector<float>{0.5f, 1.5f}));
  EXPECT_EQ(nd::to_vector(dd), (std::vector<double>{0.5, 1.5}));
  // asarray with an explicit dtype converts as astype (unsafe), across spaces too.
  EXPECT_EQ(nd::to_vector(nd::asarray<i64>(nd::device, hsrc)), (std::vector<i64>{0, 1}));
}

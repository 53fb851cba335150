// nd::fft::hfft / ihfft and integer inputs against numpy.fft golden data (tests/golden/linalg/make_golden.py).
#include "fixture.h"

#include <cstdint>
#include <vector>

namespace {

template <class C>
struct Hermitian : FftCase<C> {};
TYPED_TEST_SUITE(Hermitian, fft_complex_types);

TYPED_TEST(Hermitian, AgainstNumpy) {
  using C = TypeParam;
  using R = typename TestFixture::R;
  namespace F = nd::fft;
  const auto& p = nd::device;
  auto a = golden::gen<C>(p, {3, 8}, 1);
  auto h = F::hfft(p, a);
  static_assert(std::is_same_v<typename decltype(h)::value_type, R>);
  this->check(h, "hfft");
  this->check(F::hfft(p, a, 10, 0, "ortho"), "hfft_n10_ax0_ortho");
  auto r = golden::gen<R>(p, {4, 7}, 2);
  auto ih = F::ihfft(p, r);
  static_assert(std::is_same_v<typename decltype(ih)::value_type, C>);
  this->check(ih, "ihfft");
  this->check(F::ihfft(p, r, 5, -1, "forward"), "ihfft_n5_fwd");
  // A transposed (strided) input gives the transposed result, and the input is not changed.
  auto before = nd::to_vector(a);
  this->check(nd::transpose(F::hfft(p, nd::transpose(a), -1, 0)), "hfft");
  EXPECT_EQ(nd::to_vector(a), before);
  // Round trip: hfft(ihfft(r), n) == r.
  golden::expect_close(F::hfft(p, F::ihfft(p, r), 7), nd::to_host(r), 10 * this->tol(), "hfft(ihfft(r))");
}

TEST(FftIntegers, ComputeInDoublePrecision) {
  namespace F = nd::fft;
  const auto& p = nd::device;
  std::vector<std::int32_t> v(28);
  for (int k = 0; k < 28; ++k) v[k] = k % 5 - 2;
  auto ri = nd::asarray(p, v, {4, 7});
  auto f  = F::fft(p, ri);
  static_assert(std::is_same_v<decltype(f), nd::device_array<nd::complex128>>);
  golden::expect_close(f, golden::load<nd::complex128>("fft_c16.txt", "fft_int"), 1e-12, "fft_int");
  auto rf = F::rfft(p, ri, -1, 0);
  static_assert(std::is_same_v<decltype(rf), nd::device_array<nd::complex128>>);
  golden::expect_close(rf, golden::load<nd::complex128>("fft_c16.txt", "rfft_int"), 1e-12, "rfft_int");
  golden::expect_close(F::rfftn(p, ri), golden::load<nd::complex128>("fft_c16.txt", "rfftn_int"), 1e-12, "rfftn_int");
  golden::expect_close(F::ihfft(p, ri), golden::load<nd::complex128>("fft_c16.txt", "ihfft_int"), 1e-12, "ihfft_int");
  // irfft of a real array: NumPy treats it as complex with zero imaginary parts.
  auto ir = F::irfft(p, nd::astype<double>(p, ri));
  static_assert(std::is_same_v<decltype(ir), nd::device_array<double>>);
  golden::expect_close(ir, golden::load<double>("fft_c16.txt", "irfft_real"), 1e-12, "irfft_real");
  auto b = F::fft(p, nd::full<bool>(p, {4}, true));
  static_assert(std::is_same_v<decltype(b), nd::device_array<nd::complex128>>);
  EXPECT_EQ(nd::to_vector(b)[0], nd::complex128(4, 0));
}

TEST(FftErrors, HermitianArguments) {
  auto a = nd::zeros<nd::complex64>({4});
  EXPECT_THROW(nd::fft::hfft(nd::device, a, 0), nd::value_error);
  EXPECT_THROW(nd::fft::hfft(nd::device, a, -1, 1), nd::axis_error);
  try {
    nd::fft::hfft(nd::device, a, -1, -1, "sideways");
    FAIL() << "a bad norm must raise";
  } catch (const nd::value_error& e) {
    EXPECT_NE(std::string(e.what()).find("Invalid norm value sideways"), std::string::npos) << e.what();
  }
  EXPECT_THROW(nd::fft::ihfft(nd::device, nd::zeros<float>({4}), -1, -1, "sideways"), nd::value_error);
  EXPECT_THROW(nd::fft::ihfft(nd::device, nd::zeros<float>({4}), 0), nd::value_error);
}

} // namespace

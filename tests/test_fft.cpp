// nd::fft against numpy.fft golden data (tests/golden/linalg/fft_*.txt) in single and double precision: n
// (padding and truncation), axis / axes, norm, real transforms, frequencies, shifts, round trips and errors.
#include <ndthrust/fft.h>

#include "test_fft/fixture.h"

namespace {

template <class C>
struct Fft : FftCase<C> {};
TYPED_TEST_SUITE(Fft, fft_complex_types);

TYPED_TEST(Fft, ComplexTransforms) {
  using C = TypeParam;
  namespace F = nd::fft;
  auto a = golden::gen<C>(nd::device, {3, 8}, 1);
  const auto& p = nd::device;
  this->check(F::fft(p, a), "fft");
  this->check(F::ifft(p, a), "ifft");
  this->check(F::fft(p, a, 5, 0), "fft_n5_ax0");
  this->check(F::fft(p, a, 12, -1, "ortho"), "fft_n12_ortho");
  this->check(F::ifft(p, a, -1, -1, "forward"), "ifft_fwd");
  this->check(F::fft2(p, a), "fft2");
  this->check(F::ifft2(p, a), "ifft2");
  this->check(F::ifftn(p, a, {}, {0}), "ifftn_ax0");
  this->check(F::fftn(p, a, {4, 6}, {0, 1}), "fftn_s");
  this->check(F::irfft(p, a), "irfft");
  this->check(F::irfft(p, a, 9), "irfft_n9");
  this->check(F::fftshift(p, a), "fftshift");
  this->check(F::ifftshift(p, a, {1}), "ifftshift_ax1");
  // A transposed (strided) input gives the transposed result.
  this->check(nd::transpose(F::fft(p, nd::transpose(a), -1, 0)), "fft");
}

TYPED_TEST(Fft, RealTransforms) {
  using C = TypeParam;
  using R = typename TestFixture::R;
  namespace F = nd::fft;
  const auto& p = nd::device;
  auto r = golden::gen<R>(p, {4, 7}, 2);
  this->check(F::rfft(p, r), "rfft");
  this->check(F::rfft(p, r, 6, 0), "rfft_ax0_n6");
  this->check(F::rfftn(p, r), "rfftn");
  this->check(F::fft(p, r), "fft_real");
  auto back = F::irfftn(p, F::rfftn(p, r), {4, 7});
  golden::expect_close(back, nd::to_host(r), 10 * this->tol(), "irfftn(rfftn(r))");
  auto c = golden::gen<C>(p, {5, 6}, 3);
  golden::expect_close(F::ifft(p, F::fft(p, c)), nd::to_host(c), 10 * this->tol(), "ifft(fft(c))");
  golden::expect_close(F::ifftn(p, F::fftn(p, c, {}, {}, "ortho"), {}, {}, "ortho"), nd::to_host(c), 10 * this->tol(),
                       "ifftn(fftn(c)) ortho");
}

TEST(FftFreq, AgainstNumpy) {
  golden::expect_close(nd::fft::fftfreq(nd::device, 8, 0.5), golden::load<double>("fft_c16.txt", "fftfreq8"), 1e-12,
                       "fftfreq8");
  golden::expect_close(nd::fft::fftfreq(nd::device, 7), golden::load<double>("fft_c16.txt", "fftfreq7"), 1e-12,
                       "fftfreq7");
  golden::expect_close(nd::fft::rfftfreq(nd::device, 9, 2.0), golden::load<double>("fft_c16.txt", "rfftfreq9"),
                       1e-12, "rfftfreq9");
}

TEST(FftErrors, BadArguments) {
  auto a = nd::zeros<nd::complex64>({4});
  EXPECT_THROW(nd::fft::fft(nd::device, a, 0), nd::value_error);
  EXPECT_THROW(nd::fft::fft(nd::device, a, -1, 1), nd::axis_error);
  EXPECT_THROW(nd::fft::fft(nd::device, a, -1, -1, "sideways"), nd::value_error);
}

TEST(FftHost, HostArrays) {
  auto h = golden::gen<nd::complex128>(nd::host, {3, 8}, 1);
  try {
    golden::expect_close(nd::fft::fft(nd::host, h), golden::load<nd::complex128>("fft_c16.txt", "fft"), 1e-12, "host");
  } catch (const nd::error& e) {
    EXPECT_NE(std::string(e.what()).find("kissfft"), std::string::npos) << e.what();
  }
}

} // namespace

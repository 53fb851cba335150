// The fixture of the typed FFT tests (test_fft.cpp, test_fft/*.cpp): golden file, tolerance and check per precision.
#pragma once

#include <ndthrust/fft.h>

#include "golden/linalg/golden_linalg.h"

#include <string>
#include <type_traits>

template <class C>
struct FftCase : ::testing::Test {
  using R = typename C::value_type;
  static std::string file() { return std::is_same_v<R, float> ? "fft_c8.txt" : "fft_c16.txt"; }
  static double tol() { return std::is_same_v<R, float> ? 2e-5 : 1e-12; }
  template <class U, class S>
  static void check(const nd::array<U, S>& got, const std::string& name) {
    golden::expect_close(got, golden::load<U>(file(), name), tol(), name);
  }
};
using fft_complex_types = ::testing::Types<nd::complex64, nd::complex128>;

// ndthrust/ops/arithmetic.h — add … power, negative … square, maximum/minimum/fmax/fmin and clip.
//
// Integer arithmetic wraps (two's complement) as NumPy's does. Integer division by zero gives 0 in floor_divide,
// remainder and fmod (NumPy's result; NumPy also warns, a kernel cannot). INT_MIN // -1 gives INT_MIN.
#pragma once

#include <ndthrust/detail/ufuncs/base.h>

namespace nd::detail {

/// NumPy's npy_divmod for reals: Python's floor division and modulo (the remainder takes the divisor's sign).
template <class T>
NDTHRUST_HD T real_divmod(T a, T b, T& mod) {
  mod = ::cuda::std::fmod(a, b);
  if (b == T(0)) return a / b; // mod is fmod's NaN
  T div = (a - mod) / b;
  if (mod != T(0)) {
    if ((b < T(0)) != (mod < T(0))) {
      mod += b;
      div -= T(1);
    }
  } else {
    mod = ::cuda::std::copysign(T(0), b);
  }
  T floordiv;
  if (div != T(0)) {
    floordiv = ::cuda::std::floor(div);
    if (div - floordiv > T(0.5)) floordiv += T(1);
  } else {
    floordiv = ::cuda::std::copysign(T(0), a / b);
  }
  return floordiv;
}

template <class T>
NDTHRUST_HD T int_floor_divide(T a, T b) {
  if (b == T(0)) return T(0);
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1)) return wrap_sub(T(0), a); // INT_MIN // -1 wraps to INT_MIN
    T q = static_cast<T>(a / b);
    if (static_cast<T>(a % b) != T(0) && ((a < T(0)) != (b < T(0)))) --q;
    return q;
  } else {
    return static_cast<T>(a / b);
  }
}

template <class T>
NDTHRUST_HD T int_remainder(T a, T b) {
  if (b == T(0)) return T(0);
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1)) return T(0);
    T r = static_cast<T>(a % b);
    if (r != T(0) && ((r < T(0)) != (b < T(0)))) r = static_cast<T>(r + b);
    return r;
  } else {
    return static_cast<T>(a % b);
  }
}

/// Integer power by squaring, wrapping like NumPy. A negative exponent (NumPy raises ValueError, a kernel cannot)
/// gives the integer part of the exact result: 1 for base 1, ±1 for base -1, otherwise 0.
template <class T>
NDTHRUST_HD T int_power(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    if (b < T(0)) return a == T(1) ? T(1) : a == T(-1) ? ((b & T(1)) ? T(-1) : T(1)) : T(0);
  }
  wrap_t<T> base = static_cast<wrap_t<T>>(a), r = 1;
  auto e         = static_cast<wrap_t<T>>(b);
  while (e) {
    if (e & 1u) r *= base;
    base *= base;
    e >>= 1;
  }
  return static_cast<T>(r);
}

/// NumPy's complex division (Smith's algorithm: scales by the larger part of the divisor, so no overflow).
template <class C>
NDTHRUST_HD C complex_divide(C a, C b) {
  using R = typename C::value_type;
  R ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
  R abs_br = ::cuda::std::fabs(br), abs_bi = ::cuda::std::fabs(bi);
  if (abs_br >= abs_bi) {
    if (abs_br == R(0) && abs_bi == R(0)) return C(ar / abs_br, ai / abs_bi); // NaN / inf as IEEE gives them
    R rat = bi / br, scl = R(1) / (br + bi * rat);
    return C((ar + ai * rat) * scl, (ai - ar * rat) * scl);
  }
  R rat = br / bi, scl = R(1) / (bi + br * rat);
  return C((ar * rat + ai) * scl, (ai * rat - ar) * scl);
}

/// NumPy's complex power: exact repeated multiplication for small integral exponents, exp(b log a) otherwise.
template <class C>
NDTHRUST_HD C complex_power(C a, C b) {
  using R = typename C::value_type;
  if (b.real() == R(0) && b.imag() == R(0)) return C(1, 0);
  if (a.real() == R(0) && a.imag() == R(0)) {
    if (b.real() > R(0) && b.imag() == R(0)) return C(0, 0);
    R nan = ::cuda::std::numeric_limits<R>::quiet_NaN();
    return C(nan, nan);
  }
  if (b.imag() == R(0) && b.real() > R(-100) && b.real() < R(100) && b.real() == ::cuda::std::trunc(b.real())) {
    int n = static_cast<int>(b.real());
    if (n == 1) return a;
    if (n == 2) return a * a;
    if (n == 3) return a * a * a;
    if (n > -100 && n < 100) {
      unsigned m = n < 0 ? unsigned(-n) : unsigned(n);
      C r(1, 0), p = a;
      for (unsigned mask = 1; mask <= m; mask <<= 1) {
        if (m & mask) r = r * p;
        p = p * p;
      }
      return n < 0 ? complex_divide(C(1, 0), r) : r;
    }
  }
  return thrust::pow(a, b);
}

template <class T>
NDTHRUST_HD T max_propagate(T a, T b) { // NaN wins; ties give the second operand, as NumPy's loops do
  if constexpr (is_complex_v<T>) {
    if (is_nan(a)) return a;
    if (is_nan(b)) return b;
    return lex_less_equal(b, a) ? a : b; // complex ties give the first operand
  } else {
    return (a > b || is_nan(a)) ? a : b;
  }
}
template <class T>
NDTHRUST_HD T min_propagate(T a, T b) {
  if constexpr (is_complex_v<T>) {
    if (is_nan(a)) return a;
    if (is_nan(b)) return b;
    return lex_less_equal(a, b) ? a : b;
  } else {
    return (a < b || is_nan(a)) ? a : b;
  }
}
template <class T>
NDTHRUST_HD T max_ignore(T a, T b) { // NaN loses unless both are NaN; ties as in max_propagate
  if (is_nan(b)) return a;
  if (is_nan(a)) return b;
  return max_propagate(a, b);
}
template <class T>
NDTHRUST_HD T min_ignore(T a, T b) {
  if (is_nan(b)) return a;
  if (is_nan(a)) return b;
  return min_propagate(a, b);
}

} // namespace nd::detail

namespace nd::ops {

// --- binary --------------------------------------------------------------------------------------------------------
/// a + b (logical or for bool).
NDTHRUST_UFUNC2(add, same_loop, accepts_all, {
  if constexpr (std::is_same_v<T, bool>) return a || b;
  else if constexpr (detail::is_int_v<T>) return detail::wrap_add(a, b);
  else return a + b;
})
/// a - b (NumPy rejects bool).
NDTHRUST_UFUNC2(subtract, same_loop, accepts_numeric, {
  if constexpr (detail::is_int_v<T>) return detail::wrap_sub(a, b);
  else return a - b;
})
/// a * b (logical and for bool).
NDTHRUST_UFUNC2(multiply, same_loop, accepts_all, {
  if constexpr (std::is_same_v<T, bool>) return a && b;
  else if constexpr (detail::is_int_v<T>) return detail::wrap_mul(a, b);
  else return a * b;
})
/// a / b; integers and bool divide in float64.
NDTHRUST_UFUNC2(true_divide, double_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return detail::complex_divide(a, b);
  else return a / b;
})
using divide = true_divide;
/// Floor of a / b (Python's //).
NDTHRUST_UFUNC2(floor_divide, int_loop, accepts_noncomplex, {
  if constexpr (detail::is_int_v<T>) {
    return detail::int_floor_divide(a, b);
  } else {
    if (b == T(0)) return a / b;
    T mod;
    return detail::real_divmod(a, b, mod);
  }
})
/// Python's a % b: the result has the divisor's sign.
NDTHRUST_UFUNC2(remainder, int_loop, accepts_noncomplex, {
  if constexpr (detail::is_int_v<T>) {
    return detail::int_remainder(a, b);
  } else {
    if (b == T(0)) return ::cuda::std::fmod(a, b);
    T mod;
    detail::real_divmod(a, b, mod);
    return mod;
  }
})
using mod = remainder;
/// C's fmod: the result has the dividend's sign.
NDTHRUST_UFUNC2(fmod, int_loop, accepts_noncomplex, {
  if constexpr (detail::is_int_v<T>) {
    if (b == T(0)) return T(0);
    if constexpr (std::is_signed_v<T>) {
      if (b == T(-1)) return T(0);
    }
    return static_cast<T>(a % b);
  } else {
    return ::cuda::std::fmod(a, b);
  }
})
/// a ** b. Integers to negative powers: see detail::int_power (NumPy raises ValueError).
NDTHRUST_UFUNC2(power, int_loop, accepts_all, {
  if constexpr (detail::is_int_v<T>) return detail::int_power(a, b);
  else if constexpr (is_complex_v<T>) return detail::complex_power(a, b);
  else return ::cuda::std::pow(a, b);
})
/// a ** b in float64 (complex128 for complex inputs).
struct float_power : detail::ufunc_base<float_power> {
  template <class T>
  using loop = std::conditional_t<is_complex_v<T>, complex128, double>;
  template <class T>
  static constexpr bool accepts = true;
  template <class T>
  NDTHRUST_HD static auto apply(T a, T b) {
    if constexpr (is_complex_v<T>) return detail::complex_power(a, b);
    else return ::cuda::std::pow(a, b);
  }
};
/// Element-wise maximum; NaN propagates (either operand).
NDTHRUST_UFUNC2(maximum, same_loop, accepts_all, { return detail::max_propagate(a, b); })
NDTHRUST_UFUNC2(minimum, same_loop, accepts_all, { return detail::min_propagate(a, b); })
/// Element-wise maximum ignoring NaN (NaN only when both are).
NDTHRUST_UFUNC2(fmax, same_loop, accepts_all, { return detail::max_ignore(a, b); })
NDTHRUST_UFUNC2(fmin, same_loop, accepts_all, { return detail::min_ignore(a, b); })

/// minimum(maximum(a, lo), hi), NaN propagating (NumPy 2's clip).
struct clip : detail::ufunc_base<clip>, detail::same_loop {
  template <class T>
  static constexpr bool accepts = true;
  template <class T>
  NDTHRUST_HD static T apply(T a, T lo, T hi) {
    return detail::min_propagate(detail::max_propagate(a, lo), hi);
  }
};

// --- unary ---------------------------------------------------------------------------------------------------------
NDTHRUST_UFUNC1(negative, same_loop, accepts_numeric, {
  if constexpr (detail::is_int_v<T>) return detail::wrap_sub(T(0), a);
  else return -a;
})
NDTHRUST_UFUNC1(positive, same_loop, accepts_numeric, { return a; })
/// |a|; complex → its real type. abs(INT_MIN) wraps to INT_MIN as in NumPy.
NDTHRUST_UFUNC1(absolute, same_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return thrust::abs(a);
  else if constexpr (std::is_same_v<T, bool> || std::is_unsigned_v<T>) return a;
  else if constexpr (detail::is_int_v<T>) return a < T(0) ? detail::wrap_sub(T(0), a) : a;
  else return ::cuda::std::fabs(a);
})
using abs = absolute;
/// -1, 0 or 1 (NaN for NaN, 0 for -0.0); complex: z / |z| (NumPy 2), 0 for 0.
NDTHRUST_UFUNC1(sign, same_loop, accepts_numeric, {
  if constexpr (is_complex_v<T>) {
    using R = typename T::value_type;
    R nan   = ::cuda::std::numeric_limits<R>::quiet_NaN();
    if (detail::is_nan(a)) return T(nan, nan);
    bool ir = ::cuda::std::isinf(a.real()), ii = ::cuda::std::isinf(a.imag());
    if (ir && ii) return T(nan, nan);
    if (ir) return T(::cuda::std::copysign(R(1), a.real()), R(0));
    if (ii) return T(R(0), ::cuda::std::copysign(R(1), a.imag()));
    R m = thrust::abs(a);
    if (m == R(0)) return T(0, 0);
    return T(a.real() / m, a.imag() / m);
  } else if constexpr (detail::is_real_v<T>) {
    return a > T(0) ? T(1) : a < T(0) ? T(-1) : a == T(0) ? T(0) : a;
  } else if constexpr (std::is_unsigned_v<T>) {
    return static_cast<T>(a > T(0));
  } else {
    return static_cast<T>((a > T(0)) - (a < T(0)));
  }
})
/// 1 / a. Integers: the integer part (0 unless |a| is 1); 1 / 0 gives 0 (NumPy: an undefined cast).
NDTHRUST_UFUNC1(reciprocal, int_loop, accepts_all, {
  if constexpr (detail::is_int_v<T>) {
    if constexpr (std::is_signed_v<T>) return a == T(1) ? T(1) : a == T(-1) ? T(-1) : T(0);
    else return a == T(1) ? T(1) : T(0);
  } else if constexpr (is_complex_v<T>) { // NumPy's loop, so that 1/0 is NaN as there
    using R = typename T::value_type;
    R ar = a.real(), ai = a.imag();
    if (::cuda::std::fabs(ai) <= ::cuda::std::fabs(ar)) {
      R r = ai / ar, d = ar + ai * r;
      return T(R(1) / d, -r / d);
    }
    R r = ar / ai, d = ar * r + ai;
    return T(r / d, R(-1) / d);
  } else {
    return T(1) / a;
  }
})
NDTHRUST_UFUNC1(square, int_loop, accepts_all, {
  if constexpr (detail::is_int_v<T>) return detail::wrap_mul(a, a);
  else return a * a;
})

} // namespace nd::ops

// ndthrust/ops/bitwise.h — bitwise_and/or/xor, invert (bitwise_not), left_shift, right_shift.
//
// Integers and bool only. Shifts follow NumPy: a shift count ≥ the bit width (or negative) gives 0, or -1 for a
// right shift of a negative number; left shifts wrap.
#pragma once

#include <ndthrust/detail/ufuncs/base.h>

namespace nd::detail {
template <class T>
inline constexpr bool accepts_shift = is_int_v<T> || std::is_same_v<T, bool>;

template <class T>
NDTHRUST_HD T left_shift(T a, T b) {
  if (static_cast<std::uint64_t>(b) >= sizeof(T) * 8) return T(0);
  return static_cast<T>(static_cast<wrap_t<T>>(a) << static_cast<unsigned>(b));
}
template <class T>
NDTHRUST_HD T right_shift(T a, T b) {
  if (static_cast<std::uint64_t>(b) >= sizeof(T) * 8) {
    if constexpr (std::is_signed_v<T>) return a < T(0) ? T(-1) : T(0);
    else return T(0);
  }
  return static_cast<T>(a >> static_cast<unsigned>(b)); // arithmetic for signed types on every supported compiler
}
} // namespace nd::detail

namespace nd::ops {

NDTHRUST_UFUNC2(bitwise_and, same_loop, accepts_integer, { return static_cast<T>(a & b); })
NDTHRUST_UFUNC2(bitwise_or, same_loop, accepts_integer, { return static_cast<T>(a | b); })
NDTHRUST_UFUNC2(bitwise_xor, same_loop, accepts_integer, { return static_cast<T>(a ^ b); })
NDTHRUST_UFUNC1(invert, same_loop, accepts_integer, {
  if constexpr (std::is_same_v<T, bool>) return !a;
  else return static_cast<T>(~a);
})
using bitwise_not    = invert;
using bitwise_invert = invert;
NDTHRUST_UFUNC2(left_shift, int_loop, accepts_shift, { return detail::left_shift(a, b); })
NDTHRUST_UFUNC2(right_shift, int_loop, accepts_shift, { return detail::right_shift(a, b); })

} // namespace nd::ops

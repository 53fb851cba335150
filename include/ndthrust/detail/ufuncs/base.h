// ndthrust/detail/ufuncs/base.h — what every ufunc functor shares: promotion of its arguments, NumPy's choice of
// loop type, and math helpers that compile with g++ (host) and nvcc (host and device).
//
// A functor F in nd::ops has
//   - `template <class T> using loop = …`: the type NumPy computes in when the promoted input type is T (its loop);
//   - `template <class T> static constexpr bool accepts`: whether NumPy defines F for promoted inputs of type T;
//   - `static apply(L…)`: the computation on values already converted to the loop type L.
// Its operator() (from ufunc_base) takes values of any dtypes, promotes them as arrays of those dtypes would, converts
// to the loop type and applies. The named algorithms (ndthrust/ufuncs.h) do the same with NEP 50's weak scalars.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/convert.h>
#include <ndthrust/core/dtype.h>
#include <ndthrust/detail/order.h>
#include <ndthrust/promotion.h>

#include <cuda/std/cmath>
#include <cuda/std/limits>
#include <thrust/complex.h>

#include <cstdint>
#include <type_traits>

namespace nd::detail {

template <class T>
inline constexpr bool is_int_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;
template <class T>
inline constexpr bool is_real_v = std::is_floating_point_v<T>;
template <class T>
inline constexpr bool is_inexact_v = is_real_v<T> || is_complex_v<T>;

/// NumPy's float loop for an integer or bool input: float16 for 8-bit and bool (ndthrust has no float16 and uses
/// float32), float32 for 16-bit, float64 for 32- and 64-bit. Inexact types keep their type.
template <class T>
using float_loop_t = std::conditional_t<
  is_inexact_v<T>, T, std::conditional_t<(sizeof(T) <= 2), float, double>>;

/// The unsigned type integer arithmetic wraps in (wide enough that C++'s int promotion cannot overflow).
template <class T>
using wrap_t = std::conditional_t<(sizeof(T) <= 4), std::uint32_t, std::uint64_t>;

template <class T>
NDTHRUST_HD T wrap_add(T a, T b) {
  return static_cast<T>(static_cast<wrap_t<T>>(a) + static_cast<wrap_t<T>>(b));
}
template <class T>
NDTHRUST_HD T wrap_sub(T a, T b) {
  return static_cast<T>(static_cast<wrap_t<T>>(a) - static_cast<wrap_t<T>>(b));
}
template <class T>
NDTHRUST_HD T wrap_mul(T a, T b) {
  return static_cast<T>(static_cast<wrap_t<T>>(a) * static_cast<wrap_t<T>>(b));
}

/// CRTP base giving a functor its operator(): promote, convert to the loop type, apply.
template <class D>
struct ufunc_base {
  template <class... A>
  NDTHRUST_HD auto operator()(const A&... a) const {
    using T = result_type_t<canonical_t<A>...>;
    static_assert(D::template accepts<T>, "ndthrust: ufunc not supported for the input types (NumPy raises "
                                          "TypeError here); cast the inputs first");
    using L = typename D::template loop<T>;
    return D::apply(convert<L>(a)...);
  }
};

// Loop selectors (bases of the functors).
struct same_loop {
  template <class T>
  using loop = T;
};
/// bool computes in int8 (NumPy has no bool loop for these and picks 'b').
struct int_loop {
  template <class T>
  using loop = std::conditional_t<std::is_same_v<T, bool>, std::int8_t, T>;
};
struct float_loop {
  template <class T>
  using loop = float_loop_t<T>;
};
/// Integers and bool compute in float64 (true_divide).
struct double_loop {
  template <class T>
  using loop = std::conditional_t<is_inexact_v<T>, T, double>;
};

template <class T>
inline constexpr bool accepts_all = true;
template <class T>
inline constexpr bool accepts_numeric = !std::is_same_v<T, bool>; // NumPy: no bool loop, and no cast to one
template <class T>
inline constexpr bool accepts_noncomplex = !is_complex_v<T>;
template <class T>
inline constexpr bool accepts_integer = std::is_integral_v<T>; // bool included

} // namespace nd::detail

/// Defines functor `name` (in the current namespace, nd::ops) from a loop selector of nd::detail, an accepts_*
/// predicate of nd::detail and the body of `apply` (in braces, last so that it may contain commas).
#define NDTHRUST_UFUNC1(name, loop_sel, accept, ...)                                                                   \
  struct name : ::nd::detail::ufunc_base<name>, ::nd::detail::loop_sel {                                               \
    template <class T>                                                                                                 \
    static constexpr bool accepts = ::nd::detail::accept<T>;                                                           \
    template <class T>                                                                                                 \
    NDTHRUST_HD static auto apply(T a) __VA_ARGS__                                                                     \
  };
#define NDTHRUST_UFUNC2(name, loop_sel, accept, ...)                                                                   \
  struct name : ::nd::detail::ufunc_base<name>, ::nd::detail::loop_sel {                                               \
    template <class T>                                                                                                 \
    static constexpr bool accepts = ::nd::detail::accept<T>;                                                           \
    template <class T>                                                                                                 \
    NDTHRUST_HD static auto apply(T a, T b) __VA_ARGS__                                                                \
  };

// ndthrust/elementwise.h — nd::transform, nd::map and nd::evaluate: elementwise functions over broadcast operands.
//
//   nd::transform(nd::device, out, f, a, b, 2.0);   // out = f(a, b, 2.0), broadcasting a, b to out's shape
//   auto c = nd::transform(nd::device, f, a, b);    // a new array of the broadcast shape
//   auto e = nd::map(g, nd::map(f, a, b), c);       // lazy: nothing runs until an algorithm reads it
//   nd::transform(nd::device, out, h, e, a);        // one kernel for h(g(f(a, b), c), a)
//
// Operands are nd::array views of any layout (strided, broadcast, flipped), C++ arithmetic or complex scalars, and
// nd::map expressions. Functors are structs whose operator() is NDTHRUST_HD, or lambdas marked NDTHRUST_HD
// (`[] NDTHRUST_HD(double v) { return 2 * v; }`: nvcc's extended lambdas, which it accepts only inside a function
// that is not a private or protected class member — not directly in a gtest TEST body). Unmarked lambdas do not run
// on the GPU.
// A transform is one kernel: contiguous operands go straight to thrust::transform over raw pointers; other layouts
// take the engine's strided kernel over collapsed axes, in 32-bit index math when every offset fits.
#pragma once

#include <ndthrust/copy.h>
#include <ndthrust/creation.h>
#include <ndthrust/detail/overlap.h>
#include <ndthrust/detail/transform/driver.h>

#include <type_traits>

namespace nd {

namespace detail {
/// Checks that the inputs broadcast to out's shape, with NumPy's messages.
template <class T, class S, class... In>
void check_out_shape(const array<T, S>& out, const In&... in) {
  shape_t shapes[] = {operand_traits<In>::shape(in)..., out.shape()};
  constexpr int count = static_cast<int>(sizeof...(In)) + 1;
  shape_t b = broadcast_shape_list(shapes, count);
  if (b != out.shape())
    throw_shape_error("non-broadcastable output operand with shape " + numpy_shape_str(out.shape()) +
                      " doesn't match the broadcast shape " + numpy_shape_str(b));
}

/// The operand with every array leaf that partially overlaps `out` replaced by a copy (NumPy buffers such inputs).
template <class Policy, class T, class S, class X>
X unalias(const Policy& policy, const array<T, S>& out, const X& x) {
  if constexpr (is_array_v<X>) {
    if (memory_overlaps(out, x) && !same_elements(out, x)) return copy(policy, x);
    return x;
  } else if constexpr (is_map_v<X>) {
    auto ops = std::apply([&](const auto&... c) { return std::make_tuple(unalias(policy, out, c)...); }, x.operands());
    return X(x.function(), std::move(ops), x.shape());
  } else {
    return x;
  }
}
} // namespace detail

/// A lazy elementwise expression: f applied to the operands, broadcast together (NumPy's rules, checked here).
/// Its value_type is the dtype of f's result. Accepted as an operand by nd::transform (fused into its kernel), by
/// nd::evaluate / nd::copy / nd::copyto, and by reductions. Arrays are held by handle: the expression reads their
/// elements when it runs, not when it is built.
template <class F, class... In>
auto map(F f, const In&... in) {
  return detail::map_expr<F, In...>(f, in...);
}

/// out = f(in...), every input broadcast to out's shape and the result converted to out's dtype under the rule `c`
/// (NumPy's out= default same_kind: a functor giving float64 into an int64 out raises nd::dtype_error before
/// anything runs; nd::casting::unsafe truncates). `out` may be one of the inputs (in place); an input that only partly
/// overlaps out is read from a copy, as NumPy does.
template <class Policy, class T, class S, class F, class... In>
void transform(const Policy& policy, const array<T, S>& out, casting c, F f, const In&... in) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  static_assert((detail::is_operand<In>::value && ...),
                "ndthrust: nd::transform inputs are nd::array, arithmetic or complex scalars, or nd::map expressions");
  using in_space = detail::operands_space_t<In...>;
  static_assert(std::is_void_v<in_space> || std::is_same_v<in_space, S>,
                "ndthrust: every input of nd::transform must live in out's space (move it with nd::asarray)");
  detail::check_cast<detail::apply_result_t<F, In...>, T>(c);
  NDTHRUST_EXPECTS(out.writeable(), value_error, "output array is read-only");
  detail::check_out_shape(out, in...);
  if (out.size() == 0) return;
  detail::transform_unaliased(policy, out, f, detail::unalias(policy, out, in)...);
}
/// nd::transform into out with NumPy's default same_kind casting.
template <class Policy, class T, class S, class F, class... In, std::enable_if_t<!std::is_same_v<F, casting>, int> = 0>
void transform(const Policy& policy, const array<T, S>& out, F f, const In&... in) {
  transform(policy, out, casting::same_kind, f, in...);
}

/// A new array of the inputs' broadcast shape holding f(in...); R defaults to the dtype of f's result. An explicit R
/// is the caller's choice of dtype and converts as astype does (unsafe casting).
template <class R = void, class Policy, class F, class... In, std::enable_if_t<!is_array_v<F>, int> = 0>
auto transform(const Policy& policy, F f, const In&... in) {
  using V = std::conditional_t<std::is_void_v<R>, detail::apply_result_t<F, In...>, R>;
  auto out = empty<V>(policy, detail::broadcast_operands(in...));
  transform(policy, out, casting::unsafe, f, in...);
  return out;
}

/// Materialises an expression (or copies an array) into a new C-contiguous array; T defaults to its value_type (an
/// explicit T converts as astype does, unsafe casting).
template <class T = void, class Policy, class X>
auto evaluate(const Policy& policy, const X& x) {
  using V = std::conditional_t<std::is_void_v<T>, detail::operand_value_t<X>, T>;
  auto out = empty<V>(policy, detail::operand_traits<X>::shape(x));
  transform(policy, out, casting::unsafe, detail::identity_fn{}, x);
  return out;
}

namespace detail {
/// The input of an algorithm that needs its elements in memory (sorts, unique, quantiles, diff): an array as it is
/// (a handle, nothing copied), an expression evaluated into a new C-contiguous array, as NumPy evaluates into a
/// temporary. Algorithms that read each element once take c_order_begin or the operand's reader instead.
template <class Policy, class X>
auto materialize(const Policy& policy, const X& x) {
  static_assert(is_array_v<X> || is_map_v<X>, "ndthrust: this algorithm takes an nd::array or an nd::map expression");
  if constexpr (is_array_v<X>) return x;
  else return evaluate(policy, x);
}
} // namespace detail

/// nd::copy of an expression: its values in a new array (NumPy's np.array(expr)).
template <class T = void, class Policy, class F, class... In>
auto copy(const Policy& policy, const detail::map_expr<F, In...>& x) {
  return evaluate<T>(policy, x);
}

/// nd::copyto of an expression: broadcasts it to dst's shape and casts to dst's dtype under the rule `c` (default
/// same_kind, as copyto of an array), in one kernel.
template <class Policy, class T, class S, class F, class... In>
void copyto(const Policy& policy, const array<T, S>& dst, const detail::map_expr<F, In...>& x,
            casting c = casting::same_kind) {
  detail::check_cast<typename detail::map_expr<F, In...>::value_type, T>(c);
  NDTHRUST_EXPECTS(dst.writeable(), value_error, "assignment destination is read-only");
  transform(policy, dst, casting::unsafe, detail::identity_fn{}, x);
}

} // namespace nd

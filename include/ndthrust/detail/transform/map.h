// ndthrust/detail/transform/map.h — the lazy expression behind nd::map, and its reader.
//
// A map_expr holds its function and its operands (arrays by handle, scalars and nested maps by value) and knows its
// broadcast shape; nothing runs until an algorithm reads it. Its reader applies the function to its operands'
// readers at the position asked for, so a whole expression tree becomes one functor inside one kernel.
#pragma once

#include <ndthrust/detail/operand.h>

#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

namespace nd::detail {

// --- a tuple of readers that stays trivially copyable and cheap to compile -----------------------------------------

template <std::size_t I, class R>
struct pack_leaf {
  R r;
};
template <class Seq, class... R>
struct reader_pack_impl;
template <std::size_t... I, class... R>
struct reader_pack_impl<std::index_sequence<I...>, R...> : pack_leaf<I, R>... {
  /// f(r0(p), r1(p), …).
  template <class F, class P>
  NDTHRUST_HD auto apply(const F& f, const P& p) const {
    return f(static_cast<const pack_leaf<I, R>&>(*this).r(p)...);
  }
};
template <class... R>
using reader_pack = reader_pack_impl<std::index_sequence_for<R...>, R...>;

template <class... R, std::size_t... I>
reader_pack<R...> make_reader_pack_impl(std::index_sequence<I...>, const R&... r) {
  return {pack_leaf<I, R>{r}...};
}
template <class... R>
reader_pack<R...> make_reader_pack(const R&... r) {
  return make_reader_pack_impl(std::index_sequence_for<R...>{}, r...);
}

/// Reader of a map: the function applied to its operands' readers. Position-agnostic: it hands `p` (a flat index
/// or the engine's coordinates) to its operands, so maps nest.
template <class F, class Pack>
struct map_reader {
  F f;
  Pack r;
  template <class P>
  NDTHRUST_HD auto operator()(const P& p) const {
    return r.apply(f, p);
  }
};

// --- spaces and result dtypes --------------------------------------------------------------------------------------

/// The space shared by operands: scalars (void) join any space; two different spaces are a compile-time error.
template <class A, class B>
struct join_space {
  static_assert(std::is_void_v<A> || std::is_void_v<B> || std::is_same_v<A, B>,
                "ndthrust: the arrays of one expression must live in the same space (device or host)");
  using type = std::conditional_t<std::is_void_v<A>, B, A>;
};
template <class... S>
struct join_spaces {
  using type = void;
};
template <class S0, class... S>
struct join_spaces<S0, S...> {
  using type = typename join_space<S0, typename join_spaces<S...>::type>::type;
};
template <class... X>
using operands_space_t = typename join_spaces<typename operand_traits<X>::space...>::type;

/// The dtype that holds a value of type R: R itself, or the sized integer of its width (`long long`, `char`).
template <class R, class = void>
struct result_dtype {
  using type = R;
};
template <class R>
struct result_dtype<R, std::enable_if_t<std::is_integral_v<R> && !std::is_same_v<R, bool> && !is_dtype_v<R>>> {
  using type = std::conditional_t<
    std::is_signed_v<R>,
    std::conditional_t<sizeof(R) == 1, std::int8_t,
                       std::conditional_t<sizeof(R) == 2, std::int16_t,
                                          std::conditional_t<sizeof(R) == 4, std::int32_t, std::int64_t>>>,
    std::conditional_t<sizeof(R) == 1, std::uint8_t,
                       std::conditional_t<sizeof(R) == 2, std::uint16_t,
                                          std::conditional_t<sizeof(R) == 4, std::uint32_t, std::uint64_t>>>>;
};
template <class R>
using result_dtype_t = typename result_dtype<std::decay_t<R>>::type;

/// The dtype of f applied to the operands' value types.
template <class F, class... X>
using apply_result_t = result_dtype_t<std::invoke_result_t<const F&, operand_value_t<X>...>>;

template <class X, class = void>
struct is_operand : std::false_type {};
template <class X>
struct is_operand<X, std::void_t<typename operand_traits<X>::value_type>> : std::true_type {};

// --- the expression ------------------------------------------------------------------------------------------------

template <class F, class... In>
class map_expr {
  static_assert((is_operand<In>::value && ...),
                "ndthrust: nd::map operands are nd::array, arithmetic or complex scalars, or nd::map expressions");

public:
  using function_type = F;
  using value_type    = apply_result_t<F, In...>;
  using space         = operands_space_t<In...>;

  map_expr(F f, const In&... in) : f_(f), in_(in...), shape_(broadcast_operands(in...)) {}
  map_expr(F f, std::tuple<In...> in, const shape_t& shape) : f_(f), in_(std::move(in)), shape_(shape) {}

  const shape_t& shape() const { return shape_; }
  int ndim() const { return shape_.size(); }
  index_t size() const { return shape_size(shape_); }
  const F& function() const { return f_; }
  const std::tuple<In...>& operands() const { return in_; }

private:
  F f_;
  std::tuple<In...> in_;
  shape_t shape_;
};

template <class X>
inline constexpr bool is_map_v = false;
template <class F, class... In>
inline constexpr bool is_map_v<map_expr<F, In...>> = true;

template <class F, class... In>
struct operand_traits<map_expr<F, In...>> {
  using expr                     = map_expr<F, In...>;
  using value_type               = typename expr::value_type;
  using space                    = typename expr::space;
  static constexpr bool is_array = false;
  static shape_t shape(const expr& m) { return m.shape(); }
  static bool fits_int32(const expr& m, const shape_t& out_shape) {
    return std::apply(
      [&](const auto&... x) {
        return (operand_traits<std::decay_t<decltype(x)>>::fits_int32(x, out_shape) && ... && true);
      },
      m.operands());
  }
  template <class Index>
  static auto reader(const expr& m, const shape_t& out_shape) {
    auto pack = std::apply(
      [&](const auto&... x) {
        return make_reader_pack(operand_traits<std::decay_t<decltype(x)>>::template reader<Index>(x, out_shape)...);
      },
      m.operands());
    return map_reader<F, decltype(pack)>{m.function(), pack};
  }
};

} // namespace nd::detail

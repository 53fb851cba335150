// ndthrust/detail/reduce/ops.h — the accumulators behind every reduction and scan, usable in kernels.
//
// An op turns an input value into an accumulator (`load(v, o, r)`: o is the output position, r the position along
// the reduced axes in C order), combines two accumulators associatively and commutatively, and has an identity.
// Finalisers turn the accumulator of one output into the stored result. Kernels of every backend are written
// against this interface only, so a new reduction is an op and a finaliser.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/convert.h>
#include <ndthrust/core/dtype.h>
#include <ndthrust/detail/order.h>

#include <cuda/std/cmath>
#include <cuda/std/functional>
#include <cuda/std/limits>

#include <cstdint>
#include <type_traits>

namespace nd::detail {

// --- dtype rules (NumPy's defaults) ------------------------------------------------------------------------------

/// sum / prod / cumsum: bool and signed integers accumulate in int64, unsigned in uint64, others in themselves.
template <class T>
using sum_type_t = std::conditional_t<
  std::is_same_v<T, bool> || (std::is_integral_v<T> && std::is_signed_v<T>), std::int64_t,
  std::conditional_t<std::is_integral_v<T>, std::uint64_t, T>>;
/// mean: integers and bool in float64, floating types in themselves.
template <class T>
using mean_type_t = std::conditional_t<std::is_integral_v<T>, double, T>;
template <class T>
using real_type_t = typename real_of<T>::type;
/// The type chosen by a `R = void` template parameter: R when given, else the default.
template <class R, class Default>
using or_default_t = std::conditional_t<std::is_void_v<R>, Default, R>;

// --- value helpers -------------------------------------------------------------------------------------------------

/// The lowest / highest value of T (±inf for floating types): the identities of max / min.
template <class T>
NDTHRUST_HD T lowest() {
  if constexpr (is_complex_v<T>) return T(lowest<real_type_t<T>>(), lowest<real_type_t<T>>());
  else if constexpr (std::is_floating_point_v<T>) return -::cuda::std::numeric_limits<T>::infinity();
  else return ::cuda::std::numeric_limits<T>::lowest();
}
template <class T>
NDTHRUST_HD T highest() {
  if constexpr (is_complex_v<T>) return T(highest<real_type_t<T>>(), highest<real_type_t<T>>());
  else if constexpr (std::is_floating_point_v<T>) return ::cuda::std::numeric_limits<T>::infinity();
  else return ::cuda::std::numeric_limits<T>::max();
}
template <class T>
NDTHRUST_HD T quiet_nan() {
  if constexpr (is_complex_v<T>) return T(quiet_nan<real_type_t<T>>(), quiet_nan<real_type_t<T>>());
  else if constexpr (std::is_floating_point_v<T>) return ::cuda::std::numeric_limits<T>::quiet_NaN();
  else return T(0);
}
template <class T>
NDTHRUST_HD real_type_t<T> abs2(const T& v) {
  if constexpr (is_complex_v<T>) return v.real() * v.real() + v.imag() * v.imag();
  else return v * v;
}

// --- ops -----------------------------------------------------------------------------------------------------------
// `uses_position` marks ops whose load depends on r (the arg ops): whole-array library calls cannot supply it.

/// Sum (Prod = false) or product; SkipNan treats NaN as the identity (nansum, nanprod, nancumsum).
template <class A, bool Prod = false, bool SkipNan = false>
struct arith_op {
  using acc_type                      = A;
  static constexpr bool uses_position = false;
  static constexpr bool plain_load    = !SkipNan; // load is a plain conversion
  NDTHRUST_HD A identity() const { return A(Prod ? 1 : 0); }
  template <class V, class Index>
  NDTHRUST_HD A load(const V& v, Index, Index) const {
    if constexpr (SkipNan) {
      if (is_nan(v)) return identity();
    }
    return convert<A>(v);
  }
  NDTHRUST_HD A combine(const A& a, const A& b) const {
    if constexpr (std::is_integral_v<A> && std::is_signed_v<A>) {
      // Signed overflow wraps, as in NumPy: computed unsigned (at least unsigned int, so no promotion to int).
      using U = std::conditional_t<(sizeof(A) < sizeof(unsigned)), unsigned, std::make_unsigned_t<A>>;
      return static_cast<A>(Prod ? static_cast<U>(a) * static_cast<U>(b) : static_cast<U>(a) + static_cast<U>(b));
    } else if constexpr (Prod) {
      return a * b;
    } else {
      return a + b;
    }
  }
};

/// max (Max = true) or min. NaN propagates unless SkipNan (nanmax: NaN is the identity and loses every comparison,
/// so an all-NaN slice gives NaN as in NumPy).
template <class T, bool Max, bool SkipNan = false>
struct extremum_op {
  using acc_type                      = T;
  static constexpr bool uses_position = false;
  static constexpr bool plain_load    = true;
  NDTHRUST_HD T identity() const {
    if constexpr (SkipNan && (std::is_floating_point_v<T> || is_complex_v<T>)) return quiet_nan<T>();
    else return Max ? lowest<T>() : highest<T>();
  }
  template <class V, class Index>
  NDTHRUST_HD T load(const V& v, Index, Index) const {
    return convert<T>(v);
  }
  NDTHRUST_HD T combine(const T& a, const T& b) const {
    if constexpr (is_complex_v<T>) {
      if (is_nan(a)) return SkipNan ? b : a;
      if (is_nan(b)) return SkipNan ? a : b;
      return (Max ? lex_less(a, b) : lex_less(b, a)) ? b : a;
    } else {
      // One select, no branches (host loops over outputs vectorise): b wins when it is further out, or when it is
      // NaN (NaN propagates) — or, under SkipNan, when a is the NaN.
      return ((Max ? a < b : b < a) || (SkipNan ? is_nan(a) : is_nan(b))) ? b : a;
    }
  }
};

/// A value and its flat position along the reduced axes: the accumulator of argmax / argmin.
template <class T>
struct value_index {
  T value;
  std::int64_t index;
};

/// argmax / argmin: the first position of the extremum; the first NaN wins unless SkipNan. An all-NaN slice under
/// SkipNan keeps the identity's index (INT64_MAX), which the caller reports.
template <class T, bool Max, bool SkipNan = false>
struct arg_op {
  using acc_type                      = value_index<T>;
  static constexpr bool uses_position = true;
  static constexpr std::int64_t no_index = INT64_MAX;
  static constexpr bool folds            = true;
  NDTHRUST_HD acc_type identity() const {
    if constexpr (SkipNan && (std::is_floating_point_v<T> || is_complex_v<T>)) return {quiet_nan<T>(), no_index};
    else return {Max ? lowest<T>() : highest<T>(), no_index};
  }
  template <class V, class Index>
  NDTHRUST_HD acc_type load(const V& v, Index, Index r) const {
    if (SkipNan && is_nan(v)) return identity(); // a skipped NaN has no position
    return {convert<T>(v), static_cast<std::int64_t>(r)};
  }
  /// Folds in the element at position r, past every position acc has seen (a walk in order): the same result as
  /// combine(acc, load(v, ·, r)) without comparing positions.
  template <class V, class Index>
  NDTHRUST_HD void fold(acc_type& acc, const V& v, Index r) const {
    const T x    = convert<T>(v);
    const bool b = acc.index == no_index || (Max ? lex_less(acc.value, x) : lex_less(x, acc.value));
    const bool take = SkipNan ? !is_nan(x) && b : !is_nan(acc.value) && (is_nan(x) || b);
    if (take) acc = {x, static_cast<std::int64_t>(r)};
  }
  NDTHRUST_HD acc_type combine(const acc_type& a, const acc_type& b) const {
    bool na = is_nan(a.value), nb = is_nan(b.value);
    if (na || nb) {
      if (na && nb) return a.index < b.index ? a : b;
      if (SkipNan) return na ? b : a;
      return na ? a : b;
    }
    if (Max ? lex_less(a.value, b.value) : lex_less(b.value, a.value)) return b;
    if (Max ? lex_less(b.value, a.value) : lex_less(a.value, b.value)) return a;
    return a.index < b.index ? a : b;
  }
};

/// The smallest and largest value: ptp's accumulator.
template <class T>
struct min_max {
  T lo, hi;
};

/// ptp (max - min in one pass); NaN propagates through both ends.
template <class T>
struct min_max_op {
  using acc_type                      = min_max<T>;
  static constexpr bool uses_position = false;
  extremum_op<T, false> mn;
  extremum_op<T, true> mx;
  NDTHRUST_HD acc_type identity() const { return {mn.identity(), mx.identity()}; }
  template <class V, class Index>
  NDTHRUST_HD acc_type load(const V& v, Index, Index) const {
    return {convert<T>(v), convert<T>(v)};
  }
  NDTHRUST_HD acc_type combine(const acc_type& a, const acc_type& b) const {
    return {mn.combine(a.lo, b.lo), mx.combine(a.hi, b.hi)};
  }
};

/// any (Any = true) / all.
template <bool Any>
struct logical_op {
  using acc_type                      = bool;
  static constexpr bool uses_position = false;
  NDTHRUST_HD bool identity() const { return !Any; }
  template <class V, class Index>
  NDTHRUST_HD bool load(const V& v, Index, Index) const {
    return v != V(0);
  }
  NDTHRUST_HD bool combine(bool a, bool b) const { return Any ? (a || b) : (a && b); }
};

/// count_nonzero.
struct count_op {
  using acc_type                      = std::int64_t;
  static constexpr bool uses_position = false;
  NDTHRUST_HD std::int64_t identity() const { return 0; }
  template <class V, class Index>
  NDTHRUST_HD std::int64_t load(const V& v, Index, Index) const {
    return v != V(0) ? 1 : 0;
  }
  NDTHRUST_HD std::int64_t combine(std::int64_t a, std::int64_t b) const { return a + b; }
};

/// A sum and the number of non-NaN terms: nanmean and nanvar.
template <class A>
struct sum_count {
  A sum;
  std::int64_t count;
};

/// nanmean's accumulator: NaN terms are left out of both the sum and the count.
template <class A>
struct nan_mean_op {
  using acc_type                      = sum_count<A>;
  static constexpr bool uses_position = false;
  NDTHRUST_HD acc_type identity() const { return {A(0), 0}; }
  template <class V, class Index>
  NDTHRUST_HD acc_type load(const V& v, Index, Index) const {
    if (is_nan(v)) return identity();
    return {convert<A>(v), 1};
  }
  NDTHRUST_HD acc_type combine(const acc_type& a, const acc_type& b) const {
    return {a.sum + b.sum, a.count + b.count};
  }
};

/// The second pass of var / nanvar: squared distances to the mean of each output (`mean[o]`, C order over the
/// kept axes); with SkipNan, NaN terms are left out and counted out.
template <class A, bool SkipNan>
struct sq_dev_op {
  using R        = real_type_t<A>;
  using acc_type = sum_count<R>;
  static constexpr bool uses_position = false;
  const A* mean;
  NDTHRUST_HD acc_type identity() const { return {R(0), 0}; }
  template <class V, class Index>
  NDTHRUST_HD acc_type load(const V& v, Index o, Index) const {
    if (SkipNan && is_nan(v)) return identity();
    return {abs2(convert<A>(v) - mean[o]), 1};
  }
  NDTHRUST_HD acc_type combine(const acc_type& a, const acc_type& b) const {
    return {a.sum + b.sum, a.count + b.count};
  }
};

/// Combines partial accumulators of another op (second pass of a split reduction).
template <class Op>
struct partial_op {
  using acc_type                      = typename Op::acc_type;
  static constexpr bool uses_position = false;
  Op op;
  NDTHRUST_HD acc_type identity() const { return op.identity(); }
  template <class Index>
  NDTHRUST_HD acc_type load(const acc_type& a, Index, Index) const {
    return a;
  }
  NDTHRUST_HD acc_type combine(const acc_type& a, const acc_type& b) const { return op.combine(a, b); }
};

/// Whether an op folds elements in position order more cheaply than it combines them (`op.fold(acc, v, r)`).
template <class Op, class = void>
inline constexpr bool has_fold_v = false;
template <class Op>
inline constexpr bool has_fold_v<Op, std::void_t<decltype(Op::folds)>> = Op::folds;

/// acc with element v (output o, position r past every position acc has seen) taken in: op.fold where the op has
/// one, combine(acc, load(v, o, r)) otherwise. Every backend's in-order walk goes through this.
template <class Op, class V, class Index>
NDTHRUST_HD void fold_in(const Op& op, typename Op::acc_type& acc, const V& v, Index o, Index r) {
  if constexpr (has_fold_v<Op>) op.fold(acc, v, r);
  else acc = op.combine(acc, op.load(v, o, r));
}

/// Whether an op's load is a plain conversion of the value (library calls can then read the input directly).
template <class Op, class = void>
inline constexpr bool plain_load_v = false;
template <class Op>
inline constexpr bool plain_load_v<Op, std::void_t<decltype(Op::plain_load)>> = Op::plain_load;

/// Binary functor over an op's combine, for library algorithms (CUB, Thrust).
template <class Op>
struct combine_fn {
  Op op;
  NDTHRUST_HD typename Op::acc_type operator()(const typename Op::acc_type& a,
                                               const typename Op::acc_type& b) const {
    return op.combine(a, b);
  }
};

/// The binary functor handed to CUB: cuda::std::plus / multiplies for sums and products (CUB picks its tuned
/// policies for those; a custom functor takes the generic, slower scan), the op's combine otherwise.
template <class Op>
combine_fn<Op> library_op(const Op& op) {
  return {op};
}
template <class A, bool Prod, bool SkipNan>
auto library_op(const arith_op<A, Prod, SkipNan>&) {
  if constexpr (Prod) return ::cuda::std::multiplies<A>{};
  else return ::cuda::std::plus<A>{};
}

// --- finalisers: accumulator → stored value -------------------------------------------------------------------------

template <class R>
struct cast_fin {
  template <class A>
  NDTHRUST_HD R operator()(const A& a) const {
    return convert<R>(a);
  }
};
/// mean: the sum divided by the count of the reduced elements (NaN for an empty slice, as NumPy).
template <class R>
struct mean_fin {
  double count;
  template <class A>
  NDTHRUST_HD R operator()(const A& a) const {
    using Q = real_type_t<A>;
    return convert<R>(a / static_cast<Q>(count));
  }
};
/// nanmean: sum over the non-NaN count. var / std (Sqrt): sum of squared distances over (count - ddof).
template <class R, bool Sqrt = false>
struct sum_count_fin {
  double ddof;
  template <class A>
  NDTHRUST_HD R operator()(const sum_count<A>& a) const {
    using Q = real_type_t<A>;
    Q d     = static_cast<Q>(static_cast<double>(a.count) - ddof);
    if (d < Q(0)) d = Q(0);
    auto q = a.sum / d;
    if constexpr (Sqrt) return convert<R>(::cuda::std::sqrt(q));
    else return convert<R>(q);
  }
};
struct range_fin {
  template <class T>
  NDTHRUST_HD T operator()(const min_max<T>& a) const {
    return static_cast<T>(a.hi - a.lo);
  }
};
/// Combines `initial` into each output once, then finalises (NumPy's `initial=`).
template <class Op, class Fin>
struct initial_fin {
  Op op;
  typename Op::acc_type initial;
  Fin fin;
  NDTHRUST_HD auto operator()(const typename Op::acc_type& a) const { return fin(op.combine(a, initial)); }
};
struct index_fin {
  template <class T>
  NDTHRUST_HD std::int64_t operator()(const value_index<T>& a) const {
    return a.index;
  }
};

} // namespace nd::detail

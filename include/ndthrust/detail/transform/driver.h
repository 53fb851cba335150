// ndthrust/detail/transform/driver.h — nd::transform after its checks: picks the contiguous or the strided path.
#pragma once

#include <ndthrust/backend/transform.h>
#include <ndthrust/detail/transform/engine.h>

namespace nd::detail {

struct identity_fn {
  template <class X>
  NDTHRUST_HD X operator()(const X& x) const {
    return x;
  }
};

/// 32-bit index math when the flat size and every offset fit (with room for the kernels' last partial block).
inline bool strided_fits_int32(index_t n, const shape_t& shape, const strides_t* st, int count) {
  bool fits = n <= INT32_MAX - (index_t(1) << 20);
  for (int k = 0; fits && k < count; ++k) fits = fits_int32(shape, st[k], 0);
  return fits;
}

template <class... In, std::size_t... K>
void gather_operands(const shape_t& shape, strides_t* st, std::index_sequence<K...>, const In&... in) {
  (gather_strides(in, shape, st + leaf_offset<K, In...>()), ...);
}

/// The transform once shapes are checked and overlapping inputs buffered; out is not empty.
template <class Policy, class T, class S, class F, class... In>
void transform_unaliased(const Policy& policy, const array<T, S>& out, const F& f, const In&... in) {
  const index_t n = out.size();
  if constexpr ((is_array_v<In> || ...) && !(is_map_v<In> || ...)) {
    if (out.is_contiguous() && (reads_linearly(in, out.shape()) && ...) && backend::contiguous_via_thrust(policy, n)) {
      contiguous_transform(policy, out, f, std::index_sequence_for<In...>{}, in...);
      return;
    }
  }
  constexpr int count = 1 + leaf_total<In...>;
  shape_t shape       = out.shape();
  strides_t st[count];
  st[0] = out.strides();
  gather_operands(shape, st + 1, std::index_sequence_for<In...>{}, in...);
  collapse_axes(shape, st, count);
  if (shape.empty()) { // a single element
    shape = shape_t{1};
    for (auto& s : st) s = strides_t{0};
  }
  strided_plan plan = plan_strided(shape, st, count, backend::has_tiled_transform(policy));
  if (strided_fits_int32(n, shape, st, count))
    backend::transform_strided<int>(
      policy, make_nd_fn<int>(out, shape, st, f, std::index_sequence_for<In...>{}, in...), n, plan);
  else
    backend::transform_strided<index_t>(
      policy, make_nd_fn<index_t>(out, shape, st, f, std::index_sequence_for<In...>{}, in...), n, plan);
}

} // namespace nd::detail

// ndthrust/detail/reduce/run.h — the one driver behind every public reduction: checks, result allocation, plan,
// backend dispatch. Public functions only choose an op, a finaliser and the result dtype.
#pragma once

#include <ndthrust/backend/reduce.h>
#include <ndthrust/core/policy.h>
#include <ndthrust/copy.h>
#include <ndthrust/creation.h>
#include <ndthrust/detail/overlap.h>
#include <ndthrust/detail/reduce/sink.h>

#include <optional>
#include <string>

namespace nd::detail {

/// The space of an operand (arrays and expressions have one; a reduction needs one).
template <class X>
using operand_space_t = typename operand_traits<std::decay_t<X>>::space;

/// Strides of `res` over the kept axes (dropping the extent-1 axes keepdims put in place of reduced ones).
template <class R, class S>
strides_t kept_strides(const array<R, S>& res, const small_vec<int>& mask, bool keepdims) {
  if (!keepdims) return res.strides();
  strides_t st;
  for (int d = 0; d < mask.size(); ++d)
    if (!mask[d]) st.push_back(res.strides()[d]);
  return st;
}

/// What a reduction needs besides its op: axes, keepdims, an `out` array, the op's NumPy name for the empty-input
/// error ("maximum": zero-size reductions raise; nullptr: they give the identity), and whether the reduced axes may
/// be walked in storage order.
struct reduce_request {
  axis_spec axis;
  bool keepdims          = false;
  const char* no_identity = nullptr;
  bool reorder           = true;
};

template <class R, class Policy, class X, class Op, class Fin>
array<R, space_of_t<Policy>> run_reduce(const Policy& policy, const X& x, const reduce_request& q, const Op& op,
                                        const Fin& fin,
                                        std::optional<array<R, space_of_t<Policy>>> out = std::nullopt) {
  using S = space_of_t<Policy>;
  static_assert(!std::is_void_v<operand_space_t<X>>, "ndthrust: reductions take arrays or array expressions");
  NDTHRUST_CHECK_POLICY(Policy, operand_space_t<X>);
  using traits  = operand_traits<std::decay_t<X>>;
  shape_t shape = traits::shape(x);
  auto mask     = reduced_mask(q.axis, shape.size());
  shape_t rshape = reduced_shape(shape, mask, q.keepdims);
  array<R, S> res;
  if (out) {
    NDTHRUST_EXPECTS(out->shape() == rshape, shape_error,
                     "output parameter has shape " + shape_str(out->shape()) + " but the reduction gives " +
                       shape_str(rshape));
    NDTHRUST_EXPECTS(out->writeable(), value_error, "output array is read-only");
    // An out that overlaps the input would be written while other outputs still read it: reduce into a temporary
    // and copy it into out afterwards (NumPy's answer, e.g. np.sum(m, 1, out=m[2])).
    if (operand_may_overlap(*out, x)) {
      auto tmp = run_reduce<R>(policy, x, q, op, fin);
      copyto(policy, *out, tmp);
      return *out;
    }
    res = *out;
  } else {
    res = empty<R>(policy, rshape);
  }
  index_t M = 1;
  for (int d = 0; d < shape.size(); ++d)
    if (mask[d]) M *= shape[d];
  if (M == 0 && res.size() > 0 && q.no_identity)
    throw_value_error(std::string("zero-size array to reduction operation ") + q.no_identity +
                      " which has no identity");
  if constexpr (traits::is_array) {
    // Whole small contiguous arrays skip the plan: one lean launch is the whole cost of the call.
    if (M == x.size() && x.is_contiguous() &&
        backend::reduce_small_contiguous(policy, x.raw(), M, op, res.raw(), fin))
      return res;
  }
  strides_t ost = kept_strides(res, mask, q.keepdims);
  // One index type (64-bit) keeps the kernel count down; the common collapsed layouts do no division per element.
  with_source<index_t>(x, [&](const auto& src, const input_view& view) {
    auto plan = make_plan<index_t>(src, view, mask, ost, res.offset(), q.reorder);
    reduce_sink<index_t, R, Fin> sink{res.storage_begin(), plan.out, fin};
    backend::reduce(policy, plan, op, sink);
  });
  return res;
}

} // namespace nd::detail

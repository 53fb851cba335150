// ndthrust/detail/linalg/gemm.h — NumPy's matmul reduced to (strided-batched) GEMM calls.
//
// C (…, n, m) = A (…, n, k) · B (…, k, m) in row-major terms is Cᵀ = Bᵀ · Aᵀ in BLAS's column-major terms, so a
// row-major operand is passed as it is (op N) and a transposed view (unit row stride) as op T — no copies. Only an
// operand with neither unit stride (or a negative / zero stride) is packed first.
#pragma once

#include <ndthrust/detail/linalg/kernels.h>
#include <ndthrust/detail/linalg/ops.h>

#include <thrust/transform.h>

#include <climits>

namespace nd::detail::linalg {

/// How a row-major-indexed rows×cols matrix with strides (sr, sc) is handed to column-major BLAS as its
/// transpose: op N with ld = sr (rows contiguous), op T with ld = sc (columns contiguous), or not at all.
struct blas_operand {
  bool ok;
  op o;
  index_t ld;
};
inline blas_operand as_blas_transposed(index_t rows, index_t cols, index_t sr, index_t sc) {
  if (cols == 1) sc = 1; // any stride is valid along an extent of 1
  if (rows == 1) sr = sc == 1 ? (cols > 1 ? cols : 1) : 1;
  if (sc == 1 && sr >= (cols > 1 ? cols : 1)) return {true, op::n, sr};
  if (sr == 1 && sc >= (rows > 1 ? rows : 1)) return {true, op::t, sc};
  return {false, op::n, 0};
}

/// Naive product for the dtypes BLAS lacks (integers, bool): one thread per output element.
template <class T>
struct naive_matmul_fn {
  const T* a;
  const T* b;
  flat_layout<index_t> ab, bb; // batch layouts (offsets of each batch's matrix)
  index_t n, m, k, sar, sac, sbr, sbc;
  NDTHRUST_HD T operator()(index_t o) const {
    index_t j = o % m, i = (o / m) % n, batch = o / (n * m);
    const T* pa = a + ab(batch) + i * sar;
    const T* pb = b + bb(batch) + j * sbc;
    if constexpr (std::is_same_v<T, bool>) {
      bool acc = false;
      for (index_t l = 0; l < k; ++l) acc = acc || (pa[l * sac] && pb[l * sbr]);
      return acc;
    } else {
      T acc(0);
      for (index_t l = 0; l < k; ++l) acc = acc + pa[l * sac] * pb[l * sbr];
      return acc;
    }
  }
};

inline void check_int_range(index_t v) {
  NDTHRUST_EXPECTS(v <= INT_MAX, value_error, "matmul: dimension or leading dimension above 2^31-1 is unsupported");
}

/// c = alpha · t + beta · c (beta = 0: c is not read, as BLAS).
template <class T>
struct axpby_fn {
  T alpha, beta;
  NDTHRUST_HD T operator()(const T& t, const T& c) const { return beta == T(0) ? alpha * t : alpha * t + beta * c; }
};

/// The (re, im) pair of a gemm_desc scale.
template <class T>
void scale_pair(const T& v, double (&out)[2]) {
  if constexpr (is_complex_v<T>) out[0] = double(v.real()), out[1] = double(v.imag());
  else out[0] = double(v), out[1] = 0;
}

/// out (bshape…, n, m), C-contiguous, = alpha · a (…, n, k) · b (…, k, m) + beta · out, with a's and b's batch axes
/// broadcast to bshape (alpha and beta other than 1 and 0 for the BLAS types only).
template <class Policy, class T, class S>
void matmul_core(const Policy& policy, array<T, S> a, array<T, S> b, const array<T, S>& out, T alpha = T(1),
                 T beta = T(0)) {
  const shape_t bshape  = batch_shape(out.shape());
  index_t n = a.shape(-2), k = a.shape(-1), m = b.shape(-1);
  if (out.size() == 0) return;
  if (k == 0) {
    thrust::transform(policy, out.data(), out.data() + out.size(), out.data(), out.data(),
                      axpby_fn<T>{T(0), beta});
    return;
  }
  auto batch_strides = [&](const array<T, S>& x) {
    auto meta = broadcast_meta({batch_shape(x.shape()), batch_shape(x.strides()), 0}, bshape);
    return meta.strides;
  };
  if constexpr (!is_blas_type_v<T>) {
    auto la = make_flat_layout<index_t>(bshape, batch_strides(a), 0, false);
    auto lb = make_flat_layout<index_t>(bshape, batch_strides(b), 0, false);
    thrust::tabulate(policy, out.data(), out.data() + out.size(),
                     naive_matmul_fn<T>{a.raw(), b.raw(), la, lb, n, m, k, a.strides()[a.ndim() - 2],
                                        a.strides()[a.ndim() - 1], b.strides()[b.ndim() - 2],
                                        b.strides()[b.ndim() - 1]});
  } else {
    // First operand of the column-major call is Bᵀ (m×k), the second Aᵀ (k×n).
    auto ob = as_blas_transposed(k, m, b.strides()[b.ndim() - 2], b.strides()[b.ndim() - 1]);
    if (!ob.ok) {
      b  = copy(policy, b);
      ob = as_blas_transposed(k, m, b.strides()[b.ndim() - 2], b.strides()[b.ndim() - 1]);
    }
    auto oa = as_blas_transposed(n, k, a.strides()[a.ndim() - 2], a.strides()[a.ndim() - 1]);
    if (!oa.ok) {
      a  = copy(policy, a);
      oa = as_blas_transposed(n, k, a.strides()[a.ndim() - 2], a.strides()[a.ndim() - 1]);
    }
    const index_t dims[] = {n, m, k, oa.ld, ob.ld};
    for (index_t v : dims) check_int_range(v);
    // Collapse the batch axes of the three operands; one strided-batched call covers the innermost batch axis and
    // a host loop the rest (irregular batch strides, e.g. broadcasting in an outer axis).
    shape_t bs        = bshape;
    strides_t st[3]   = {batch_strides(a), batch_strides(b), batch_strides(out)};
    collapse_axes(bs, st, 3);
    index_t inner     = bs.size() ? bs[bs.size() - 1] : 1;
    index_t outer     = bs.size() ? shape_size(bs) / inner : 1;
    index_t sa_in     = bs.size() ? st[0][bs.size() - 1] : 0;
    index_t sb_in     = bs.size() ? st[1][bs.size() - 1] : 0;
    index_t sc_in     = bs.size() ? st[2][bs.size() - 1] : 0;
    shape_t outer_sh  = bs;
    if (outer_sh.size()) outer_sh.n -= 1;
    auto la = make_flat_layout<index_t>(outer_sh, st[0], 0, false);
    auto lb = make_flat_layout<index_t>(outer_sh, st[1], 0, false);
    auto lc = make_flat_layout<index_t>(outer_sh, st[2], 0, false);
    for (index_t o = 0; o < outer; ++o) {
      gemm_desc d{dtype_of<T>, ob.o, oa.o, m, n, k,
                  b.raw() + lb(o), ob.ld, sb_in,
                  a.raw() + la(o), oa.ld, sa_in,
                  out.raw() + lc(o), m, sc_in,
                  inner};
      scale_pair(alpha, d.alpha);
      scale_pair(beta, d.beta);
      gemm<S>(d, stream_of(policy));
    }
  }
}

} // namespace nd::detail::linalg

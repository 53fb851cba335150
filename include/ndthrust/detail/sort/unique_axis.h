// ndthrust/detail/sort/unique_axis.h — np.unique(a, axis=k): the distinct slices along an axis, in lexicographic
// order.
//
// The axis is moved first and the array copied into rows (one row per slice, C order within it). The rows are
// ordered by one stable argsort per column, last column first (least significant first), each refining the previous
// order; equal neighbours in that order are then merged. Elements compare as nd::sort orders them (NaN last) and as
// NumPy's structured comparison of the rows: equal when ==, so NaNs never are (NumPy ignores equal_nan here) and
// -0.0 equals 0.0; the first slice of each group in input order is kept.
#pragma once

#include <ndthrust/copy.h>
#include <ndthrust/creation.h>
#include <ndthrust/detail/sort/compare.h>
#include <ndthrust/detail/sort/lines.h>
#include <ndthrust/views.h>

#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/scan.h>
#include <thrust/sequence.h>
#include <thrust/transform.h>

#include <cstdint>
#include <utility>

namespace nd::detail {

/// key[i] = column j of row perm[i] (perm null: of row i).
template <class T>
struct column_key_fn {
  const T* rows;
  const std::int64_t* perm;
  T* key;
  index_t m, j;
  NDTHRUST_HD void operator()(index_t i) const { key[i] = rows[(perm ? perm[i] : i) * m + j]; }
};

/// 1 where the sorted row i differs from row i - 1 (and at row 0).
template <class T>
struct row_start_fn {
  const T* rows;
  const std::int64_t* perm;
  index_t m;
  NDTHRUST_HD std::int64_t operator()(index_t i) const {
    if (i == 0) return 1;
    const group_equal<T> eq{false};
    const T* a = rows + perm[i - 1] * m;
    const T* b = rows + perm[i] * m;
    for (index_t j = 0; j < m; ++j)
      if (!eq(a[j], b[j])) return 1;
    return 0;
  }
};

/// Copies the first sorted row of each group to its place in `out`.
template <class T>
struct row_write_fn {
  const T* rows;
  const std::int64_t* perm;
  const std::int64_t* gid; // inclusive count of group starts
  T* out;
  index_t m;
  NDTHRUST_HD void operator()(index_t i) const {
    if (i > 0 && gid[i - 1] == gid[i]) return;
    const T* src = rows + perm[i] * m;
    T* dst       = out + (gid[i] - 1) * m;
    for (index_t j = 0; j < m; ++j) dst[j] = src[j];
  }
};

/// The unique slices of `a` along `axis`, C-contiguous, the axis as long as their number. Synchronises once.
template <class Policy, class T, class S>
array<T, S> unique_axis_impl(const Policy& policy, const array<T, S>& a, index_t axis) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  const int ax      = normalize_axis(axis, a.ndim());
  auto moved        = copy(policy, moveaxis(a, ax, 0)); // rows: one slice each
  const index_t n   = moved.shape()[0];
  const index_t m   = n == 0 ? 0 : moved.size() / n;
  shape_t out_shape = moved.shape();
  std::int64_t groups = 0;
  array<T, S> out;
  if (n > 0) {
    auto perm = empty<std::int64_t>(policy, {n}), next = empty<std::int64_t>(policy, {n});
    auto step = empty<std::int64_t>(policy, {n});
    auto key  = empty<T>(policy, {n});
    const T* rows = moved.raw();
    if (m == 0) thrust::sequence(policy, perm.raw(), perm.raw() + n);
    for (index_t j = m - 1; j >= 0; --j) {
      const bool first = j == m - 1;
      thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), n,
                         column_key_fn<T>{rows, first ? nullptr : perm.raw(), key.raw(), m, j});
      sort_lines(policy, key.raw(), first ? perm.raw() : step.raw(), 1, n);
      if (!first) {
        thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), n,
                           compose_perm_fn{perm.raw(), step.raw(), next.raw(), n});
        std::swap(perm, next);
      }
    }
    auto gid = empty<std::int64_t>(policy, {n});
    thrust::transform(policy, thrust::counting_iterator<index_t>(0), thrust::counting_iterator<index_t>(n), gid.raw(),
                      row_start_fn<T>{rows, perm.raw(), m});
    thrust::inclusive_scan(policy, gid.raw(), gid.raw() + n, gid.raw());
    synchronize(policy); // the one synchronisation: the number of distinct slices sizes the result
    groups       = gid.at(n - 1);
    out_shape[0] = groups;
    out          = empty<T>(policy, out_shape);
    if (m > 0)
      thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), n,
                         row_write_fn<T>{rows, perm.raw(), gid.raw(), out.raw(), m});
  } else {
    out = empty<T>(policy, out_shape);
  }
  return ax == 0 ? out : copy(policy, moveaxis(out, 0, ax));
}

} // namespace nd::detail

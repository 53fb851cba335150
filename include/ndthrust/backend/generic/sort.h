// ndthrust/backend/generic/sort.h — segmented sorts of host memory (host policies, and every policy of the host-only
// build).
//
// `nseg` contiguous segments of `len` elements each, sorted in place: a stable merge sort of ndthrust's own, NaNs
// last (nan_less). Not Thrust's host sorts: Thrust's OpenMP stable_sort allocates its buffers inside its parallel
// region, where a failed allocation terminates the process (an exception must not leave an OpenMP region). Here all
// scratch — n keys, and n indices for argsort — comes from ndthrust's allocator before any parallel region, so
// running out of memory raises nd::out_of_memory to the caller and nothing is left half done.
// - Parallel (device policies of the host-only build), one long segment (or a few, one after another): one chunk per
//   thread, each chunk sorted by one thread (insertion-sorted runs, then bottom-up merges); then rounds of merging
//   pairs of sorted runs, every merge split across the threads at merge-path points, ping-ponging between the keys
//   and the scratch.
// - Parallel, many segments (at least one per thread, or short ones): each segment sorted by one thread.
// - Sequential (host policies): the same merge sort on the calling thread.
#pragma once

#include <ndthrust/core/memory.h>
#include <ndthrust/core/space.h>
#include <ndthrust/detail/sort/compare.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>

#if defined(_OPENMP)
#  include <omp.h>
#endif

namespace nd::backend::generic {
namespace host_sort {

/// Threads a sort may use.
inline int threads(bool parallel) {
#if defined(_OPENMP)
  if (parallel) return std::max(1, omp_get_max_threads());
#endif
  (void) parallel;
  return 1;
}

/// f(i) for i in [0, n), on OpenMP threads when `parallel`. An exception thrown by f is caught inside the region and
/// the first one is rethrown after it: one escaping an OpenMP region would terminate the process.
template <class F>
void for_range(bool parallel, index_t n, const F& f) {
#if defined(_OPENMP)
  if (parallel && n > 1) {
    std::exception_ptr err;
#  pragma omp parallel for schedule(static)
    for (index_t i = 0; i < n; ++i) {
      try {
        f(i);
      } catch (...) {
#  pragma omp critical(ndthrust_host_sort_error)
        if (!err) err = std::current_exception();
      }
    }
    if (err) std::rethrow_exception(err);
    return;
  }
#endif
  (void) parallel;
  for (index_t i = 0; i < n; ++i) f(i);
}

/// Keys and, for an argsort (`Idx`), the indices that travel with them.
template <class T>
struct bufs {
  T* k;
  std::int64_t* v; // null without indices
  bufs at(index_t o) const { return {k + o, v ? v + o : nullptr}; }
};

template <bool Idx, class T>
inline void put(const bufs<T>& d, index_t o, const bufs<T>& s, index_t i) {
  d.k[o] = s.k[i];
  if constexpr (Idx) d.v[o] = s.v[i];
}

template <bool Idx, class T>
inline void copy_range(const bufs<T>& s, const bufs<T>& d, index_t b, index_t e) {
  if (e <= b) return;
  std::memcpy(d.k + b, s.k + b, static_cast<std::size_t>(e - b) * sizeof(T));
  if constexpr (Idx) std::memcpy(d.v + b, s.v + b, static_cast<std::size_t>(e - b) * sizeof(std::int64_t));
}

/// Stable insertion sort of x[b, e).
template <bool Idx, class T>
void insertion_sort(const bufs<T>& x, index_t b, index_t e) {
  const detail::nan_less<T> less;
  for (index_t i = b + 1; i < e; ++i) {
    const T key         = x.k[i];
    const std::int64_t v = Idx ? x.v[i] : 0;
    index_t j            = i;
    for (; j > b && less(key, x.k[j - 1]); --j) put<Idx>(x, j, x, j - 1);
    x.k[j] = key;
    if constexpr (Idx) x.v[j] = v;
  }
}

/// Stable merge of s[a, ae) and s[b, be) (a's elements first among equals) into d from position o.
template <bool Idx, class T>
void merge_into(const bufs<T>& s, index_t a, index_t ae, index_t b, index_t be, const bufs<T>& d, index_t o) {
  const detail::nan_less<T> less;
  while (a < ae && b < be) {
    if (less(s.k[b], s.k[a])) put<Idx>(d, o++, s, b++);
    else put<Idx>(d, o++, s, a++);
  }
  while (a < ae) put<Idx>(d, o++, s, a++);
  while (b < be) put<Idx>(d, o++, s, b++);
}

/// How many of the first `kpos` elements of the stable merge of k[a, a+na) and k[b, b+nb) come from the first run
/// (merge path): the smallest i with k[b + kpos - i - 1] < k[a + i].
template <class T>
index_t co_rank(const T* k, index_t a, index_t na, index_t b, index_t nb, index_t kpos) {
  const detail::nan_less<T> less;
  index_t lo = std::max<index_t>(0, kpos - nb), hi = std::min(kpos, na);
  while (lo < hi) {
    const index_t i = lo + (hi - lo) / 2; // i < na and kpos - i >= 1 here
    if (less(k[b + kpos - i - 1], k[a + i])) hi = i;
    else lo = i + 1;
  }
  return lo;
}

/// Sorts x[b, e) on the calling thread, y[b, e) as scratch; the result is in x.
template <bool Idx, class T>
void sort_range(const bufs<T>& x, const bufs<T>& y, index_t b, index_t e) {
  constexpr index_t run = 32;
  for (index_t r = b; r < e; r += run) insertion_sort<Idx>(x, r, std::min(r + run, e));
  bufs<T> s = x, d = y;
  for (index_t w = run; w < e - b; w *= 2) {
    const detail::nan_less<T> less;
    for (index_t lo = b; lo < e; lo += 2 * w) {
      const index_t mid = std::min(lo + w, e), hi = std::min(lo + 2 * w, e);
      if (mid == hi || !less(s.k[mid], s.k[mid - 1])) copy_range<Idx>(s, d, lo, hi); // already in order
      else merge_into<Idx>(s, lo, mid, mid, hi, d, lo);
    }
    std::swap(s, d);
  }
  if (s.k != x.k) copy_range<Idx>(s, x, b, e);
}

/// Sorts x[0, n) with p threads, y[0, n) as scratch; the result is in x. With indices, x.v starts as 0, 1, …
template <bool Idx, class T>
void parallel_sort(const bufs<T>& x, const bufs<T>& y, index_t n, int p) {
  const index_t c      = (n + p - 1) / p; // chunk length
  const index_t chunks = (n + c - 1) / c;
  for_range(true, chunks, [&](index_t i) {
    const index_t b = i * c, e = std::min(n, b + c);
    if constexpr (Idx)
      for (index_t j = b; j < e; ++j) x.v[j] = j;
    sort_range<Idx>(x, y, b, e);
  });
  bufs<T> s = x, d = y;
  for (index_t w = c; w < n; w *= 2) {
    const index_t pairs = (n + 2 * w - 1) / (2 * w);
    const index_t parts = std::max<index_t>(1, (p + pairs - 1) / pairs); // pieces of each merge, one per thread
    for_range(true, pairs * parts, [&](index_t t) {
      const index_t lo = t / parts * 2 * w, r = t % parts;
      const index_t mid = std::min(lo + w, n), hi = std::min(lo + 2 * w, n);
      const index_t k0 = (hi - lo) * r / parts, k1 = (hi - lo) * (r + 1) / parts;
      const index_t i0 = co_rank(s.k, lo, mid - lo, mid, hi - mid, k0);
      const index_t i1 = co_rank(s.k, lo, mid - lo, mid, hi - mid, k1);
      merge_into<Idx>(s, lo + i0, lo + i1, mid + (k0 - i0), mid + (k1 - i1), d, lo + k0);
    });
    std::swap(s, d);
  }
  if (s.k != x.k) {
    for_range(true, p, [&](index_t i) { copy_range<Idx>(s, x, n * i / p, n * (i + 1) / p); });
  }
}

/// Host memory from ndthrust's allocator (nd::out_of_memory when there is none), freed at scope exit.
struct scratch_deleter {
  void operator()(void* p) const noexcept { detail::host_deallocate(p); }
};
using scratch_ptr = std::unique_ptr<void, scratch_deleter>;

/// Sorts `nseg` segments of `len` keys; with `idx`, writes each element's original position in its segment.
template <bool Idx, class T>
void sort_segments(T* keys, std::int64_t* idx, index_t nseg, index_t len, bool parallel) {
  const index_t n = nseg * len;
  const int p     = threads(parallel);
  // Everything the sort needs, before any thread starts.
  scratch_ptr ks(detail::host_allocate(static_cast<std::size_t>(n) * sizeof(T)));
  scratch_ptr vs(Idx ? detail::host_allocate(static_cast<std::size_t>(n) * sizeof(std::int64_t)) : nullptr);
  const bufs<T> x{keys, idx}, y{static_cast<T*>(ks.get()), static_cast<std::int64_t*>(vs.get())};
  constexpr index_t min_parallel = index_t(1) << 15; // shorter segments: one thread each
  if (p == 1 || nseg >= p || len < min_parallel) {
    for_range(parallel && p > 1, nseg, [&](index_t s) {
      if constexpr (Idx)
        for (index_t j = 0; j < len; ++j) idx[s * len + j] = j;
      sort_range<Idx>(x.at(s * len), y.at(s * len), 0, len);
    });
  } else {
    for (index_t s = 0; s < nseg; ++s) parallel_sort<Idx>(x.at(s * len), y.at(s * len), len, p);
  }
}
} // namespace host_sort

/// Sorts each segment of `keys`; with `idx`, also writes each element's original position in its segment (stable).
/// Device policies (the host-only build) use OpenMP threads; host policies run on the calling thread.
template <class Policy, class T>
void sort_segments(const Policy&, T* keys, std::int64_t* idx, index_t nseg, index_t len) {
  if (nseg * len == 0) return;
  constexpr bool parallel = is_device_policy_v<Policy>;
  if (idx == nullptr) host_sort::sort_segments<false>(keys, idx, nseg, len, parallel);
  else host_sort::sort_segments<true>(keys, idx, nseg, len, parallel);
}

} // namespace nd::backend::generic

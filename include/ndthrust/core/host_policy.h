// ndthrust/core/host_policy.h — the host-only backend's device policy (nd::device, nd::par.on(s)): Thrust's OpenMP
// system, plus what lets nd::graph record on the host as it does on CUDA.
//
// Why a policy type of its own: Thrust dispatches every algorithm on the policy's type, so overloads for this type
// see every Thrust call ndthrust makes on "device" arrays. Outside a capture they run it at once on thrust::omp::par
// (one thread-local test of overhead). Inside nd::graph::capture they queue it with its arguments copied — the same
// pointers, sizes and scalars a CUDA kernel node would hold — and launch() replays the queue; calls whose result
// comes back to the host (a reduction to a value, a count) cannot be recorded and end the capture, as a synchronising
// call does on CUDA.
#pragma once

#include <ndthrust/core/memory.h>

#include <thrust/system/omp/execution_policy.h>
// Every algorithm the overloads below name (qualified calls need their declarations here).
#include <thrust/adjacent_difference.h>
#include <thrust/binary_search.h>
#include <thrust/copy.h>
#include <thrust/count.h>
#include <thrust/equal.h>
#include <thrust/extrema.h>
#include <thrust/fill.h>
#include <thrust/find.h>
#include <thrust/for_each.h>
#include <thrust/gather.h>
#include <thrust/generate.h>
#include <thrust/inner_product.h>
#include <thrust/logical.h>
#include <thrust/partition.h>
#include <thrust/reduce.h>
#include <thrust/remove.h>
#include <thrust/reverse.h>
#include <thrust/scan.h>
#include <thrust/scatter.h>
#include <thrust/sequence.h>
#include <thrust/sort.h>
#include <thrust/tabulate.h>
#include <thrust/transform.h>
#include <thrust/transform_reduce.h>
#include <thrust/uninitialized_fill.h>
#include <thrust/unique.h>

#include <functional>
#include <iterator>
#include <utility>

namespace nd::detail {
/// Queues `op` in the capture in progress (lib/omp/graph.cpp).
void capture_enqueue(capture_record& r, std::function<void()> op);
/// A call whose result the host reads, inside a recording: ends the capture (nd::capture_error).
[[noreturn]] void capture_synchronising_call(const char* what);
/// Whether memory allocated inside a recording must outlive its array for the graph's sake (then it is not freed).
bool graph_defers_free(void* p) noexcept;
} // namespace nd::detail

namespace nd::detail::host_tape {

struct policy : thrust::system::omp::detail::execution_policy<policy> {};

/// Runs `op` now, or queues it while this thread records an nd::graph.
template <class Op>
void run_or_record(Op&& op) {
  if (active_capture) capture_enqueue(*active_capture, std::function<void()>(std::forward<Op>(op)));
  else op();
}

// Calls that only write device memory: recorded inside a capture. Each returns what Thrust would, which never
// depends on the data.
#define NDTHRUST_TAPE_VOID(name)                                                                                       \
  template <class... A>                                                                                                \
  void name(policy&, const A&... a) {                                                                                  \
    run_or_record([=] { thrust::name(thrust::omp::par, a...); });                                                     \
  }
NDTHRUST_TAPE_VOID(tabulate)
NDTHRUST_TAPE_VOID(fill)
NDTHRUST_TAPE_VOID(sequence)
NDTHRUST_TAPE_VOID(sort)
NDTHRUST_TAPE_VOID(stable_sort)
NDTHRUST_TAPE_VOID(sort_by_key)
NDTHRUST_TAPE_VOID(stable_sort_by_key)
NDTHRUST_TAPE_VOID(scatter)
NDTHRUST_TAPE_VOID(uninitialized_fill)
NDTHRUST_TAPE_VOID(generate)
NDTHRUST_TAPE_VOID(reverse)
#undef NDTHRUST_TAPE_VOID

template <class It, class F>
It for_each(policy&, It first, It last, F f) {
  run_or_record([=] { thrust::for_each(thrust::omp::par, first, last, f); });
  return last;
}
template <class It, class Size, class F>
It for_each_n(policy&, It first, Size n, F f) {
  run_or_record([=] { thrust::for_each_n(thrust::omp::par, first, n, f); });
  return first + n;
}
template <class It, class Size, class T>
It fill_n(policy&, It first, Size n, const T& v) {
  run_or_record([=] { thrust::fill_n(thrust::omp::par, first, n, v); });
  return first + n;
}
template <class It, class Out, class F>
Out transform(policy&, It first, It last, Out out, F f) {
  run_or_record([=] { thrust::transform(thrust::omp::par, first, last, out, f); });
  return out + (last - first);
}
template <class It1, class It2, class Out, class F>
Out transform(policy&, It1 first1, It1 last1, It2 first2, Out out, F f) {
  run_or_record([=] { thrust::transform(thrust::omp::par, first1, last1, first2, out, f); });
  return out + (last1 - first1);
}
template <class It, class Out>
Out copy(policy&, It first, It last, Out out) {
  run_or_record([=] { thrust::copy(thrust::omp::par, first, last, out); });
  return out + (last - first);
}
template <class It, class Size, class Out>
Out copy_n(policy&, It first, Size n, Out out) {
  run_or_record([=] { thrust::copy_n(thrust::omp::par, first, n, out); });
  return out + n;
}
template <class Map, class It, class Out>
Out gather(policy&, Map map_first, Map map_last, It in, Out out) {
  run_or_record([=] { thrust::gather(thrust::omp::par, map_first, map_last, in, out); });
  return out + (map_last - map_first);
}
template <class It, class Out, class... A>
Out inclusive_scan(policy&, It first, It last, Out out, const A&... a) {
  run_or_record([=] { thrust::inclusive_scan(thrust::omp::par, first, last, out, a...); });
  return out + (last - first);
}
template <class It, class Out, class... A>
Out exclusive_scan(policy&, It first, It last, Out out, const A&... a) {
  run_or_record([=] { thrust::exclusive_scan(thrust::omp::par, first, last, out, a...); });
  return out + (last - first);
}
template <class It, class Out, class... A>
Out adjacent_difference(policy&, It first, It last, Out out, const A&... a) {
  run_or_record([=] { thrust::adjacent_difference(thrust::omp::par, first, last, out, a...); });
  return out + (last - first);
}

// Searches: the vector forms write their answers to device memory (recorded); the scalar forms return one.
#define NDTHRUST_TAPE_SEARCH(name)                                                                                     \
  template <class It, class V, class Out>                                                                              \
  Out name(policy&, It first, It last, V vfirst, V vlast, Out out) {                                                   \
    run_or_record([=] { thrust::name(thrust::omp::par, first, last, vfirst, vlast, out); });                          \
    return out + (vlast - vfirst);                                                                                     \
  }                                                                                                                    \
  template <class It, class V, class Out, class C>                                                                     \
  Out name(policy&, It first, It last, V vfirst, V vlast, Out out, C comp) {                                           \
    run_or_record([=] { thrust::name(thrust::omp::par, first, last, vfirst, vlast, out, comp); });                    \
    return out + (vlast - vfirst);                                                                                     \
  }                                                                                                                    \
  template <class It, class T>                                                                                         \
  It name(policy&, It first, It last, const T& value) {                                                                \
    if (active_capture) capture_synchronising_call("thrust::" #name);                                                 \
    return thrust::name(thrust::omp::par, first, last, value);                                                         \
  }                                                                                                                    \
  template <class It, class T, class C>                                                                                \
  It name(policy&, It first, It last, const T& value, C comp) {                                                        \
    if (active_capture) capture_synchronising_call("thrust::" #name);                                                 \
    return thrust::name(thrust::omp::par, first, last, value, comp);                                                   \
  }
NDTHRUST_TAPE_SEARCH(lower_bound)
NDTHRUST_TAPE_SEARCH(upper_bound)
#undef NDTHRUST_TAPE_SEARCH

// Calls whose result the host reads (a value, or an end that depends on the data): never recorded.
#define NDTHRUST_TAPE_SYNC(name)                                                                                       \
  template <class... A>                                                                                                \
  decltype(auto) name(policy&, A&&... a) {                                                                             \
    if (active_capture) capture_synchronising_call("thrust::" #name);                                                 \
    return thrust::name(thrust::omp::par, std::forward<A>(a)...);                                                      \
  }
NDTHRUST_TAPE_SYNC(reduce)
NDTHRUST_TAPE_SYNC(transform_reduce)
NDTHRUST_TAPE_SYNC(reduce_by_key)
NDTHRUST_TAPE_SYNC(count)
NDTHRUST_TAPE_SYNC(count_if)
NDTHRUST_TAPE_SYNC(any_of)
NDTHRUST_TAPE_SYNC(all_of)
NDTHRUST_TAPE_SYNC(none_of)
NDTHRUST_TAPE_SYNC(copy_if)
NDTHRUST_TAPE_SYNC(remove_if)
NDTHRUST_TAPE_SYNC(unique)
NDTHRUST_TAPE_SYNC(unique_copy)
NDTHRUST_TAPE_SYNC(unique_by_key)
NDTHRUST_TAPE_SYNC(find)
NDTHRUST_TAPE_SYNC(find_if)
NDTHRUST_TAPE_SYNC(min_element)
NDTHRUST_TAPE_SYNC(max_element)
NDTHRUST_TAPE_SYNC(minmax_element)
NDTHRUST_TAPE_SYNC(inner_product)
NDTHRUST_TAPE_SYNC(equal)
NDTHRUST_TAPE_SYNC(is_sorted)
NDTHRUST_TAPE_SYNC(partition)
NDTHRUST_TAPE_SYNC(stable_partition)
NDTHRUST_TAPE_SYNC(binary_search)
#undef NDTHRUST_TAPE_SYNC

} // namespace nd::detail::host_tape

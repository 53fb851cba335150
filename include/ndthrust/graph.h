// ndthrust/graph.h — record a sequence of ndthrust calls once and replay it (CuPy's Stream.begin_capture /
// end_capture / Graph.launch, over CUDA graphs).
//
//   nd::stream s;                                              // a created stream
//   auto g = nd::graph::capture(s, [&](const auto& policy) {   // policy is nd::par.on(s)
//     nd::multiply(policy, x, 5.0, x);
//     nd::multiply(policy, x, x, x);
//     nd::add(policy, x, x, x);
//   });
//   for (int i = 0; i < 1000; ++i) g.launch();                 // queued on s, no synchronisation
//   g.launch(other);                                           // or on another stream
//
// Why: every kernel launch costs a few microseconds of host time, so a chain of small calls is bound by launch
// overhead; a graph launches the whole recording at once.
//
// What a recording is:
//   - The function runs once, inside capture(): its host code (shape checks, promotion, launch configuration) runs
//     then, and its device work is recorded, not executed. Every launch replays that device work with the values
//     it saw: the same arrays (their memory, not their handles' later contents), the same scalars and sizes.
//   - The recording must use the policy it is given and must not wait for the device: item(), to_host, synchronize
//     and the few algorithms that read a count back (nonzero, unique, …) end the capture; capture() then throws
//     nd::capture_error saying the capture was invalidated by a synchronising call.
//   - The graph owns what it recorded: every array that existed before the capture and that the recording reads or
//     writes is kept alive until the graph is destroyed, so releasing the last handle before launch() is safe.
//     Destroying a graph that was launched and holds arrays waits for the device (its replays may still run).
//   - Capture is thread-local: other host threads may run ordinary ndthrust work (synchronising calls included)
//     while one thread records. If they use nd::device (the legacy default stream), capture on a non-blocking
//     stream, nd::stream(true): the legacy stream joins every blocking stream, and CUDA forbids that while capturing.
//   - Temporaries allocated and freed inside the recording are fine (they become graph allocation nodes). Arrays
//     *created* inside the recording must not be used outside it: their memory belongs to one replay (and while
//     such an array is alive, the next launch fails).
//   - An exception from the function ends the capture, discards the partial graph and is rethrown; the stream is
//     usable afterwards.
//   - The stream must be a created one: CUDA cannot capture the legacy default stream, and ndthrust's allocator
//     recycles blocks on the default streams outside stream order. capture() on stream 0 (nd::device),
//     cudaStreamLegacy or cudaStreamPerThread raises nd::value_error.
//
// Host-only (OMP) backend: the same rules, the same answers. There are no streams; capture() runs the function's host
// code and records its device work (every Thrust call on the device policy, device copies, host linear algebra and
// FFT) with its arguments copied, running nothing; launch() replays that work synchronously on the same memory,
// sizes and scalars. Reassigning an array handle after the capture changes what runs on neither backend.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/error.h>
#include <ndthrust/core/policy.h>

#include <functional>
#include <memory>
#include <utility>

namespace nd {

namespace detail {
stream_t stream_create(bool non_blocking);
void stream_destroy(stream_t s) noexcept;

/// The backend's recorded work: an instantiated CUDA graph, or the stored function on the host backend.
struct graph_exec;
void graph_exec_delete(graph_exec* g) noexcept;
struct graph_exec_deleter {
  void operator()(graph_exec* g) const noexcept { graph_exec_delete(g); }
};

/// Stream 0, and on CUDA the legacy and per-thread default stream handles.
inline bool is_default_stream(stream_t s) {
#if defined(NDTHRUST_BACKEND_CUDA)
  if (s == cudaStreamLegacy || s == cudaStreamPerThread) return true;
#endif
  return s == stream_t{};
}
using graph_exec_ptr = std::unique_ptr<graph_exec, graph_exec_deleter>;
using recording      = std::function<void(const device_policy&)>;

/// Captures f(par.on(s)) on the created stream `s` and instantiates it.
graph_exec_ptr graph_record(stream_t s, recording f);
void graph_launch(graph_exec& g, stream_t s);
} // namespace detail

/// A created stream, destroyed with the object (move-only). By default it is ordered with the legacy default stream
/// (nd::device), as cudaStreamCreate's streams are; non_blocking = true gives cudaStreamNonBlocking. Converts to
/// nd::stream_t, so it goes wherever a stream does: nd::par.on(s), nd::graph::capture(s, f). On the host-only
/// backend it is a distinct non-null token (there is nothing to run on).
class stream {
public:
  explicit stream(bool non_blocking = false) : s_(detail::stream_create(non_blocking)) {}
  ~stream() { detail::stream_destroy(s_); }
  stream(stream&& o) noexcept : s_(std::exchange(o.s_, stream_t{})) {}
  stream& operator=(stream&& o) noexcept {
    if (this != &o) {
      detail::stream_destroy(s_);
      s_ = std::exchange(o.s_, stream_t{});
    }
    return *this;
  }
  stream(const stream&)            = delete;
  stream& operator=(const stream&) = delete;

  stream_t get() const noexcept { return s_; }
  operator stream_t() const noexcept { return s_; }

private:
  stream_t s_;
};

/// Recorded device work, replayed by launch(). Move-only; a default-constructed or moved-from graph is empty and
/// launch() on it raises nd::value_error.
class graph {
public:
  graph() = default;

  /// Records f(nd::par.on(s)) on the created stream `s` (see the top of this header). f takes the policy as
  /// `const auto&` (or `const nd::device_policy&`) and must be copyable (the host backend keeps it).
  template <class F>
  static graph capture(stream_t s, F&& f) {
    NDTHRUST_EXPECTS(!detail::is_default_stream(s), value_error,
                     "graph capture needs a created stream, not the default stream (use nd::stream)");
    return graph(detail::graph_record(s, detail::recording(std::forward<F>(f))), s);
  }

  /// Queues the recorded work on the capture stream, or on `s`; returns without waiting. Launches of one graph run
  /// one after another, in launch order, whatever their streams.
  void launch() const { launch(stream_); }
  void launch(stream_t s) const {
    NDTHRUST_EXPECTS(exec_ != nullptr, value_error, "launch of an empty nd::graph (default-constructed or moved from)");
    detail::graph_launch(*exec_, s);
  }

  bool empty() const noexcept { return exec_ == nullptr; }
  explicit operator bool() const noexcept { return exec_ != nullptr; }
  /// The stream it was captured on (launch()'s stream).
  stream_t capture_stream() const noexcept { return stream_; }

private:
  graph(detail::graph_exec_ptr exec, stream_t s) : exec_(std::move(exec)), stream_(s) {}

  detail::graph_exec_ptr exec_;
  stream_t stream_ = stream_t{};
};

} // namespace nd

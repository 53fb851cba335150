// CUDA backend of nd::graph and nd::stream: stream capture into a CUDA graph, instantiated once, launched per replay.
#include <ndthrust/core/cuda_check.h>
#include <ndthrust/core/memory.h>
#include <ndthrust/graph.h>

#include <exception>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace nd {
namespace detail {

/// What a recording reached: the owners of arrays that existed before it (kept alive by the graph) and the memory
/// allocated inside it (graph allocation nodes, which the graph must not hold on to).
struct capture_record {
  std::unordered_map<const void*, std::shared_ptr<const void>> kept;
  std::unordered_set<const void*> created;
};

void capture_keep(capture_record& r, std::shared_ptr<const void> owner) {
  const void* p = owner.get();
  if (!r.created.count(p)) r.kept.emplace(p, std::move(owner));
}
void capture_created(capture_record& r, const void* p) { r.created.insert(p); }

struct graph_exec {
  cudaGraphExec_t exec = nullptr;
  std::vector<std::shared_ptr<const void>> kept; // the arrays the replays read and write
  bool launched = false;
};

void graph_exec_delete(graph_exec* g) noexcept {
  if (!g) return;
  // Launches still in flight finish first: the runtime defers the release of an executable graph's resources.
  if (g->exec && cudaGraphExecDestroy(g->exec) != cudaSuccess) cudaGetLastError();
  // The kept arrays may hold the last reference to their memory, which is freed on the stream it was allocated
  // on, not the launch stream: wait for the replays before letting it go (only when the graph is destroyed).
  if (g->launched && !g->kept.empty() && cudaDeviceSynchronize() != cudaSuccess) cudaGetLastError();
  delete g;
}

stream_t stream_create(bool non_blocking) {
  stream_t s = nullptr;
  NDTHRUST_CUDA_TRY(cudaStreamCreateWithFlags(&s, non_blocking ? cudaStreamNonBlocking : cudaStreamDefault));
  return s;
}

void stream_destroy(stream_t s) noexcept {
  // Pending work still runs; the handle goes away once it is done.
  if (s && cudaStreamDestroy(s) != cudaSuccess) cudaGetLastError();
}

namespace {
/// Ends the capture on `s` (whatever state it is in) and discards the graph; true when CUDA had invalidated it.
bool end_and_discard(stream_t s) noexcept {
  cudaGraph_t g   = nullptr;
  cudaError_t err = cudaStreamEndCapture(s, &g);
  if (g) cudaGraphDestroy(g);
  if (err != cudaSuccess) cudaGetLastError();
  return err == cudaErrorStreamCaptureInvalidated;
}

/// The errors of a call that is not allowed while a stream is capturing (a synchronisation, above all).
bool is_capture_error(int code) {
  switch (static_cast<cudaError_t>(code)) {
  case cudaErrorStreamCaptureUnsupported:
  case cudaErrorStreamCaptureInvalidated:
  case cudaErrorStreamCaptureImplicit:
  case cudaErrorStreamCaptureIsolation:
  case cudaErrorStreamCaptureWrongThread: return true;
  default: return false;
  }
}

[[noreturn]] void throw_invalidated(const std::string& cause) {
  throw capture_error("graph capture was invalidated by a synchronising call inside the recording (item(), "
                         "to_host, synchronize and algorithms that read a count back must run outside "
                         "nd::graph::capture)" + (cause.empty() ? std::string() : ": " + cause));
}
} // namespace

graph_exec_ptr graph_record(stream_t s, recording f) {
  // Thread-local mode: only this thread's calls can disturb the capture, and other threads keep working.
  NDTHRUST_CUDA_TRY(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal));
  capture_record rec;
  struct active_guard { // this thread's calls report the arrays they reach to `rec` until the function returns
    capture_record* prev;
    explicit active_guard(capture_record* r) : prev(std::exchange(active_capture, r)) {}
    ~active_guard() { active_capture = prev; }
  };
  try {
    active_guard guard(&rec);
    f(par.on(s));
  } catch (const cuda_error& e) {
    // A synchronising call fails with a capture error and leaves the capture invalidated.
    const bool invalidated = end_and_discard(s);
    if (invalidated || is_capture_error(e.code())) throw_invalidated(e.what());
    throw;
  } catch (...) {
    end_and_discard(s);
    throw;
  }
  cudaGraph_t g   = nullptr;
  cudaError_t err = cudaStreamEndCapture(s, &g);
  if (err != cudaSuccess) {
    if (g) cudaGraphDestroy(g);
    if (err == cudaErrorStreamCaptureInvalidated) { // a failed call whose error was not thrown (a free, say)
      cudaGetLastError();
      throw_invalidated("");
    }
    NDTHRUST_CUDA_TRY(err);
  }
  graph_exec_ptr out(new graph_exec);
  out->kept.reserve(rec.kept.size());
  for (auto& kv : rec.kept)
    if (!rec.created.count(kv.first)) out->kept.push_back(std::move(kv.second));
  err = cudaGraphInstantiate(&out->exec, g, 0);
  cudaGraphDestroy(g); // the executable graph is independent of the graph it came from
  NDTHRUST_CUDA_TRY(err);
  return out;
}

void graph_launch(graph_exec& g, stream_t s) {
  NDTHRUST_CUDA_TRY(cudaGraphLaunch(g.exec, s));
  g.launched = true;
}

} // namespace detail
} // namespace nd

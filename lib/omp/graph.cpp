// Host-only backend of nd::graph and nd::stream: no streams or graphs; a graph keeps the recorded function and
// launch() re-runs it.
#include <ndthrust/core/memory.h>
#include <ndthrust/graph.h>

#include <atomic>
#include <cstdint>
#include <memory>

namespace nd {
namespace detail {

// Nothing sets active_capture here: the recorded function runs again at each launch, on the arrays it names then.
struct capture_record {};
void capture_keep(capture_record&, std::shared_ptr<const void>) {}
void capture_created(capture_record&, const void*) {}

struct graph_exec {
  recording f;
};

void graph_exec_delete(graph_exec* g) noexcept { delete g; }

stream_t stream_create(bool) {
  // A distinct non-null token, so that code checked here passes the default-stream check on CUDA too.
  static std::atomic<std::uintptr_t> next{1};
  return reinterpret_cast<stream_t>(next.fetch_add(1));
}

void stream_destroy(stream_t) noexcept {}

graph_exec_ptr graph_record(stream_t, recording f) { return graph_exec_ptr(new graph_exec{std::move(f)}); }

void graph_launch(graph_exec& g, stream_t s) { g.f(par.on(s)); }

} // namespace detail
} // namespace nd

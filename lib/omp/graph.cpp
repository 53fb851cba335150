// Host-only backend of nd::graph and nd::stream. There are no streams; a capture records, instead of running, every
// Thrust call on the device policy (core/host_policy.h), device-to-device copy and host linear-algebra/FFT call,
// with its arguments copied, and launch() replays that list: the same memory, sizes and scalars, as on CUDA.
#include <ndthrust/core/host_policy.h>
#include <ndthrust/core/memory.h>
#include <ndthrust/graph.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace nd {
namespace detail {

struct capture_record {
  std::vector<std::function<void()>> ops;
  std::unordered_map<const void*, std::shared_ptr<const void>> kept; // arrays from before the capture
  std::vector<void*> created;                                        // memory allocated inside it
};

namespace {
/// Memory allocated inside a recording is the graph's as well as its array's: it is freed when both let go, so
/// that a temporary freed inside the recording is still there when the graph replays (CUDA's allocation nodes).
struct shared_block {
  bool array_alive = true, graph_alive = true;
};
std::mutex blocks_mutex;
std::unordered_map<void*, shared_block> blocks;
std::atomic<std::size_t> block_count{0};

void graph_releases(const std::vector<void*>& created) noexcept {
  std::lock_guard<std::mutex> lock(blocks_mutex);
  for (void* p : created) {
    auto it = blocks.find(p);
    if (it == blocks.end()) continue;
    it->second.graph_alive = false;
    if (!it->second.array_alive) {
      host_deallocate(p);
      blocks.erase(it);
      block_count.fetch_sub(1);
    }
  }
}
} // namespace

bool graph_defers_free(void* p) noexcept {
  if (block_count.load(std::memory_order_relaxed) == 0) return false;
  std::lock_guard<std::mutex> lock(blocks_mutex);
  auto it = blocks.find(p);
  if (it == blocks.end()) return false;
  it->second.array_alive = false;
  if (it->second.graph_alive) return true;
  blocks.erase(it);
  block_count.fetch_sub(1);
  return false;
}

void capture_keep(capture_record& r, std::shared_ptr<const void> owner) {
  const void* p = owner.get();
  r.kept.emplace(p, std::move(owner));
}
void capture_created(capture_record& r, const void* p) {
  auto* q = const_cast<void*>(p);
  {
    std::lock_guard<std::mutex> lock(blocks_mutex);
    blocks.emplace(q, shared_block{});
    block_count.fetch_add(1);
  }
  r.created.push_back(q);
}
void capture_enqueue(capture_record& r, std::function<void()> op) { r.ops.push_back(std::move(op)); }

[[noreturn]] void capture_synchronising_call(const char* what) {
  throw capture_error(std::string("graph capture was invalidated by a synchronising call inside the recording (item(), "
                                  "to_host, synchronize and algorithms that read a count back must run outside "
                                  "nd::graph::capture): ") +
                      what);
}

struct graph_exec {
  std::vector<std::function<void()>> ops;
  std::vector<std::shared_ptr<const void>> kept; // the arrays the replays read and write
  std::vector<void*> created;
};

void graph_exec_delete(graph_exec* g) noexcept {
  if (!g) return;
  graph_releases(g->created);
  delete g;
}

stream_t stream_create(bool) {
  // A distinct non-null token, so that code checked here passes the default-stream check on CUDA too.
  static std::atomic<std::uintptr_t> next{1};
  return reinterpret_cast<stream_t>(next.fetch_add(1));
}

void stream_destroy(stream_t) noexcept {}

graph_exec_ptr graph_record(stream_t s, recording f) {
  NDTHRUST_EXPECTS(active_capture == nullptr, value_error, "nd::graph::capture inside another capture");
  capture_record rec;
  struct active_guard {
    explicit active_guard(capture_record* r) { active_capture = r; }
    ~active_guard() { active_capture = nullptr; }
  };
  try {
    active_guard guard(&rec);
    f(par.on(s));
  } catch (...) {
    graph_releases(rec.created); // the partial recording is discarded
    throw;
  }
  graph_exec_ptr out(new graph_exec);
  out->ops     = std::move(rec.ops);
  out->created = std::move(rec.created);
  std::unordered_set<const void*> created(out->created.begin(), out->created.end());
  for (auto& kv : rec.kept)
    if (!created.count(kv.first)) out->kept.push_back(std::move(kv.second));
  return out;
}

void graph_launch(graph_exec& g, stream_t) {
  if (active_capture) { // launched inside another recording: that recording replays these calls too
    for (auto& op : g.ops) capture_enqueue(*active_capture, op);
    for (auto& k : g.kept) capture_keep(*active_capture, k);
    return;
  }
  for (auto& op : g.ops) op();
}

} // namespace detail
} // namespace nd

// examples/support/example_util.h — what the CuPy ports share: command-line options, a median timer and the
// RESULT line that tools/bench_report.py parses.
#pragma once

#include <ndthrust/ndthrust.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace ex {

/// `--name value…` options and `--flag` switches; anything unknown is an error (a typo must not run the default).
class args {
public:
  args(int argc, char** argv, std::vector<std::string> known) {
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      if (std::find(known.begin(), known.end(), a) == known.end()) throw nd::value_error("unknown option '" + a + "'");
      items_.push_back({a, {}});
      while (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) items_.back().second.push_back(argv[++i]);
    }
  }
  bool has(const std::string& name) const { return find(name) != nullptr; }
  /// The values given after `name` (none for a switch or an absent option).
  std::vector<std::string> values(const std::string& name) const {
    auto* v = find(name);
    return v ? *v : std::vector<std::string>{};
  }
  /// The one value of `name`, `fallback` when absent.
  std::string str(const std::string& name, const std::string& fallback = "") const {
    auto* v = find(name);
    if (!v) return fallback;
    if (v->size() != 1) throw nd::value_error(name + " expects one value");
    return v->front();
  }
  long long integer(const std::string& name, long long fallback) const {
    if (!has(name)) return fallback;
    std::string v = str(name);
    char* end     = nullptr;
    long long x   = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || x <= 0) throw nd::value_error(name + " expects a positive integer, got '" + v + "'");
    return x;
  }

private:
  const std::vector<std::string>* find(const std::string& name) const {
    for (auto& [k, v] : items_)
      if (k == name) return &v;
    return nullptr;
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> items_;
};

/// Median milliseconds of `reps` runs of `work` after one untimed warm-up (first touch of pool memory, kernel
/// loading). Work that only queues device work on the default stream is timed with CUDA events on CUDA (device
/// time); work that waits on the host in between (`device_only` false), and everything on OMP, by steady_clock
/// around the work and a final synchronisation.
template <class F>
double median_ms(int reps, bool device_only, F&& work) {
  work();
  nd::synchronize(nd::device);
  std::vector<double> ms;
#if defined(NDTHRUST_BACKEND_CUDA)
  if (device_only) {
    cudaEvent_t t0, t1;
    cudaEventCreate(&t0);
    cudaEventCreate(&t1);
    for (int r = 0; r < reps; ++r) {
      cudaEventRecord(t0, 0);
      work();
      cudaEventRecord(t1, 0);
      cudaEventSynchronize(t1);
      float m = 0;
      cudaEventElapsedTime(&m, t0, t1);
      ms.push_back(m);
    }
    cudaEventDestroy(t0);
    cudaEventDestroy(t1);
  }
#else
  (void) device_only;
#endif
  while (static_cast<int>(ms.size()) < reps) {
    auto t0 = std::chrono::steady_clock::now();
    work();
    nd::synchronize(nd::device);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::size_t h = ms.size() / 2;
  return ms.size() % 2 ? ms[h] : 0.5 * (ms[h - 1] + ms[h]);
}

/// The human-readable line and the machine line for one timed variant.
inline void report(const char* example, const char* variant, double ms, const std::string& n, bool ok) {
  std::printf("  %-10s %10.3f ms (median)  %s\n", variant, ms, ok ? "ok" : "MISMATCH");
  std::printf("RESULT example=%s variant=%s ms=%.4f n=%s check=%s\n", example, variant, ms, n.c_str(),
              ok ? "ok" : "FAIL");
}

/// The backend line every example starts with.
inline void print_backend(const char* example) {
  std::printf("%s on ndthrust's %s backend\n", example, NDTHRUST_BACKEND_NAME);
}

} // namespace ex

// examples/seed_experiment.cpp — the seed article's experiment, measured honestly.
//
// The article times `x *= 5` and the chain `x *= 5; x *= x; x += x` on a 1000x1000x1000 float64 array and reports
// huge speed-ups over NumPy because it never waits for the GPU. Here every time waits for the work it measures:
//   (a) the experiment: nd::ones, x *= 5, the chain as three calls and as one fused nd::transform; warm-up, then
//       --reps repetitions, median; CUDA events on the stream on CUDA, steady_clock on OMP;
//   (b) the size sweep 1e3 … --max: the chain (three calls, the three calls captured once as an nd::graph and
//       replayed, fused) as host wall time per call with one sync at the end of many calls — how CuPy is measured
//       in ANCHORS.md; at small sizes launch overhead dominates, which the graph replay pays once for three kernels.
//       On the host backend the replay re-runs the three calls.
// Every variant's first (warm-up) run starts from known values and is checked against the host computation; a
// mismatch makes the program return 1.
//
//   seed_experiment [--small] [--edge E] [--max N] [--reps R] [--json FILE]
//     --small   ctest smoke run: edge 100, sweep to 1e6, short timings
//     --edge E  the experiment's array is E x E x E (default 1000)
//     --max N   largest sweep size (default 1e9 on CUDA, 1e8 on OMP); sizes that do not fit in memory are skipped
//     --json F  {"backend", "threads", "gpu", "experiment": {… ms …},
//                "sweep": [{"n", "chain3_s", "graph_s", "fused_s"}, …]}
#include <ndthrust/graph.h>
#include <ndthrust/ndthrust.h>

#include <cuda/std/cmath>
#include <thrust/sequence.h>

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using nd::index_t;

// --- the operations ------------------------------------------------------------------------------------------------

/// The chain x *= 5; x *= x; x += x as one functor: one pass over memory instead of three.
struct chain_fn {
  NDTHRUST_HD double operator()(double x) const {
    x *= 5.0;
    x *= x;
    return x + x;
  }
};

/// Known start values from the flat index: -0.5 … 1.0 in quarter steps, so that 5x, (5x)² and 2(5x)² are exact
/// and the device result must equal the host's bit for bit (whatever the compiler contracts into FMAs).
struct pattern_fn {
  NDTHRUST_HD double operator()(double i) const { return ::cuda::std::fmod(i, 7.0) * 0.25 - 0.5; }
};
double host_pattern(index_t i) { return static_cast<double>(i % 7) * 0.25 - 0.5; }
double host_scale(double v) { return v * 5.0; }
double host_chain(double v) {
  v *= 5.0;
  v *= v;
  return v + v;
}

template <class Policy>
void chain3(const Policy& pol, const nd::device_array<double>& x) {
  nd::multiply(pol, x, 5.0, x);
  nd::multiply(pol, x, x, x);
  nd::add(pol, x, x, x);
}
template <class Policy>
void fused(const Policy& pol, const nd::device_array<double>& x) {
  nd::transform(pol, x, chain_fn{}, x);
}

/// x (any shape, C-contiguous) set to the known start values.
template <class Policy>
void fill_pattern(const Policy& pol, const nd::device_array<double>& x) {
  auto flat = nd::ravel(x);
  thrust::sequence(pol, flat.data(), flat.data() + flat.size());  // in place: nd::arange would need a second array
  nd::transform(pol, flat, pattern_fn{}, flat);
}

/// Compares x with expect(start value of element i): every element up to 1e7 elements, else every 1009th (a
/// prime, so all seven start values are hit) — copying 8 GB back to check would dominate the run.
template <class Policy, class F>
bool values_ok(const Policy& pol, const nd::device_array<double>& x, F expect, const char* what) {
  const index_t stride = x.size() <= 10000000 ? 1 : 1009;
  auto sample          = nd::to_host(pol, nd::ravel(x)(nd::slice(nd::none, nd::none, stride)));
  index_t bad = 0, first = -1;
  for (index_t k = 0; k < sample.size(); ++k) {
    if (sample.raw()[k] != expect(host_pattern(k * stride))) {
      if (first < 0) first = k * stride;
      ++bad;
    }
  }
  if (bad)
    std::printf("  MISMATCH %s: %lld of %lld checked values wrong, first at flat index %lld\n", what,
                static_cast<long long>(bad), static_cast<long long>(sample.size()), static_cast<long long>(first));
  return bad == 0;
}

// --- timing --------------------------------------------------------------------------------------------------------

/// Device time of the work queued on a stream: CUDA events on CUDA, steady_clock on OMP (where calls return when
/// done).
class stream_timer {
public:
  explicit stream_timer(nd::stream_t s) : s_(s) {
#if defined(NDTHRUST_BACKEND_CUDA)
    NDTHRUST_CUDA_TRY(cudaEventCreate(&ev_[0]));
    NDTHRUST_CUDA_TRY(cudaEventCreate(&ev_[1]));
#endif
  }
  ~stream_timer() {
#if defined(NDTHRUST_BACKEND_CUDA)
    cudaEventDestroy(ev_[0]);
    cudaEventDestroy(ev_[1]);
#endif
  }
  stream_timer(const stream_timer&)            = delete;
  stream_timer& operator=(const stream_timer&) = delete;
  void start() {
#if defined(NDTHRUST_BACKEND_CUDA)
    NDTHRUST_CUDA_TRY(cudaEventRecord(ev_[0], s_));
#else
    t0_ = std::chrono::steady_clock::now();
#endif
  }
  double stop_ms() {
#if defined(NDTHRUST_BACKEND_CUDA)
    NDTHRUST_CUDA_TRY(cudaEventRecord(ev_[1], s_));
    NDTHRUST_CUDA_TRY(cudaEventSynchronize(ev_[1]));
    float ms = 0;
    NDTHRUST_CUDA_TRY(cudaEventElapsedTime(&ms, ev_[0], ev_[1]));
    return ms;
#else
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0_).count();
#endif
  }

private:
  nd::stream_t s_;
#if defined(NDTHRUST_BACKEND_CUDA)
  cudaEvent_t ev_[2] = {};
#else
  std::chrono::steady_clock::time_point t0_;
#endif
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

/// Median device time of f over `reps` runs (the caller has warmed it up).
template <class F>
double median_ms(stream_timer& t, int reps, F f) {
  std::vector<double> ms;
  for (int r = 0; r < reps; ++r) {
    t.start();
    f();
    ms.push_back(t.stop_ms());
  }
  return median(ms);
}

/// Host wall time per call of f, with one sync after a batch of calls: the batch is sized to last about `target_s`;
/// the median of three batches.
template <class Policy, class F>
double wall_per_call_s(const Policy& pol, double target_s, F f) {
  using clock = std::chrono::steady_clock;
  auto once   = clock::now();
  f();
  nd::synchronize(pol);
  double one = std::chrono::duration<double>(clock::now() - once).count();
  long reps  = std::clamp(static_cast<long>(target_s / std::max(one, 1e-7)), 3L, 100000L);
  std::vector<double> per;
  for (int b = 0; b < 3; ++b) {
    auto t0 = clock::now();
    for (long r = 0; r < reps; ++r) f();
    nd::synchronize(pol);
    per.push_back(std::chrono::duration<double>(clock::now() - t0).count() / static_cast<double>(reps));
  }
  return median(per);
}

// --- memory and where we run ---------------------------------------------------------------------------------------

/// Whether `bytes` more of device memory (host memory on OMP) are available, with a margin for temporaries.
bool fits(double bytes) {
  const double margin = 1 << 30;
#if defined(NDTHRUST_BACKEND_CUDA)
  nd::pool_trim();  // memory cached by ndthrust's pool counts as free
  std::size_t free_b = 0, total_b = 0;
  NDTHRUST_CUDA_TRY(cudaMemGetInfo(&free_b, &total_b));
  return bytes + margin <= static_cast<double>(free_b);
#else
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kb = 0;
  while (meminfo >> key >> kb)
    if (key == "MemAvailable:") return bytes + margin <= kb * 1024;
  return true;  // unknown: try, and let the allocation report a failure
#endif
}

std::string gpu_name() {
#if defined(NDTHRUST_BACKEND_CUDA)
  int dev = 0;
  cudaDeviceProp prop{};
  if (cudaGetDevice(&dev) == cudaSuccess && cudaGetDeviceProperties(&prop, dev) == cudaSuccess) return prop.name;
#endif
  return "";
}

std::string fmt_time(double s) {
  char buf[32];
  if (s >= 1) std::snprintf(buf, sizeof buf, "%.3g s", s);
  else if (s >= 1e-3) std::snprintf(buf, sizeof buf, "%.3g ms", s * 1e3);
  else std::snprintf(buf, sizeof buf, "%.3g us", s * 1e6);
  return buf;
}

// --- the two parts -------------------------------------------------------------------------------------------------

struct options {
  bool small     = false;
  index_t edge   = 1000;
  double max_n   = 0;
  int reps       = 5;
  std::string json;
};

struct experiment_result {
  bool run = false;
  std::string shape;
  double ones_ms = 0, scale_ms = 0, chain3_ms = 0, fused_ms = 0;
};

struct sweep_row {
  index_t n;
  double chain3_s, graph_s, fused_s;
};

int failures = 0;

void result_line(const char* variant, double ms, const std::string& n, bool ok) {
  std::printf("RESULT example=seed_experiment variant=%s ms=%.6g n=%s check=%s\n", variant, ms, n.c_str(),
              ok ? "ok" : "FAIL");
}

template <class Policy>
experiment_result experiment(const Policy& pol, stream_timer& timer, const options& opt) {
  experiment_result r;
  const index_t e     = opt.edge;
  const nd::shape_t shape{e, e, e};
  r.shape = std::to_string(e) + "x" + std::to_string(e) + "x" + std::to_string(e);
  std::printf("(a) the experiment on %s float64, median of %d after a warm-up:\n", r.shape.c_str(), opt.reps);
  if (!fits(8.0 * static_cast<double>(e * e * e))) {
    std::printf("  skipped: %s float64 does not fit in memory\n", r.shape.c_str());
    return r;
  }
  r.run = true;

  {  // ones: one array at a time, so the experiment needs memory for one array only
    auto x  = nd::ones<double>(pol, shape);
    bool ok = values_ok(pol, x, [](double) { return 1.0; }, "ones");
    failures += !ok;
    x         = nd::device_array<double>();
    r.ones_ms = median_ms(timer, opt.reps, [&] { auto y = nd::ones<double>(pol, shape); });
    result_line("ones", r.ones_ms, r.shape, ok);
  }
  auto x = nd::empty<double>(pol, shape);
  // Each variant: known values, one checked run (the warm-up), then the timed runs (values grow to inf; the
  // arithmetic costs the same).
  auto run = [&](const char* name, auto op, auto expect, double& ms) {
    fill_pattern(pol, x);
    op();
    bool ok = values_ok(pol, x, expect, name);
    failures += !ok;
    ms = median_ms(timer, opt.reps, op);
    result_line(name, ms, r.shape, ok);
  };
  run("scale", [&] { nd::multiply(pol, x, 5.0, x); }, host_scale, r.scale_ms);
  run("chain3", [&] { chain3(pol, x); }, host_chain, r.chain3_ms);
  run("fused", [&] { fused(pol, x); }, host_chain, r.fused_ms);

  std::printf("  %-34s %10.3f ms\n", "x = nd::ones(...)", r.ones_ms);
  std::printf("  %-34s %10.3f ms\n", "x *= 5", r.scale_ms);
  std::printf("  %-34s %10.3f ms\n", "x*=5; x*=x; x+=x (three calls)", r.chain3_ms);
  std::printf("  %-34s %10.3f ms\n", "the same chain, one fused call", r.fused_ms);
  return r;
}

template <class Policy>
std::vector<sweep_row> sweep(const Policy& pol, nd::stream_t s, const options& opt) {
  std::vector<sweep_row> rows;
  const double target = opt.small ? 0.01 : 0.1;
  std::printf("(b) the chain by size: host wall time per call, one sync after a batch of calls:\n");
  std::printf("  %12s %14s %14s %14s\n", "elements", "three calls", "as a graph", "fused");
  for (double dn = 1e3; dn <= opt.max_n * 1.0001; dn *= 10) {
    const auto n = static_cast<index_t>(dn + 0.5);
    if (!fits(8.0 * dn)) {
      std::printf("  %12lld  skipped: does not fit in memory\n", static_cast<long long>(n));
      continue;
    }
    auto x = nd::empty<double>(pol, {n});
    sweep_row row{n, 0, 0, 0};
    fill_pattern(pol, x);
    chain3(pol, x);
    failures += !values_ok(pol, x, host_chain, "sweep chain3");
    row.chain3_s = wall_per_call_s(pol, target, [&] { chain3(pol, x); });
    fill_pattern(pol, x);
    // example-begin graph
    // The three calls recorded once on the created stream s (nothing runs yet); each launch replays them.
    auto g = nd::graph::capture(s, [&](const auto& p) {
      nd::multiply(p, x, 5.0, x);
      nd::multiply(p, x, x, x);
      nd::add(p, x, x, x);
    });
    g.launch();  // queued on s, no synchronisation; g.launch(other_stream) runs it there
    // example-end
    failures += !values_ok(pol, x, host_chain, "sweep graph");
    row.graph_s = wall_per_call_s(pol, target, [&] { g.launch(); });
    fill_pattern(pol, x);
    fused(pol, x);
    failures += !values_ok(pol, x, host_chain, "sweep fused");
    row.fused_s = wall_per_call_s(pol, target, [&] { fused(pol, x); });
    std::printf("  %12lld %14s %14s %14s\n", static_cast<long long>(n), fmt_time(row.chain3_s).c_str(),
                fmt_time(row.graph_s).c_str(), fmt_time(row.fused_s).c_str());
    rows.push_back(row);
  }
  return rows;
}

void write_json(const std::string& path, const options& opt, const experiment_result& e,
                const std::vector<sweep_row>& rows) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) throw std::runtime_error("cannot write " + path);
  std::fprintf(f, "{\n  \"backend\": \"%s\",\n  \"threads\": %d,\n  \"gpu\": \"%s\",\n", NDTHRUST_BACKEND_NAME,
               omp_get_max_threads(), gpu_name().c_str());
  std::fprintf(f, "  \"check\": \"%s\",\n", failures ? "FAIL" : "ok");
  if (e.run)
    std::fprintf(f,
                 "  \"experiment\": {\"shape\": \"%s\", \"dtype\": \"float64\", \"reps\": %d, \"ones_ms\": %.6g, "
                 "\"scale_ms\": %.6g, \"chain3_ms\": %.6g, \"fused_ms\": %.6g},\n",
                 e.shape.c_str(), opt.reps, e.ones_ms, e.scale_ms, e.chain3_ms, e.fused_ms);
  else
    std::fprintf(f, "  \"experiment\": {},\n");
  std::fprintf(f, "  \"sweep\": [");
  for (std::size_t i = 0; i < rows.size(); ++i)
    std::fprintf(f, "%s\n    {\"n\": %lld, \"chain3_s\": %.6g, \"graph_s\": %.6g, \"fused_s\": %.6g}", i ? "," : "",
                 static_cast<long long>(rows[i].n), rows[i].chain3_s, rows[i].graph_s, rows[i].fused_s);
  std::fprintf(f, "\n  ]\n}\n");
  std::fclose(f);
}

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr, "seed_experiment: %s\nusage: seed_experiment [--small] [--edge E] [--max N] [--reps R] "
                       "[--json FILE]\n", msg);
  std::exit(2);
}

options parse(int argc, char** argv) {
  options o;
#if defined(NDTHRUST_BACKEND_CUDA)
  o.max_n = 1e9;
#else
  o.max_n = 1e8;
#endif
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value    = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + a).c_str());
      return argv[++i];
    };
    try {
      if (a == "--small") {
        o.small = true;
        o.edge  = 100;
        o.max_n = 1e6;
        o.reps  = 3;
      } else if (a == "--edge") o.edge = std::stoll(value());
      else if (a == "--max") o.max_n = std::stod(value());
      else if (a == "--reps") o.reps = std::stoi(value());
      else if (a == "--json") o.json = value();
      else usage(("unknown option " + a).c_str());
    } catch (const std::logic_error&) {  // std::stoll / stod on a non-number
      usage(("bad number after " + a).c_str());
    }
  }
  if (o.edge < 1 || o.reps < 1 || o.max_n < 1e3) usage("need --edge >= 1, --reps >= 1 and --max >= 1000");
  return o;
}

} // namespace

int main(int argc, char** argv) {
  const options opt = parse(argc, argv);
  try {
    nd::stream s(true); // non-blocking; a created stream, which graph capture needs
#if defined(NDTHRUST_BACKEND_CUDA)
    std::printf("ndthrust backend: cuda on %s\n", gpu_name().c_str());
#else
    std::printf("ndthrust backend: omp, %d threads\n", omp_get_max_threads());
#endif
    {
      const auto pol = nd::par.on(s);
      stream_timer timer(s);
      auto e    = experiment(pol, timer, opt);
      auto rows = sweep(pol, s, opt);
      if (!opt.json.empty()) write_json(opt.json, opt, e, rows);
      nd::synchronize(pol);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "seed_experiment failed: %s\n", e.what());
    return 2;
  }
  std::printf(failures ? "FAILED: %d check(s) failed\n" : "all checks passed\n", failures);
  return failures ? 1 : 0;
}

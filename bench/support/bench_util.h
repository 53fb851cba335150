// Shared plumbing of the benchmark binaries: backend-dependent sizes, timers, memory checks and bandwidth counters.
//
// Naming: every case is registered as "<family>/<case>/<variant>". Variants starting with "nd" time ndthrust,
// "raw" is the plain Thrust / CUDA call doing the same job (the ratio baseline) and "raw_<x>" are further
// references (e.g. pinned-memory copies, the physical limit). The label is "size=<shape and dtype>; <what runs>",
// so tools/bench_report.py can pair rows and match peers measured at the same size.
#pragma once

#include <ndthrust/config.h>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstddef>
#include <exception>
#include <string>

namespace ndbench {

#if defined(NDTHRUST_BACKEND_CUDA)
inline constexpr bool on_gpu = true;
#else
inline constexpr bool on_gpu = false;
#endif

/// GPU sizes on CUDA, small ones on the host-only backend so that CI-like runs stay quick.
template <class T>
constexpr T by_backend(T gpu, T omp) {
  return on_gpu ? gpu : omp;
}

/// Device→device copy bandwidth in bytes/s (bytes read + bytes written), measured once by main before the cases
/// run; 0 when unknown. It is the reference of the "copy_bw_pct" counter.
double copy_bandwidth();

/// Waits for all device work (no-op on the host-only backend).
void device_sync();

/// Returns the pool's cached memory and checks that `bytes` of device memory are free; otherwise marks the case
/// skipped and returns false. Always true on the host-only backend.
bool reserve_device_memory(benchmark::State& state, std::size_t bytes);

/// Times device work: CUDA events on the default stream (device time, waits for the work) on CUDA, wall clock on OMP.
class device_timer {
public:
  device_timer();
  ~device_timer();
  device_timer(const device_timer&)            = delete;
  device_timer& operator=(const device_timer&) = delete;
  void start();
  /// Seconds since start(), once the work queued since then is done.
  double stop();

private:
  void* ev_[2] = {};
  std::chrono::steady_clock::time_point t0_;
};

/// Wall clock: host time of the calls, with one device sync before stop() reads the clock.
class wall_timer {
public:
  void start() { t0_ = std::chrono::steady_clock::now(); }
  double stop() {
    device_sync();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  }

private:
  std::chrono::steady_clock::time_point t0_;
};

/// Sets the label and reports `bytes` moved per iteration as bytes/s and, for device-memory work (`vs_copy`), as a
/// share of the measured device copy bandwidth.
void report(benchmark::State& state, const std::string& size, const std::string& what, double bytes_per_iter = 0,
            bool vs_copy = true);

/// Runs `work` once untimed (first touch of pool memory, kernel loading), then once per iteration under `Timer`.
/// The case must be registered with UseManualTime() (add() does).
template <class Timer, class F>
void time_loop(benchmark::State& state, F&& work) {
  Timer timer;
  work();
  device_sync();
  for (auto _ : state) {
    timer.start();
    work();
    state.SetIterationTime(timer.stop());
  }
}

template <class F>
void time_device(benchmark::State& state, F&& work) {
  time_loop<device_timer>(state, work);
}
template <class F>
void time_wall(benchmark::State& state, F&& work) {
  time_loop<wall_timer>(state, work);
}

/// Wall time per call of host-side work that queues device work without waiting: no sync inside the loop, one sync
/// at the end, counted in the last iteration.
template <class F>
void time_calls(benchmark::State& state, F&& work) {
  for (int i = 0; i < 16; ++i) work();
  device_sync();
  benchmark::IterationCount done = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    work();
    if (++done == state.max_iterations) device_sync();
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
}

/// Registers the case "<name>" (already "<family>/<case>/<variant>") with manual timing and `unit`. An exception
/// from the case (e.g. out of memory in its setup) skips it with the message instead of ending the binary.
template <class F>
benchmark::internal::Benchmark* add(const std::string& name, F fn, benchmark::TimeUnit unit) {
  return benchmark::RegisterBenchmark(name.c_str(),
                                      [fn](benchmark::State& state) {
                                        try {
                                          fn(state);
                                        } catch (const std::exception& e) {
                                          state.SkipWithError(e.what());
                                        }
                                      })
      ->UseManualTime()
      ->Unit(unit);
}

} // namespace ndbench

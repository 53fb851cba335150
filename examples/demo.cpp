// examples/demo.cpp — the seed program: host data moved to the device, added there, brought back and checked;
// then a small matrix, its transpose (a view) and a contiguous copy of it. Returns non-zero on any mismatch.
// The README quotes the parts between `example-begin` / `example-end` markers (tools/sync_readme.py).
#include <ndthrust/ndthrust.h>  // everything, printing (operator<<) included


#include <cstdio>
#include <exception>
#include <iostream>
#include <random>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  std::printf("  %-44s %s\n", what, ok ? "ok" : "MISMATCH");
  if (!ok) ++failures;
}

void print_where() {
  std::printf("ndthrust backend: %s\n", NDTHRUST_BACKEND_NAME);
#if defined(NDTHRUST_BACKEND_CUDA)
  int dev = 0;
  cudaDeviceProp prop{};
  if (cudaGetDevice(&dev) == cudaSuccess && cudaGetDeviceProperties(&prop, dev) == cudaSuccess)
    std::printf("  device arrays live in GPU memory on %s (sm_%d%d); kernels run there\n", prop.name, prop.major,
                prop.minor);
#else
  std::printf("  device arrays live in host memory; Thrust's device algorithms run on OpenMP threads\n");
#endif
}

void add_on_device() {
  std::printf("add two arrays of 1000 random floats on the device:\n");
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  std::vector<float> ha(1000), hb(1000);
  for (auto& v : ha) v = dist(rng);
  for (auto& v : hb) v = dist(rng);

  // example-begin add
  auto a = nd::asarray(nd::device, ha);   // host std::vector -> device array (a copy)
  auto b = nd::asarray(nd::device, hb);
  auto c = nd::add(nd::device, a, b);     // NumPy's a + b: one kernel, asynchronous
  auto hc = nd::to_host(c);               // returns once the data has landed on the host
  // example-end

  bool same = hc.size() == 1000;
  for (nd::index_t i = 0; same && i < hc.size(); ++i) same = hc.raw()[i] == ha[i] + hb[i];
  check(same, "device sum equals the host sum");
}

void views_and_copies() {
  std::printf("a 2x3 matrix and its transpose:\n");
  // example-begin views
  auto m = nd::reshape(nd::arange<int>(nd::device, 0, 6), {2, 3});  // [[0 1 2] [3 4 5]]
  auto t = nd::transpose(m);              // a 3x2 view of the same memory, strides (1, 3)
  auto tc = nd::ascontiguousarray(t);     // a C-contiguous copy: [[0 3] [1 4] [2 5]]
  // example-end
  std::cout << "m =\n" << m << "\nm.T made contiguous =\n" << tc << "\n";
  std::vector<int> expect;
  for (int j = 0; j < 3; ++j)
    for (int i = 0; i < 2; ++i) expect.push_back(i * 3 + j);
  check(!t.is_contiguous() && t.shares_storage_with(m), "transpose is a view");
  check(tc.is_contiguous() && !tc.shares_storage_with(m), "ascontiguousarray copied it");
  check(nd::to_vector(tc) == expect, "contiguous transpose has the right values");

  // example-begin sharing
  auto alias = m;                         // a second handle on the same buffer, as `alias = m` in NumPy
  auto deep  = nd::copy(m);               // a deep copy
  alias.at(0, 0) = 100;                   // writes through to m, not to deep
  // example-end
  check(m.at(0, 0) == 100 && deep.at(0, 0) == 0, "assignment shares, nd::copy copies");
}

void lambdas() {
  std::printf("one-line functors: lambdas marked NDTHRUST_HD:\n");
  auto x = nd::linspace<double>(nd::device, 0.0, 1.0, 5);
  // example-begin lambda
  auto y = nd::transform(nd::device, [] NDTHRUST_HD(double v, double s) { return s * v * v; }, x, 3.0);
  auto n = nd::sum(nd::device, nd::map([] NDTHRUST_HD(double v) { return v > 0.5; }, x)); // one fused kernel
  // example-end
  auto hy = nd::to_vector(y);
  check(hy.size() == 5 && hy[2] == 0.75 && hy[4] == 3.0, "transform with a lambda: 3 x^2");
  check(nd::item(n) == 2, "sum over a lazy map of a lambda counts x > 0.5");
}

} // namespace

int main() {
  try {
    print_where();
    add_on_device();
    views_and_copies();
    lambdas();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "demo failed: %s\n", e.what());
    return 2;
  }
  std::printf(failures ? "FAILED: %d mismatch(es)\n" : "all checks passed\n", failures);
  return failures ? 1 : 0;
}

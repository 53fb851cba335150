// nd::graph and nd::stream: a recorded chain replayed N times equals the chain run N times (both checked against the
// host), a reduction into a preallocated output replayed, the errors (default stream, an exception or a
// synchronising call inside the recording, an empty graph) and the stream left usable after them.
// Both backends give the same answers: a recording replays the memory, sizes and scalars it saw at capture.
#include <ndthrust/graph.h>
#include <ndthrust/ndthrust.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <vector>

namespace {

/// Start values -0.1 … 0.1: five rounds of x *= 5; x *= x; x += x stay finite (about 1e21 at most).
std::vector<double> start_values(int n) {
  std::vector<double> v(n);
  for (int i = 0; i < n; ++i) v[i] = -0.1 + 0.2 * i / (n - 1);
  return v;
}

double host_chain(double v) {
  v *= 5.0;
  v *= v;
  return v + v;
}

template <class Policy>
void chain3(const Policy& p, const nd::device_array<double>& x) {
  nd::multiply(p, x, 5.0, x);
  nd::multiply(p, x, x, x);
  nd::add(p, x, x, x);
}

template <class Policy>
std::vector<double> values(const Policy& p, const nd::device_array<double>& x) {
  auto h = nd::to_host(p, x); // waits for the work queued on p's stream
  return std::vector<double>(h.raw(), h.raw() + h.size());
}

void expect_chain_applied(const std::vector<double>& got, const std::vector<double>& start, int rounds) {
  ASSERT_EQ(got.size(), start.size());
  for (std::size_t i = 0; i < start.size(); ++i) {
    double want = start[i];
    for (int r = 0; r < rounds; ++r) want = host_chain(want);
    EXPECT_DOUBLE_EQ(got[i], want) << "element " << i << " after " << rounds << " rounds";
  }
}

bool stream_is_capturing(nd::stream_t s) {
#if defined(NDTHRUST_BACKEND_CUDA)
  cudaStreamCaptureStatus status = cudaStreamCaptureStatusNone;
  NDTHRUST_CUDA_TRY(cudaStreamIsCapturing(s, &status));
  return status != cudaStreamCaptureStatusNone;
#else
  (void) s;
  return false;
#endif
}

} // namespace

TEST(Graph, ReplayEqualsEagerChain) {
  nd::stream s;
  const auto pol   = nd::par.on(s);
  const auto start = start_values(1000);
  auto x           = nd::asarray(pol, start);
  auto y           = nd::asarray(pol, start);

  auto g = nd::graph::capture(s, [&](const auto& p) { chain3(p, x); });
  EXPECT_FALSE(g.empty());
  EXPECT_EQ(g.capture_stream(), s.get());
  // Capturing records the work; nothing has run yet.
  EXPECT_EQ(values(pol, x), start);

  constexpr int rounds = 5;
  for (int r = 0; r < rounds; ++r) g.launch();
  for (int r = 0; r < rounds; ++r) chain3(pol, y);
  expect_chain_applied(values(pol, x), start, rounds);
  expect_chain_applied(values(pol, y), start, rounds);
}

TEST(Graph, LaunchOnAnotherStream) {
  nd::stream s, t(true);
  const auto start = start_values(300);
  auto x           = nd::asarray(nd::par.on(s), start);
  auto g           = nd::graph::capture(s, [&](const auto& p) { chain3(p, x); });
  nd::synchronize(nd::par.on(s)); // x's upload is on s; t does not wait for s on its own
  g.launch(t);
  g.launch(t);
  expect_chain_applied(values(nd::par.on(t), x), start, 2);
}

TEST(Graph, ReplayedReductionIntoPreallocatedOut) {
  nd::stream s;
  const auto pol = nd::par.on(s);
  // Quarter steps keep every product and sum exact, whatever the summation order.
  std::vector<double> start(12);
  for (int i = 0; i < 12; ++i) start[i] = 0.25 * (i - 5);
  auto m     = nd::reshape(nd::asarray(pol, start), {3, 4});
  auto total = nd::empty<double>(pol, {});
  auto rows  = nd::empty<double>(pol, {3});

  auto g = nd::graph::capture(s, [&](const auto& p) {
    nd::multiply(p, m, 2.0, m);
    nd::sum(p, m, nd::axis_spec{}, total); // whole array: CUB with a pool temporary inside the recording
    nd::sum(p, m, 1, rows);                // along an axis
  });
  constexpr int rounds = 3;
  for (int r = 0; r < rounds; ++r) g.launch();

  double want_total = 0;
  std::vector<double> want_rows(3, 0.0);
  for (int i = 0; i < 12; ++i) {
    want_total += start[i] * 8;
    want_rows[i / 4] += start[i] * 8;
  }
  EXPECT_EQ(values(pol, rows), want_rows);
  EXPECT_EQ(nd::to_host(pol, total).raw()[0], want_total);
}

// Reductions and scans long enough to take the multi-pass paths (chunk results combined afterwards) replay whole.
TEST(Graph, ReplayedLongReductionAndScan) {
  nd::stream s;
  const auto pol       = nd::par.on(s);
  constexpr int n      = 1 << 18;
  std::vector<double> start(n);
  for (int i = 0; i < n; ++i) start[i] = double(i % 7) - 3.0; // small integers: every order sums exactly
  auto x     = nd::asarray(pol, start);
  auto total = nd::empty<double>(pol, {});
  auto cols  = nd::empty<double>(pol, {2});
  auto run   = nd::empty<double>(pol, {n});
  auto g     = nd::graph::capture(s, [&](const auto& p) {
    nd::add(p, x, 1.0, x);
    nd::sum(p, x, nd::axis_spec{}, total);
    nd::sum(p, nd::reshape(x, {n / 2, 2}), 0, cols);
    nd::copyto(p, run, nd::cumsum(p, x));
  });
  g.launch();
  g.launch();
  double want = 0, want_cols[2] = {0, 0};
  std::vector<double> want_run(n);
  for (int i = 0; i < n; ++i) {
    want += start[i] + 2.0;
    want_cols[i % 2] += start[i] + 2.0;
    want_run[i] = want;
  }
  EXPECT_EQ(nd::to_host(pol, total).raw()[0], want);
  EXPECT_EQ(values(pol, cols), (std::vector<double>{want_cols[0], want_cols[1]}));
  EXPECT_EQ(values(pol, run), want_run);
}

TEST(Graph, DefaultStreamIsRejected) {
  auto x      = nd::zeros<double>({4});
  auto record = [&](const auto& p) { nd::add(p, x, 1.0, x); };
  try {
    nd::graph::capture(nd::stream_t{}, record);
    FAIL() << "capture on the default stream did not throw";
  } catch (const nd::value_error& e) {
    EXPECT_NE(std::string(e.what()).find("graph capture needs a created stream, not the default stream"),
              std::string::npos)
      << e.what();
  }
#if defined(NDTHRUST_BACKEND_CUDA)
  EXPECT_THROW(nd::graph::capture(cudaStreamLegacy, record), nd::value_error);
  EXPECT_THROW(nd::graph::capture(cudaStreamPerThread, record), nd::value_error);
#endif
  EXPECT_EQ(nd::to_vector(x), std::vector<double>(4, 0.0));
}

TEST(Graph, ExceptionInsideRecordingLeavesStreamUsable) {
  nd::stream s;
  const auto pol = nd::par.on(s);
  auto x         = nd::asarray(pol, std::vector<double>{1, 2, 3, 4});
  auto wrong     = nd::zeros<double>(pol, {3});
  auto record    = [&](const auto& p) {
    nd::multiply(p, x, 2.0, x);
    nd::add(p, x, wrong, x); // shapes (4,) and (3,) do not broadcast
  };
  EXPECT_THROW(nd::graph::capture(s, record), nd::shape_error);
  EXPECT_FALSE(stream_is_capturing(s));
  EXPECT_EQ(values(pol, x), (std::vector<double>{1, 2, 3, 4})); // the recorded multiply never ran
  // The stream takes eager work and a new capture afterwards.
  nd::multiply(pol, x, 3.0, x);
  EXPECT_EQ(values(pol, x), (std::vector<double>{3, 6, 9, 12}));
  auto g = nd::graph::capture(s, [&](const auto& p) { nd::add(p, x, 1.0, x); });
  g.launch();
  EXPECT_EQ(values(pol, x), (std::vector<double>{4, 7, 10, 13}));
}

TEST(Graph, SynchronisingCallInvalidatesCapture) {
  nd::stream s;
  const auto pol = nd::par.on(s);
  auto x         = nd::asarray(pol, std::vector<double>{1, 2, 3});
  EXPECT_EQ(nd::item(nd::sum(pol, x)), 6.0); // outside a recording, reading a result back is fine
  try {
    nd::graph::capture(s, [&](const auto& p) {
      nd::multiply(p, x, 2.0, x);
      (void) nd::item(nd::sum(p, x)); // waits for the stream: not allowed while it is capturing
    });
    FAIL() << "a synchronising call inside the recording did not throw";
  } catch (const nd::capture_error& e) {
    EXPECT_NE(std::string(e.what()).find("invalidated by a synchronising call"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(stream_is_capturing(s));
  nd::multiply(pol, x, 10.0, x);
  EXPECT_EQ(values(pol, x), (std::vector<double>{10, 20, 30})); // the recorded multiply never ran
}

// launch() replays the arrays and scalars of the capture, not what the names captured by reference hold later.
TEST(Graph, ReplaysTheArraysAndScalarsOfTheCapture) {
  nd::stream s;
  const auto pol = nd::par.on(s);
  auto x         = nd::asarray(pol, std::vector<double>{1, 2, 3});
  double c       = 10.0;
  auto g         = nd::graph::capture(s, [&](const auto& p) { nd::add(p, x, c, x); });
  auto recorded  = x;                                              // a second handle to the recorded memory
  x              = nd::asarray(pol, std::vector<double>{7, 7, 7}); // the name now holds another array
  c              = 1000.0;
  g.launch();
  g.launch();
  EXPECT_EQ(values(pol, recorded), (std::vector<double>{21, 22, 23}));
  EXPECT_EQ(values(pol, x), (std::vector<double>{7, 7, 7}));
}

// One recording through several families (elementwise, copies of views, reductions along axes, sort, cumsum,
// matmul, take): the replay equals the same calls run eagerly, on both backends.
TEST(Graph, ReplayOfSeveralFamiliesEqualsEagerRun) {
  nd::stream s;
  const auto pol = nd::par.on(s);
  std::vector<double> start(24);
  for (int i = 0; i < 24; ++i) start[i] = double((i * 7) % 24) - 11.0; // distinct integers, exact everywhere
  auto work = [](const auto& p, const nd::device_array<double>& m, const nd::device_array<double>& rows,
                 const nd::device_array<double>& sorted, const nd::device_array<double>& prod,
                 const nd::device_array<double>& picked, const nd::device_array<std::int64_t>& where) {
    nd::multiply(p, m, -1.0, m);
    nd::copyto(p, sorted, nd::transpose(m));                 // a strided copy
    nd::sum(p, m, 1, rows);                                  // an axis reduction into out
    nd::copyto(p, sorted, nd::sort(p, sorted, 0));           // a sort along an axis
    nd::copyto(p, prod, nd::matmul(p, m, sorted));           // a product
    // A gather (mode clip: checking the indices, mode raise, reads a result back and cannot be recorded).
    nd::copyto(p, picked, nd::take(p, nd::ravel(p, m), where, std::nullopt, nd::take_mode::clip));
    nd::add(p, m, nd::cumsum(p, m, 1), m);                   // a scan
  };
  auto make = [&] {
    return std::make_tuple(nd::reshape(nd::asarray(pol, start), {4, 6}), nd::empty<double>(pol, {4}),
                           nd::empty<double>(pol, {6, 4}), nd::empty<double>(pol, {4, 4}),
                           nd::empty<double>(pol, {3}),
                           nd::asarray(pol, std::vector<std::int64_t>{5, 0, 23}));
  };
  auto [m1, r1, s1, p1, k1, w1] = make();
  auto [m2, r2, s2, p2, k2, w2] = make();
  auto g = nd::graph::capture(s, [&, &m1 = m1, &r1 = r1, &s1 = s1, &p1 = p1, &k1 = k1, &w1 = w1](const auto& p) {
    work(p, m1, r1, s1, p1, k1, w1);
  });
  EXPECT_EQ(values(pol, m1), start); // nothing ran at capture
  for (int r = 0; r < 2; ++r) {
    g.launch();
    work(pol, m2, r2, s2, p2, k2, w2);
  }
  EXPECT_EQ(values(pol, m1), values(pol, m2));
  EXPECT_EQ(values(pol, r1), values(pol, r2));
  EXPECT_EQ(values(pol, s1), values(pol, s2));
  EXPECT_EQ(values(pol, p1), values(pol, p2));
  EXPECT_EQ(values(pol, k1), values(pol, k2));
}

TEST(Graph, MovedFromGraphIsEmpty) {
  nd::stream s;
  const auto pol = nd::par.on(s);
  auto x         = nd::asarray(pol, std::vector<double>{1, 2});
  auto g         = nd::graph::capture(s, [&](const auto& p) { nd::add(p, x, 1.0, x); });
  nd::graph h    = std::move(g);
  EXPECT_TRUE(g.empty());
  EXPECT_FALSE(static_cast<bool>(g));
  EXPECT_THROW(g.launch(), nd::value_error);
  EXPECT_THROW(nd::graph().launch(), nd::value_error);
  h.launch();
  EXPECT_EQ(values(pol, x), (std::vector<double>{2, 3}));

  g = std::move(h); // and back: the graph works wherever it was moved
  g.launch();
  EXPECT_TRUE(h.empty());
  EXPECT_EQ(values(pol, x), (std::vector<double>{3, 4}));
}

TEST(Graph, StreamsAreDistinctAndMoveOnly) {
  nd::stream a, b;
  EXPECT_NE(a.get(), nd::stream_t{});
  EXPECT_NE(a.get(), b.get());
  nd::stream_t handle = a;
  nd::stream c        = std::move(a);
  EXPECT_EQ(c.get(), handle);
  EXPECT_EQ(a.get(), nd::stream_t{});
  static_assert(!std::is_copy_constructible_v<nd::stream>);
  static_assert(!std::is_copy_constructible_v<nd::graph>);
}

// A graph keeps every array its recording reached: releasing the user's last handle before launch() must not let the
// replay write into memory handed out afterwards.
TEST(Graph, ReleasedArrayStaysAliveUntilTheGraphGoesAway) {
  nd::stream s;
  const auto pol = nd::par.on(s);
  auto x         = nd::asarray(pol, start_values(4096));
  const void* old_address = x.raw();
  auto g = nd::graph::capture(s, [&](const auto& p) { chain3(p, x); });
  x      = nd::device_array<double>(); // the user's only handle is gone
  // Same size and stream as x: a freed block would come straight back from the pool.
  auto y = nd::full(pol, {4096}, 7.0);
#if defined(NDTHRUST_BACKEND_CUDA)
  EXPECT_NE(static_cast<const void*>(y.raw()), old_address) << "the graph did not keep the recorded array alive";
#else
  (void) old_address;
#endif
  for (int r = 0; r < 3; ++r) g.launch();
  EXPECT_EQ(values(pol, y), std::vector<double>(4096, 7.0));
  g = nd::graph(); // destroying the graph releases what it kept
  auto z = nd::full(pol, {4096}, 1.0);
  EXPECT_EQ(values(pol, z), std::vector<double>(4096, 1.0));
}

// Temporaries and results allocated inside the recording are the graph's own: the graph does not hold them, so a
// recording with an in-graph temporary launches again and again.
TEST(Graph, TemporariesInsideTheRecordingAreNotKept) {
  nd::stream s;
  const auto pol = nd::par.on(s);
  auto x         = nd::asarray(pol, std::vector<double>{1, 2, 3, 4});
  auto out       = nd::empty<double>(pol, {4});
  auto g         = nd::graph::capture(s, [&](const auto& p) {
    auto t = nd::empty<double>(p, {4}); // allocated and freed inside the recording
    nd::multiply(p, x, 2.0, t);
    nd::add(p, t, 1.0, out);
  });
  for (int r = 0; r < 4; ++r) g.launch();
  EXPECT_EQ(values(pol, out), (std::vector<double>{3, 5, 7, 9}));
}

// Capture is thread-local: seven threads doing ordinary work (with synchronising reads) while one thread records
// neither break the capture nor see their own results change.
TEST(Graph, CaptureWhileOtherThreadsCompute) {
  constexpr int workers = 7, n = 2000;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0}, rounds{0};
  std::vector<std::thread> pool;
  for (int w = 0; w < workers; ++w)
    pool.emplace_back([&, w] {
      try {
        nd::stream own;
        const auto p = nd::par.on(own);
        while (!stop.load()) {
          auto a = nd::full(p, {n}, double(w + 1));
          nd::multiply(p, a, 2.0, a);
          auto total = nd::item(nd::sum(p, a)); // synchronises this worker's stream
          if (total != 2.0 * (w + 1) * n) failures.fetch_add(1);
          auto h = nd::full(nd::device, {64}, 1.0); // and the default stream
          if (nd::item(nd::sum(nd::device, h)) != 64.0) failures.fetch_add(1);
          rounds.fetch_add(1);
        }
      } catch (...) {
        failures.fetch_add(1000);
      }
    });
  // Non-blocking: work the other threads queue on nd::device (the legacy default stream) would otherwise join a
  // capturing stream, which CUDA forbids.
  nd::stream s(true);
  const auto pol   = nd::par.on(s);
  const auto start = start_values(1000);
  std::string error;
  try {
    for (int k = 0; k < 20; ++k) {
      auto x = nd::asarray(pol, start);
      auto g = nd::graph::capture(s, [&](const auto& p) { chain3(p, x); });
      g.launch();
      g.launch();
      expect_chain_applied(values(pol, x), start, 2);
    }
  } catch (const std::exception& e) {
    error = e.what();
  }
  stop.store(true);
  for (auto& t : pool) t.join();
  EXPECT_EQ(error, "");
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(rounds.load(), 0);
}

// Out of memory inside algorithms raises nd::out_of_memory and the library keeps working (issue 11, section 4).
// On the host backend a child process runs under an address-space limit (RLIMIT_AS) that holds its input but not
// the sort's scratch; it reports through its exit status, so a terminate() or abort (a signal) fails the test.
#include <ndthrust/ndthrust.h>
#include <ndthrust/sort.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#if !defined(NDTHRUST_BACKEND_CUDA)
#  include <sys/resource.h>
#  include <sys/wait.h>
#  include <unistd.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#  define NDTHRUST_TEST_ASAN 1
#elif defined(__has_feature)
#  if __has_feature(address_sanitizer)
#    define NDTHRUST_TEST_ASAN 1
#  endif
#endif

namespace {

TEST(OutOfMemory, HugeAllocationRaises) {
  // 2^61 bytes: beyond any address space, so the allocation fails even where the kernel overcommits without limit
  // (8 TiB succeeded on the lent H200 host, whose overcommit is "always").
  EXPECT_THROW(nd::empty<double>(nd::host, {1LL << 58}), nd::out_of_memory);
  // The library keeps working.
  auto a = nd::zeros<double>(nd::host, {3});
  EXPECT_EQ(a.at(2), 0.0);
}

#if !defined(NDTHRUST_BACKEND_CUDA)
/// Runs `body` in a child limited to its current address space plus `margin` bytes; returns its exit status
/// (-signal when it was killed).
template <class F>
int in_limited_child(const F& body) {
  const pid_t pid = fork();
  if (pid == 0) {
    int code = 99;
    try {
      code = body();
    } catch (...) {
      code = 98;
    }
    _exit(code);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

/// The address space in use now, from /proc/self/statm (pages).
std::size_t address_space_bytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  unsigned long pages = 0;
  if (f) {
    if (std::fscanf(f, "%lu", &pages) != 1) pages = 0;
    std::fclose(f);
  }
  return pages * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

void limit_to(std::size_t bytes) {
  rlimit r{bytes, bytes};
  setrlimit(RLIMIT_AS, &r);
}

/// 200 MB of float64 input, then a limit 300 MB above the usage: the sorted copy (200 MB) fits, the sort's scratch
/// (another 200 MB) does not.
/// Exit codes: 0 ok, 1 no out_of_memory, 2 the small sort afterwards is wrong.
template <class Op>
int oom_then_small_sort(const Op& op) {
  const nd::index_t n = 25'000'000; // 200 MB of float64
  auto a = nd::arange<double>(nd::device, 0.0, static_cast<double>(n));
  limit_to(address_space_bytes() + (std::size_t(300) << 20));
  bool raised = false;
  try {
    op(a);
  } catch (const nd::out_of_memory&) {
    raised = true;
  }
  if (!raised) return 1;
  // NumPy: np.sort([3., nan, 1., 2.]) == [1., 2., 3., nan]; np.argsort(..., kind='stable') == [2, 3, 0, 1].
  std::vector<double> h{3.0, NAN, 1.0, 2.0};
  auto s  = nd::sort(nd::device, nd::asarray(nd::device, h.data(), nd::shape_t{4}));
  auto ix = nd::argsort(nd::device, nd::asarray(nd::device, h.data(), nd::shape_t{4}));
  if (!(s.at(0) == 1.0 && s.at(1) == 2.0 && s.at(2) == 3.0 && s.at(3) != s.at(3))) return 2;
  if (!(ix.at(0) == 2 && ix.at(1) == 3 && ix.at(2) == 0 && ix.at(3) == 1)) return 2;
  return 0;
}

class OutOfMemoryLimit : public ::testing::Test {
 protected:
  void SetUp() override {
#  if defined(NDTHRUST_TEST_ASAN)
    GTEST_SKIP() << "AddressSanitizer reserves address space: RLIMIT_AS cannot be set usefully";
#  endif
  }
};

TEST_F(OutOfMemoryLimit, Sort) {
  EXPECT_EQ(in_limited_child([] { return oom_then_small_sort([](const auto& a) { (void) nd::sort(nd::device, a); }); }),
            0);
}
TEST_F(OutOfMemoryLimit, Argsort) {
  EXPECT_EQ(
    in_limited_child([] { return oom_then_small_sort([](const auto& a) { (void) nd::argsort(nd::device, a); }); }), 0);
}
TEST_F(OutOfMemoryLimit, Unique) {
  EXPECT_EQ(
    in_limited_child([] { return oom_then_small_sort([](const auto& a) { (void) nd::unique(nd::device, a); }); }), 0);
}
TEST_F(OutOfMemoryLimit, UniqueCounts) {
  EXPECT_EQ(in_limited_child(
              [] { return oom_then_small_sort([](const auto& a) { (void) nd::unique_counts(nd::device, a); }); }),
            0);
}
#endif

} // namespace

// Host storage for both backends: 64-byte aligned so that vector loads never split a cache line.
#include <ndthrust/core/error.h>
#include <ndthrust/core/memory.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#if defined(__linux__)
#  include <sys/mman.h>
#endif

namespace nd::detail {
namespace {
/// NDTHRUST_MADVISE_HUGEPAGE=0 turns the huge-page advice off (NumPy's NUMPY_MADVISE_HUGEPAGE does the same there).
bool want_huge_pages() {
  static const bool on = [] {
    const char* v = std::getenv("NDTHRUST_MADVISE_HUGEPAGE");
    return !(v && v[0] == '0');
  }();
  return on;
}
} // namespace

void* host_allocate(std::size_t bytes) {
  // aligned_alloc needs a multiple of the alignment; the rounding must not wrap to a tiny size near SIZE_MAX.
  // No object may be larger than PTRDIFF_MAX either (pointer differences across it would overflow).
  if (bytes > static_cast<std::size_t>(PTRDIFF_MAX) - 63)
    throw out_of_memory("out of memory allocating " + std::to_string(bytes) + " bytes of host memory");
  std::size_t rounded = bytes == 0 ? 64 : (bytes + 63) & ~std::size_t(63);
  void* p = nullptr;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // From 32 MiB (where glibc always maps fresh memory) on 2 MiB boundaries, so that huge pages cover the block.
  if (rounded >= (std::size_t(1) << 25) && want_huge_pages() && posix_memalign(&p, std::size_t(1) << 21, rounded) != 0) p = nullptr;
#endif
  if (!p) p = std::aligned_alloc(64, rounded);
  if (!p) throw out_of_memory("out of memory allocating " + std::to_string(bytes) + " bytes of host memory");
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // Transparent huge pages asked for from 4 MiB, as NumPy does: a fresh 40 MB result otherwise costs ten thousand
  // page faults, more than the reduction that fills it. Advice only: a refusal leaves ordinary pages.
  if (rounded >= (std::size_t(1) << 22) && want_huge_pages()) {
    const auto a = reinterpret_cast<std::uintptr_t>(p), start = (a + 4095) & ~std::uintptr_t(4095);
    madvise(reinterpret_cast<void*>(start), a + rounded - start, MADV_HUGEPAGE);
  }
#endif
  return p;
}
void host_deallocate(void* p) noexcept { std::free(p); }
} // namespace nd::detail

// ndthrust/detail/random/philox.h — Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
// SC'11), written from the published algorithm: a counter-based generator whose output block is a pure function
// of (counter, key), so element i of any array can be computed by any thread on any backend.
#pragma once

#include <ndthrust/config.h>

#include <cstdint>

namespace nd::detail::random {

struct philox_block {
  std::uint32_t v[4];
};

inline constexpr std::uint32_t philox_m0 = 0xD2511F53u; // round multipliers
inline constexpr std::uint32_t philox_m1 = 0xCD9E8D57u;
inline constexpr std::uint32_t philox_w0 = 0x9E3779B9u; // Weyl key increments (golden ratio, sqrt(3) - 1)
inline constexpr std::uint32_t philox_w1 = 0xBB67AE85u;

/// Philox4x32 with 10 rounds: 4 × 32 random bits from a 128-bit counter and a 64-bit key.
NDTHRUST_HD inline philox_block philox4x32_10(philox_block ctr, std::uint32_t k0, std::uint32_t k1) {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += philox_w0;
      k1 += philox_w1;
    }
    std::uint64_t p0 = static_cast<std::uint64_t>(philox_m0) * ctr.v[0];
    std::uint64_t p1 = static_cast<std::uint64_t>(philox_m1) * ctr.v[2];
    auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
    auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
    ctr = philox_block{{hi1 ^ ctr.v[1] ^ k0, lo1, hi0 ^ ctr.v[3] ^ k1, lo0}};
  }
  return ctr;
}

/// The stream of one generator call: block b of call `call` under `seed`. Counter = (b, call), key = seed.
struct stream {
  std::uint64_t seed;
  std::uint64_t call;
  NDTHRUST_HD philox_block block(std::uint64_t b) const {
    philox_block c{{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(b >> 32), static_cast<std::uint32_t>(call),
                    static_cast<std::uint32_t>(call >> 32)}};
    return philox4x32_10(c, static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32));
  }
};

/// [0, 1) from 24 or 53 random bits.
NDTHRUST_HD inline float to_unit_float(std::uint32_t x) { return static_cast<float>(x >> 8) * 0x1p-24f; }
NDTHRUST_HD inline double to_unit_double(std::uint32_t hi, std::uint32_t lo) {
  return static_cast<double>(((static_cast<std::uint64_t>(hi) << 32) | lo) >> 11) * 0x1p-53;
}

/// lo + span * u rounded twice, as the host computes it: nvcc would otherwise fuse it into one FMA on the device
/// and the same seed would give other last bits there.
template <class T>
NDTHRUST_HD T affine(T lo, T span, T u) {
#if defined(__CUDA_ARCH__)
  if constexpr (sizeof(T) == 4) return __fadd_rn(lo, __fmul_rn(span, u));
  else return __dadd_rn(lo, __dmul_rn(span, u));
#else
  return lo + span * u;
#endif
}

/// High 64 bits of a 64 × 64 product.
NDTHRUST_HD inline std::uint64_t mulhi64(std::uint64_t a, std::uint64_t b) {
#if defined(__CUDA_ARCH__)
  return __umul64hi(a, b);
#else
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(a) * b) >> 64);
#endif
}

} // namespace nd::detail::random

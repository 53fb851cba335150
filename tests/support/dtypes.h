// Type lists shared by the typed tests. Kept lean: nvcc compile time grows with every type.
#pragma once

#include <ndthrust/core/dtype.h>

#include <gtest/gtest.h>

#include <cstdint>

namespace ndtest {
/// Every dtype ndthrust supports.
using all_dtypes = ::testing::Types<bool, std::int8_t, std::int16_t, std::int32_t, std::int64_t, std::uint8_t,
                                    std::uint16_t, std::uint32_t, std::uint64_t, float, double, nd::complex64,
                                    nd::complex128>;
/// One of each kind (bool, signed, unsigned, real, complex): for tests whose code paths differ only by kind.
using kind_dtypes = ::testing::Types<bool, std::int32_t, std::uint8_t, float, double, nd::complex64>;
/// Numeric types without bool and complex.
using real_dtypes = ::testing::Types<std::int8_t, std::int32_t, std::int64_t, std::uint16_t, float, double>;
} // namespace ndtest

#include "golden_cases.h"

#include <cstdint>

TEST(ReduceGolden, Int32) { reduce_golden::run_file<std::int32_t>("i32"); }
TEST(ReduceGolden, Int8) { reduce_golden::run_file<std::int8_t>("i8"); }
TEST(ReduceGolden, UInt8) { reduce_golden::run_file<std::uint8_t>("u8"); }

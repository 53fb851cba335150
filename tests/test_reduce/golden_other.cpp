#include "golden_cases.h"

TEST(ReduceGolden, Bool) { reduce_golden::run_file<bool>("b"); }
TEST(ReduceGolden, Complex128) { reduce_golden::run_file<nd::complex128>("c128"); }

// float64 golden reductions, and the NaN file (float64 too, one instantiation).
#include "golden_cases.h"

TEST(ReduceGolden, Float64) { reduce_golden::run_file<double>("f64"); }
TEST(ReduceGolden, NaN) { reduce_golden::run_file<double>("nan"); }

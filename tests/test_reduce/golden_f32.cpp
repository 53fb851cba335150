#include "golden_cases.h"

TEST(ReduceGolden, Float32) { reduce_golden::run_file<float>("f32"); }

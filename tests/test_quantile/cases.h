// What test_quantile.cpp and test_quantile/*.cpp share: the golden file (tests/golden/quantile/make_golden.py) and
// its inputs.
#pragma once

#include "golden/reduce/check.h"

#include <string>

namespace quantile_golden {

// The golden reader looks under <golden>/core.
inline const std::string file = "../quantile/quantile.txt";

template <class T>
nd::device_array<T> input(const std::string& name) {
  return golden::input<T>(nd::device, file, "in_" + name);
}

} // namespace quantile_golden

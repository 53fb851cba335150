// Sorts of every shape (issue 18's sweep, small) against NumPy: sort and stable argsort along each axis of (n, k) and
// (k, n) arrays for k = 1 … 1024, empty and length-one axes, a[::-1], a[:, ::2] and 3-D middle axes, float32 values
// with many ties and float64 with NaNs (sorted last). Golden data: tests/golden/shapes/make_golden.py.
#include <ndthrust/sort.h>

#include <gtest/gtest.h>

#include "golden/shapes/shapes.h"

namespace {
template <class T>
void sorts_against_numpy(const std::string& dt) {
  const std::string file = "../shapes/sort.txt";
  using shapes_golden::expect_case;
  shapes_golden::for_each_case<T>(512, dt, [&](const std::string& key, const nd::device_array<T>& v, int ax) {
    expect_case(file, "sort", key, [&] { return nd::sort(nd::device, v, ax); });
    expect_case(file, "argsort", key, [&] { return nd::argsort(nd::device, v, ax); });
  });
}
} // namespace

TEST(EveryShapeGolden, SortsOfTheSweepShapesMatchNumPy) {
  sorts_against_numpy<float>("f32");
  sorts_against_numpy<double>("nan");
}

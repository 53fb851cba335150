// Core array: creation, views, copies and transfers.
#include <ndthrust/ndthrust.h>

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

TEST(Array, ZerosOnesFull) {
  auto a = nd::zeros<double>({2, 3});
  EXPECT_EQ(a.ndim(), 2);
  EXPECT_EQ(a.size(), 6);
  EXPECT_TRUE(a.is_contiguous());
  auto v = nd::to_vector(a);
  EXPECT_EQ(v, std::vector<double>(6, 0.0));
  EXPECT_EQ(nd::to_vector(nd::full<int>({4}, 7)), std::vector<int>(4, 7));
}

TEST(Array, SliceTransposeCopy) {
  auto a = nd::arange<int>(nd::device, 0, 12);
  auto m = nd::reshape(a, {3, 4});
  auto t = nd::transpose(m);
  EXPECT_FALSE(t.is_contiguous());
  auto c = nd::ascontiguousarray(t);
  EXPECT_EQ(nd::to_vector(c), (std::vector<int>{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}));
  auto s = m(nd::slice(nd::none, nd::none, -1), 1);
  EXPECT_EQ(nd::to_vector(s), (std::vector<int>{9, 5, 1}));
}

TEST(Array, HostDeviceRoundTrip) {
  std::vector<float> h(1000);
  std::iota(h.begin(), h.end(), 0.f);
  auto d = nd::asarray(nd::device, h);
  auto back = nd::to_host(d);
  EXPECT_EQ(std::vector<float>(back.raw(), back.raw() + back.size()), h);
}

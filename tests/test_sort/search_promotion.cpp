// searchsorted with operands of different dtypes: NumPy compares in their result type
// (np.searchsorted(np.array([1, 2, 3]), [1.5, 2.0, 2.5]) is [1, 1, 2]; side='right' [1, 2, 2]).
#include <ndthrust/sort.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

struct to_float {
  NDTHRUST_HD float operator()(double v) const { return static_cast<float>(v); }
};

template <class P>
void mixed_dtypes(const P& p) {
  auto a = nd::asarray(p, std::vector<std::int64_t>{1, 2, 3});
  auto v = nd::asarray(p, std::vector<double>{1.5, 2.0, 2.5, -1, 7});
  EXPECT_EQ(nd::to_vector(nd::searchsorted(p, a, v)), (std::vector<std::int64_t>{1, 1, 2, 0, 3}));
  EXPECT_EQ(nd::to_vector(nd::searchsorted(p, a, v, false)), (std::vector<std::int64_t>{1, 2, 2, 0, 3}));
  // float32 sorted array, int32 needles: float64 comparison (16777217 is not a float32).
  auto f = nd::asarray(p, std::vector<float>{0.f, 16777216.f, 16777218.f});
  auto i = nd::asarray(p, std::vector<std::int32_t>{16777217, 16777216});
  EXPECT_EQ(nd::to_vector(nd::searchsorted(p, f, i)), (std::vector<std::int64_t>{2, 1}));
  // An expression of another dtype as the needles.
  auto e = nd::map(to_float{}, v);
  EXPECT_EQ(nd::to_vector(nd::searchsorted(p, a, e)), (std::vector<std::int64_t>{1, 1, 2, 0, 3}));
}

TEST(SearchsortedPromotion, Device) { mixed_dtypes(nd::device); }
TEST(SearchsortedPromotion, Host) { mixed_dtypes(nd::host); }

} // namespace

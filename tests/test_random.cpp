// Counter-based random numbers: Philox known answers, the stream layout (against an independent Python
// implementation in golden/ufuncs/make_golden.py), host = device, moments and the combinatorial functions.
#include <ndthrust/ndthrust.h>
#include <ndthrust/random.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {
std::vector<std::vector<std::string>> golden_lines(const std::string& tag) {
  std::ifstream in(std::string(NDTHRUST_GOLDEN_DIR) + "/ufuncs/random.txt");
  EXPECT_TRUE(in) << "golden file missing: ufuncs/random.txt";
  std::vector<std::vector<std::string>> r;
  for (std::string line; std::getline(in, line);) {
    std::stringstream ss(line);
    std::vector<std::string> f;
    for (std::string t; ss >> t;) f.push_back(t);
    if (!f.empty() && f[0] == tag) r.push_back(f);
  }
  return r;
}

template <class T>
std::pair<double, double> mean_var(const std::vector<T>& v) {
  double m = 0, q = 0;
  for (T x : v) m += double(x);
  m /= double(v.size());
  for (T x : v) q += (double(x) - m) * (double(x) - m);
  return {m, q / double(v.size())};
}
} // namespace

TEST(Random, PhiloxKnownAnswers) {
  using namespace nd::detail::random;
  // Random123's kat_vectors for philox4x32_10 (counter 0 / key 0 is the first).
  auto zero = philox4x32_10({{0, 0, 0, 0}}, 0, 0);
  EXPECT_EQ(zero.v[0], 0x6627e8d5u);
  EXPECT_EQ(zero.v[3], 0x9b00dbd8u);
  auto lines = golden_lines("kat");
  ASSERT_EQ(lines.size(), 3u);
  for (const auto& f : lines) {
    std::uint32_t x[10];
    for (int i = 0; i < 10; ++i) x[i] = static_cast<std::uint32_t>(std::stoul(f[i + 1], nullptr, 16));
    auto r = philox4x32_10({{x[0], x[1], x[2], x[3]}}, x[4], x[5]);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(r.v[i], x[6 + i]) << f[1] << " word " << i;
  }
}

TEST(Random, StreamLayoutMatchesIndependentImplementation) {
  auto lines = golden_lines("f32");
  ASSERT_EQ(lines.size(), 2u);
  nd::random::generator g(std::stoull(lines[0][1]));
  for (const auto& f : lines) {
    EXPECT_EQ(g.calls(), std::stoull(f[2]));
    auto got = nd::to_vector(g.uniform<float>(nd::device, {nd::index_t(f.size() - 3)}));
    for (std::size_t i = 0; i + 3 < f.size(); ++i) EXPECT_EQ(got[i], std::strtof(f[i + 3].c_str(), nullptr)) << i;
  }
}

TEST(Random, HostEqualsDeviceAndCallsDiffer) {
  nd::random::generator gh(7), gd(7);
  nd::shape_t shape{37, 3}; // not a multiple of the block size
  EXPECT_EQ(nd::to_vector(gh.uniform<float>(nd::host, shape)), nd::to_vector(gd.uniform<float>(nd::device, shape)));
  EXPECT_EQ(nd::to_vector(gh.uniform<double>(nd::host, shape, -2.0, 3.0)),
            nd::to_vector(gd.uniform<double>(nd::device, shape, -2.0, 3.0)));
  EXPECT_EQ(nd::to_vector(gh.integers<std::int32_t>(nd::host, -5, 1000, shape)),
            nd::to_vector(gd.integers<std::int32_t>(nd::device, -5, 1000, shape)));
  EXPECT_EQ(nd::to_vector(gh.permutation(nd::host, 50)), nd::to_vector(gd.permutation(nd::device, 50)));
  // Normals use log/sqrt/sincos, whose last bits may differ between CUDA and glibc.
  auto nh = nd::to_vector(gh.normal<float>(nd::host, shape));
  auto nd_ = nd::to_vector(gd.normal<float>(nd::device, shape));
  for (std::size_t i = 0; i < nh.size(); ++i) EXPECT_NEAR(nh[i], nd_[i], 1e-5f * (1 + std::fabs(nh[i])));
  // Two calls of one generator differ; a new generator with the same seed repeats the first.
  nd::random::generator g(7);
  auto a = nd::to_vector(g.uniform<float>(nd::device, shape));
  auto b = nd::to_vector(g.uniform<float>(nd::device, shape));
  EXPECT_NE(a, b);
  nd::random::generator g2(7);
  EXPECT_EQ(nd::to_vector(g2.uniform<float>(nd::device, shape)), a);
  nd::random::generator g3(8);
  EXPECT_NE(nd::to_vector(g3.uniform<float>(nd::device, shape)), a);
}

TEST(Random, Moments) {
  nd::random::generator g(2024);
  const nd::index_t n = 1 << 20;
  const double sn     = std::sqrt(double(n));
  auto u              = nd::to_vector(g.uniform<double>(nd::device, {n}, 2.0, 5.0));
  auto [um, uv]       = mean_var(u);
  EXPECT_NEAR(um, 3.5, 5 * std::sqrt(0.75) / sn);  // var of U(2, 5) = 9/12
  EXPECT_NEAR(uv, 0.75, 5 * 0.75 * std::sqrt(0.8) / sn);
  EXPECT_GE(*std::min_element(u.begin(), u.end()), 2.0);
  EXPECT_LT(*std::max_element(u.begin(), u.end()), 5.0);
  auto uf       = nd::to_vector(g.rand(nd::device, {n}));
  auto [fm, fv] = mean_var(uf);
  EXPECT_NEAR(fm, 0.5, 5 * std::sqrt(1.0 / 12) / sn);
  EXPECT_NEAR(fv, 1.0 / 12, 5 * (1.0 / 12) * std::sqrt(0.8) / sn);
  for (int f32 = 0; f32 < 2; ++f32) {
    std::vector<double> z;
    if (f32) {
      auto v = nd::to_vector(g.normal<float>(nd::device, {n}, 1.0f, 2.0f));
      z.assign(v.begin(), v.end());
    } else {
      z = nd::to_vector(g.normal<double>(nd::device, {n}, 1.0, 2.0));
    }
    auto [m, v] = mean_var(z);
    EXPECT_NEAR(m, 1.0, 5 * 2.0 / sn) << f32;
    EXPECT_NEAR(v, 4.0, 5 * 4.0 * std::sqrt(2.0) / sn) << f32;
    // Tails: P(|z - 1| > 2·2) = 4.55 %.
    double tail = std::count_if(z.begin(), z.end(), [](double x) { return std::fabs(x - 1.0) > 4.0; }) / double(n);
    EXPECT_NEAR(tail, 0.0455, 0.002) << f32;
  }
}

TEST(Random, IntegersInRangeAndUniform) {
  nd::random::generator g(99);
  const nd::index_t n = 200000;
  auto k              = nd::to_vector(g.integers<std::int64_t>(nd::device, -3, 7, {n}));
  std::vector<int> count(10);
  for (auto x : k) {
    ASSERT_GE(x, -3);
    ASSERT_LT(x, 7);
    ++count[x + 3];
  }
  double chi2 = 0, e = n / 10.0;
  for (int c : count) chi2 += (c - e) * (c - e) / e;
  EXPECT_LT(chi2, 33.7); // chi-square with 9 degrees of freedom: p = 1e-4
  // A range that is not a power of two and near 2^63: still in range, both halves hit.
  auto big = nd::to_vector(g.randint<std::uint64_t>(nd::device, 0, (std::uint64_t(3) << 62), {1000}));
  int upper = 0;
  for (auto x : big) {
    ASSERT_LT(x, std::uint64_t(3) << 62);
    upper += x >= (std::uint64_t(3) << 61);
  }
  EXPECT_NEAR(upper, 500, 80);
  auto small = nd::to_vector(g.integers<std::uint8_t>(nd::device, 250, 255, {1000}));
  for (auto x : small) ASSERT_TRUE(x >= 250 && x < 255);
  EXPECT_THROW(g.integers<int>(nd::device, 5, 5, {3}), nd::value_error);
}

TEST(Random, PermutationShuffleChoice) {
  nd::random::generator g(5);
  auto p = nd::to_vector(g.permutation(nd::device, 1000));
  std::vector<std::int64_t> sorted(p), iota(1000);
  std::sort(sorted.begin(), sorted.end());
  std::iota(iota.begin(), iota.end(), 0);
  EXPECT_EQ(sorted, iota);
  EXPECT_NE(p, iota);

  // Shuffle rows of a transposed (non-contiguous) view: each row keeps its contents, the multiset of rows stays.
  auto base = nd::arange<int>(nd::device, 0, 60);
  auto m    = nd::transpose(nd::reshape(base, {3, 20})); // 20 rows of 3: row i = (i, i+20, i+40)
  g.shuffle(nd::device, m);
  auto rows = nd::to_vector(m);
  std::vector<int> firsts;
  for (int r = 0; r < 20; ++r) {
    EXPECT_EQ(rows[3 * r + 1], rows[3 * r] + 20);
    EXPECT_EQ(rows[3 * r + 2], rows[3 * r] + 40);
    firsts.push_back(rows[3 * r]);
  }
  std::vector<int> order(firsts);
  std::sort(order.begin(), order.end());
  std::vector<int> want(20);
  std::iota(want.begin(), want.end(), 0);
  EXPECT_EQ(order, want);
  EXPECT_NE(firsts, want);

  auto pool = nd::arange<double>(nd::device, 10.0, 20.0);
  auto c    = nd::to_vector(g.choice(nd::device, pool, 10, false));
  std::sort(c.begin(), c.end());
  EXPECT_EQ(c, nd::to_vector(pool));
  auto r = nd::to_vector(g.choice(nd::device, pool, 500, true));
  std::set<double> seen(r.begin(), r.end());
  EXPECT_EQ(seen.size(), 10u);
  for (double x : r) EXPECT_TRUE(x >= 10.0 && x < 20.0 && x == std::floor(x));
  EXPECT_THROW(g.choice(nd::device, pool, 11, false), nd::value_error);
}

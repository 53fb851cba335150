// Reader for the linalg / fft golden files (format in make_golden.py beside this file) and the tests' input
// generator, which mirrors make_golden.py's gen().
#pragma once

#include <ndthrust/ndthrust.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace golden {

struct entry {
  nd::shape_t shape;
  std::vector<std::string> values;
};

inline const std::map<std::string, entry>& file(const std::string& name) {
  static std::map<std::string, std::map<std::string, entry>> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  auto& m = cache[name];
  std::ifstream in(std::string(NDTHRUST_GOLDEN_DIR) + "/linalg/" + name);
  if (!in) throw std::runtime_error("golden file missing: linalg/" + name);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, '|');) {
      auto b = x.find_first_not_of(' '), e = x.find_last_not_of(' ');
      f.push_back(b == std::string::npos ? std::string() : x.substr(b, e - b + 1));
    }
    while (f.size() < 4) f.emplace_back();
    entry en;
    std::stringstream sh(f[2]);
    for (std::string t; std::getline(sh, t, ',');) en.shape.push_back(std::stoll(t));
    std::stringstream vs(f[3]);
    for (std::string v; vs >> v;) en.values.push_back(v);
    m.emplace(f[0], en);
  }
  return m;
}

template <class T>
T parse(const std::string& s) {
  if constexpr (nd::is_complex_v<T>) {
    auto c  = s.find(',');
    using R = typename T::value_type;
    return T(static_cast<R>(std::strtod(s.substr(0, c).c_str(), nullptr)),
             static_cast<R>(std::strtod(s.substr(c + 1).c_str(), nullptr)));
  } else {
    return static_cast<T>(std::strtod(s.c_str(), nullptr));
  }
}

/// The golden array `name` of `file_name` as a host array of T.
template <class T>
nd::host_array<T> load(const std::string& file_name, const std::string& name) {
  const auto& m = file(file_name);
  auto it       = m.find(name);
  if (it == m.end()) throw std::runtime_error("no golden entry " + name + " in linalg/" + file_name);
  auto h = nd::empty<T>(nd::host, it->second.shape);
  for (std::size_t i = 0; i < it->second.values.size(); ++i) h.raw()[i] = parse<T>(it->second.values[i]);
  return h;
}

/// make_golden.py's gen(): element k is sin(0.9 k + seed) (+ i cos(1.7 k + 2 seed)), in double, cast to T.
template <class T, class Policy>
auto gen(const Policy& policy, const nd::shape_t& shape, int seed) {
  auto h = nd::empty<T>(nd::host, shape);
  for (nd::index_t k = 0; k < h.size(); ++k) {
    double re = std::sin(0.9 * double(k) + seed);
    if constexpr (nd::is_complex_v<T>) {
      using R    = typename T::value_type;
      h.raw()[k] = T(static_cast<R>(re), static_cast<R>(std::cos(1.7 * double(k) + 2 * seed)));
    } else {
      h.raw()[k] = static_cast<T>(re);
    }
  }
  return nd::asarray(policy, h);
}

template <class T>
double magnitude(const T& x) {
  if constexpr (nd::is_complex_v<T>) return std::abs(std::complex<double>(x.real(), x.imag()));
  else return std::abs(static_cast<double>(x));
}

/// Shape equal and |got - want| <= tol * (1 + max|want|) element-wise.
template <class T, class U, class S>
void expect_close(const nd::array<T, S>& got, const nd::host_array<U>& want, double tol, const std::string& what) {
  ASSERT_EQ(nd::shape_str(got.shape()), nd::shape_str(want.shape())) << what;
  auto g = nd::to_vector(got);
  auto w = nd::to_vector(want);
  double scale = 1;
  for (auto& x : w) scale = std::max(scale, magnitude(x));
  for (std::size_t i = 0; i < w.size(); ++i) {
    double err = magnitude(T(g[i]) - T(w[i]));
    EXPECT_LE(err, tol * scale) << what << " [" << i << "]: got " << magnitude(g[i]) << " want " << magnitude(w[i]);
  }
}

} // namespace golden

// The inputs, views and case names of make_golden.py beside this file, for the every-shape tests' NumPy checks.
#pragma once

#include "golden/reduce/check.h"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace shapes_golden {
using nd::index_t;

/// make_golden.py's sweep(total): (n, k) and (k, n) for the sweep's k, then empty and length-one shapes.
inline std::vector<nd::shape_t> sweep(index_t total) {
  std::vector<nd::shape_t> out;
  for (index_t k : {1, 2, 3, 4, 8, 16, 32, 64, 256, 1024}) {
    const index_t n = std::max<index_t>(1, total / k);
    out.push_back({n, k});
    if (n != k) out.push_back({k, n});
  }
  out.push_back({0, 5});
  out.push_back({5, 0});
  out.push_back({1, 1});
  out.push_back({8, 16, 8}); // 3-D, along the middle axis only
  out.push_back({4, 64, 3});
  return out;
}

/// Element i (C order): ((37 i) mod 29 - 14) / 4, NaN where i mod 97 = 13 in the "nan" inputs.
template <class T>
nd::device_array<T> base(const nd::shape_t& shape, bool nan) {
  const index_t n = nd::shape_size(shape);
  std::vector<T> h(static_cast<std::size_t>(n));
  for (index_t i = 0; i < n; ++i)
    h[i] = nan && i % 97 == 13 ? std::numeric_limits<T>::quiet_NaN() : static_cast<T>(((37 * i) % 29 - 14) / 4.0);
  return nd::reshape(nd::asarray(nd::device, h), shape);
}

/// c: as is; f: a[::-1]; s: a[:, ::2] (2-D with at least two columns).
template <class T>
std::vector<std::pair<std::string, nd::device_array<T>>> views(const nd::device_array<T>& a) {
  std::vector<std::pair<std::string, nd::device_array<T>>> v = {{"c", a}, {"f", nd::flip(a, {0})}};
  if (a.ndim() == 2 && a.shape()[1] >= 2) v.push_back({"s", a(nd::all, nd::slice(nd::none, nd::none, 2))});
  return v;
}

inline std::string name(const nd::shape_t& s) {
  std::string r;
  for (int d = 0; d < s.size(); ++d) r += (d ? "x" : "") + std::to_string(s[d]);
  return r;
}

/// Checks f() against case `op + "_" + key` of `file`; where NumPy raised (no such case), f() must raise
/// nd::value_error.
template <class F>
void expect_case(const std::string& file, const std::string& op, const std::string& key, F&& f) {
  const std::string n = op + "_" + key;
  if (golden::file(file).count(n)) reduce_golden::check(file, n, f());
  else EXPECT_THROW(f(), nd::value_error) << n << ": NumPy raises";
}

/// Calls body(key, view, axis) for every shape, view and axis of the sweep, `dt` naming the inputs (f64, f32, nan).
template <class T, class Body>
void for_each_case(index_t total, const std::string& dt, Body&& body) {
  for (const auto& shape : sweep(total)) {
    const bool three = shape.size() == 3;
    for (auto& [vk, v] : views(base<T>(shape, dt == "nan")))
      for (int ax = three ? 1 : 0; ax < 2; ++ax) body(dt + "_" + name(shape) + "_" + vk + "_a" + std::to_string(ax), v, ax);
  }
}
} // namespace shapes_golden

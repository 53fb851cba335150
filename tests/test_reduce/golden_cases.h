// The golden cases of tests/golden/reduce (make_golden.py there writes them): one body, instantiated per dtype by
// the thin files beside this one, so the dtypes compile in parallel (test_reduce was one 4-minute nvcc TU).
#pragma once

#include <ndthrust/reduce.h>

#include "golden/reduce/check.h"

#include <gtest/gtest.h>

#include <string>

namespace reduce_golden {

// The golden reader looks under <golden>/core; the reduce files sit beside that folder.
inline std::string gfile(const std::string& dt) { return "../reduce/reduce_" + dt + ".txt"; }

/// "all" → all axes; "a0" → 0; "am1" → -1; "a02" → (0, 2); "am3m1" → (-3, -1).
inline nd::axis_spec parse_axes(const std::string& key) {
  if (key == "all") return {};
  nd::axes_t axes;
  for (std::size_t i = 1; i < key.size(); ++i) {
    bool neg = key[i] == 'm';
    if (neg) ++i;
    axes.push_back((neg ? -1 : 1) * (key[i] - '0'));
  }
  return axes;
}

/// Runs the golden case `name` ("<function>_<dtype>_<layout>_<axes>[_k]"); false when the function is unknown for T.
template <class T>
bool run_case(const std::string& file, const std::string& name, const nd::device_array<T>& in) {
  std::string rest = name;
  const bool keepdims = rest.size() > 2 && rest.compare(rest.size() - 2, 2, "_k") == 0;
  if (keepdims) rest.resize(rest.size() - 2);
  std::string field[3]; // axes, layout, dtype; what remains is the function (count_nonzero has a '_')
  for (auto& f : field) {
    auto pos = rest.rfind('_');
    f        = rest.substr(pos + 1);
    rest.resize(pos);
  }
  const std::string& fn = rest;
  const std::string& lay = field[1];
  const auto& axkey      = field[0];
  auto a  = with_layout(in, lay);
  auto ax = parse_axes(axkey);
  auto& p = nd::device;
  constexpr bool is_bool = std::is_same_v<T, bool>, is_cplx = nd::is_complex_v<T>;
  constexpr bool is_real = !is_bool && !is_cplx, is_float = std::is_floating_point_v<T>;
  if (fn == "sum") check(file, name, nd::sum(p, a, ax, keepdims));
  else if (fn == "max") check(file, name, nd::max(p, a, ax, keepdims));
  else if (fn == "mean") check(file, name, nd::mean(p, a, ax, keepdims));
  else if constexpr (!is_bool) {
    if (fn == "prod") check(file, name, nd::prod(p, a, ax, keepdims));
    else if (fn == "var") check(file, name, nd::var(p, a, ax, 0, keepdims));
    else if (fn == "std") check(file, name, nd::std(p, a, ax, 1, keepdims));
    else if constexpr (is_real) {
      if (fn == "min") check(file, name, nd::min(p, a, ax, keepdims));
      else if (fn == "ptp") check(file, name, nd::ptp(p, a, ax, keepdims));
      else if (fn == "argmax") check(file, name, nd::argmax(p, a, ax, keepdims));
      else if (fn == "argmin") check(file, name, nd::argmin(p, a, ax, keepdims));
      else if (fn == "count_nonzero") check(file, name, nd::count_nonzero(p, a, ax, keepdims));
      else if (fn == "any") check(file, name, nd::any(p, a, ax, keepdims));
      else if (fn == "all") check(file, name, nd::alltrue(p, a, ax, keepdims));
      else if constexpr (is_float) {
        if (fn == "nansum") check(file, name, nd::nansum(p, a, ax, keepdims));
        else if (fn == "nanprod") check(file, name, nd::nanprod(p, a, ax, keepdims));
        else if (fn == "nanmax") check(file, name, nd::nanmax(p, a, ax, keepdims));
        else if (fn == "nanmin") check(file, name, nd::nanmin(p, a, ax, keepdims));
        else if (fn == "nanmean") check(file, name, nd::nanmean(p, a, ax, keepdims));
        else if (fn == "nanvar") check(file, name, nd::nanvar(p, a, ax, 0, keepdims));
        else if (fn == "nanstd") check(file, name, nd::nanstd(p, a, ax, 1, keepdims));
        else if (fn == "nanargmax") check(file, name, nd::nanargmax(p, a, ax, keepdims));
        else if (fn == "nanargmin") check(file, name, nd::nanargmin(p, a, ax, keepdims));
        else return false;
      } else return false;
    } else return false;
  } else {
    if (fn == "any") check(file, name, nd::any(p, a, ax, keepdims));
    else if (fn == "all") check(file, name, nd::alltrue(p, a, ax, keepdims));
    else if (fn == "count_nonzero") check(file, name, nd::count_nonzero(p, a, ax, keepdims));
    else return false;
  }
  return true;
}

/// Every case of one golden file.
template <class T>
void run_file(const std::string& dt) {
  const auto file = gfile(dt);
  auto in         = golden::input<T>(nd::device, file, "in_" + dt);
  int count       = 0;
  for (const auto& [name, c] : golden::file(file)) {
    if (name.rfind("in_", 0) == 0) continue;
    SCOPED_TRACE(name);
    EXPECT_TRUE(run_case<T>(file, name, in)) << "no ndthrust function for golden case " << name;
    ++count;
  }
  EXPECT_GT(count, 10);
}

} // namespace reduce_golden

// nd::pad's golden cases (tests/golden/indexing/make_golden.py writes pad.txt): one body, instantiated per dtype by
// pad.cpp and pad_dtypes.cpp, so the dtypes compile in parallel. A case is named pad_<dtype>_<input>_<mode>_<k>
// and carries its widths and mode arguments as cases of its own (<case>__w, __ev end_values, __sl stat_length,
// __cv the constant), so every case of the file runs and nothing is listed twice.
#pragma once

#include <ndthrust/join.h>

#include "golden/reduce/check.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace pad_golden {

inline const std::string pad_file = "../indexing/pad.txt"; // the golden reader looks under <golden>/core
using nd::index_t;

inline std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> r(1);
  for (char ch : s) {
    if (ch == sep) r.emplace_back();
    else r.back() += ch;
  }
  return r;
}

inline bool has(const std::string& name) { return golden::file(pad_file).count(name) > 0; }

template <class V>
std::vector<std::pair<V, V>> pairs_of(const std::string& name) {
  auto v = golden::values<V>(golden::get(pad_file, name));
  std::vector<std::pair<V, V>> r;
  for (std::size_t i = 0; i + 1 < v.size(); i += 2) r.emplace_back(v[i], v[i + 1]);
  return r;
}

inline nd::pad_mode mode_of(const std::string& m) {
  if (m == "constant") return nd::pad_mode::constant;
  if (m == "edge") return nd::pad_mode::edge;
  if (m == "reflect") return nd::pad_mode::reflect;
  if (m == "symmetric") return nd::pad_mode::symmetric;
  if (m == "wrap") return nd::pad_mode::wrap;
  if (m == "ramp") return nd::pad_mode::linear_ramp;
  if (m == "maximum") return nd::pad_mode::maximum;
  if (m == "minimum") return nd::pad_mode::minimum;
  if (m == "mean") return nd::pad_mode::mean;
  throw std::runtime_error("unknown mode in pad.txt: " + m);
}

template <class T, class S>
nd::array<T, S> with_layout(const nd::array<T, S>& a, const std::string& lay) {
  if (lay == "t") return nd::transpose(a, {2, 0, 1});
  if (lay == "s") return a(nd::all, nd::slice(nd::none, nd::none, 2), nd::slice(nd::none, nd::none, -1));
  return a;
}

/// Runs every case of dtype `dt` (of inputs starting with `inputs`) on `policy`; returns the modes seen.
template <class T, class Policy>
std::set<std::string> run_pad(const Policy& policy, const std::string& dt, const std::string& inputs = "") {
  std::set<std::string> modes;
  for (const auto& entry : golden::file(pad_file)) {
    const std::string& name = entry.first;
    if (name.rfind("pad_" + dt + "_", 0) != 0 || name.find("__") != std::string::npos) continue;
    auto part = split(name, '_'); // pad, dtype, input, mode, k
    if (part.size() != 5) {
      ADD_FAILURE() << "malformed case name " << name;
      continue;
    }
    if (part[2].rfind(inputs, 0) != 0) continue;
    std::string key = part[2], lay;
    if (key.size() == 3 && key.rfind("p3", 0) == 0) {
      lay = key.substr(2);
      key = "p3";
    }
    auto a      = with_layout(golden::input<T>(policy, pad_file, "in_" + key + "_" + dt), lay);
    auto widths = pairs_of<index_t>(name + "__w");
    auto mode   = mode_of(part[3]);
    nd::pad_options opt;
    if (has(name + "__ev")) opt.end_values = pairs_of<double>(name + "__ev");
    if (has(name + "__sl")) opt.stat_length = pairs_of<index_t>(name + "__sl");
    if (mode == nd::pad_mode::constant) {
      T value = golden::values<T>(golden::get(pad_file, name + "__cv"))[0];
      reduce_golden::check(pad_file, name, nd::pad(policy, a, widths, mode, value));
    } else {
      auto r = nd::pad(policy, a, widths, mode, opt);
      static_assert(std::is_same_v<typename decltype(r)::value_type, T>, "pad keeps the dtype");
      reduce_golden::check(pad_file, name, r);
    }
    modes.insert(part[3]);
  }
  return modes;
}

inline const std::set<std::string> all_modes = {"constant", "edge",    "reflect", "symmetric", "wrap",
                                         "ramp",     "maximum", "minimum", "mean"};

} // namespace pad_golden

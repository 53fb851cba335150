// Reader for the ufunc golden data written by make_golden.py (format described there).
#pragma once

#include <ndthrust/core/dtype.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace ufgolden {

/// One op over one dtype: NumPy's result dtype, the tolerance and the results (one token per input tuple).
struct op_case {
  std::string op, dtype, out_dtype;
  int maxulp = 0;
  std::vector<std::string> values;
};

/// One kind file: per dtype, the input tuples of each arity and the op cases.
struct kind_file {
  std::map<std::string, std::map<int, std::vector<std::vector<std::string>>>> inputs; // dtype → arity → tuples
  std::vector<op_case> cases;
};

inline std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> r;
  std::stringstream ss(s);
  for (std::string t; std::getline(ss, t, sep);) r.push_back(t);
  return r;
}

inline kind_file load(const std::string& kind) {
  std::ifstream in(std::string(NDTHRUST_GOLDEN_DIR) + "/ufuncs/" + kind + ".txt");
  if (!in) throw std::runtime_error("golden file missing: ufuncs/" + kind + ".txt");
  kind_file f;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::string head, dt;
    ss >> head >> dt;
    if (head.size() == 3 && head.compare(0, 2, "in") == 0) {
      auto& tuples = f.inputs[dt][head[2] - '0'];
      for (std::string t; ss >> t;) tuples.push_back(split(t, ','));
    } else {
      op_case c;
      c.op    = head;
      c.dtype = dt;
      ss >> c.out_dtype >> c.maxulp;
      for (std::string v; ss >> v;) c.values.push_back(v);
      f.cases.push_back(c);
    }
  }
  return f;
}

/// A token as T: integers exactly, reals through strtof/strtod (Python's repr round-trips), complex as re:im.
template <class T>
T parse(const std::string& s) {
  if constexpr (nd::is_complex_v<T>) {
    auto colon = s.find(':');
    return T(parse<typename T::value_type>(s.substr(0, colon)), parse<typename T::value_type>(s.substr(colon + 1)));
  } else if constexpr (std::is_same_v<T, bool>) {
    return s == "1";
  } else if constexpr (std::is_same_v<T, float>) {
    return std::strtof(s.c_str(), nullptr);
  } else if constexpr (std::is_same_v<T, double>) {
    return std::strtod(s.c_str(), nullptr);
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<T>(std::stoll(s));
  } else {
    return static_cast<T>(std::stoull(s));
  }
}

} // namespace ufgolden

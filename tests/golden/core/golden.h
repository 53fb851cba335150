// Reader and checks for the core families' NumPy golden data (see make_golden.py beside this file for the format).
#pragma once

#include <ndthrust/ndthrust.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace golden {

/// One NumPy result: shape, strides and offset (when it is a view of the base), contiguity flags, values in C order.
struct case_t {
  std::string name;
  nd::shape_t shape;
  bool has_view_info = false; // strides/offset present (NumPy returned a view of the base)
  nd::strides_t strides;
  nd::index_t offset = 0;
  int view           = -1; // 1 shares memory with the base, 0 copied, -1 no base
  bool c_contig = false, f_contig = false;
  std::vector<std::string> values;
};

inline std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

inline nd::small_vec<nd::index_t> parse_ints(const std::string& s) {
  nd::small_vec<nd::index_t> r;
  std::stringstream ss(s);
  std::string tok;
  while (std::getline(ss, tok, ','))
    if (!trim(tok).empty()) r.push_back(std::stoll(tok));
  return r;
}

/// All cases of one file (views.txt, creation.txt, transfer.txt), loaded once.
inline const std::map<std::string, case_t>& file(const std::string& name) {
  static std::map<std::string, std::map<std::string, case_t>> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  auto& cases = cache[name];
  std::ifstream in(std::string(NDTHRUST_GOLDEN_DIR) + "/core/" + name);
  if (!in) throw std::runtime_error("golden file missing: core/" + name);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '|')) f.push_back(trim(field));
    while (f.size() < 7) f.emplace_back();
    case_t c;
    c.name          = f[0];
    c.shape         = parse_ints(f[1]);
    c.has_view_info = f[2] != "-";
    if (c.has_view_info) {
      c.strides = parse_ints(f[2]);
      c.offset  = std::stoll(f[3]);
    }
    c.view     = f[4] == "-" ? -1 : std::stoi(f[4]);
    c.c_contig = f[5].size() == 2 && f[5][0] == '1';
    c.f_contig = f[5].size() == 2 && f[5][1] == '1';
    std::stringstream vs(f[6]);
    for (std::string v; vs >> v;) c.values.push_back(v);
    cases.emplace(c.name, c);
  }
  return cases;
}

inline const case_t& get(const std::string& file_name, const std::string& case_name) {
  const auto& cases = file(file_name);
  auto it           = cases.find(case_name);
  if (it == cases.end()) throw std::runtime_error("no golden case " + case_name + " in core/" + file_name);
  return it->second;
}

/// A golden token as T: integers exactly, reals through strtod (Python's repr round-trips), complex as "re,im".
template <class T>
T parse(const std::string& s) {
  if constexpr (nd::is_complex_v<T>) {
    auto comma = s.find(',');
    using R    = typename T::value_type;
    return T(static_cast<R>(std::strtod(s.substr(0, comma).c_str(), nullptr)),
             static_cast<R>(std::strtod(s.substr(comma + 1).c_str(), nullptr)));
  } else if constexpr (std::is_same_v<T, bool>) {
    return s == "1";
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(std::strtod(s.c_str(), nullptr));
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<T>(std::stoll(s));
  } else {
    return static_cast<T>(std::stoull(s));
  }
}

template <class T>
std::vector<T> values(const case_t& c) {
  std::vector<T> r;
  for (const auto& v : c.values) r.push_back(parse<T>(v));
  return r;
}

/// Host copy of the golden input `in_<name>` as an array of T in the space of `policy`.
template <class T, class Policy>
auto input(const Policy& policy, const std::string& file_name, const std::string& case_name) {
  const auto& c = get(file_name, case_name);
  auto v        = values<T>(c);
  auto h        = nd::empty<T>(nd::host, c.shape);
  std::copy(v.begin(), v.end(), h.raw());
  return nd::asarray(policy, h);
}

/// Checks shape and values exactly (values compared after conversion to T, so NaN never appears in expectations).
template <class T, class S>
void expect_values(const case_t& c, const nd::array<T, S>& r) {
  ASSERT_EQ(nd::shape_str(r.shape()), nd::shape_str(c.shape)) << c.name;
  auto got  = nd::to_vector(r);
  auto want = values<T>(c);
  ASSERT_EQ(got.size(), want.size()) << c.name;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      if (want[i] != want[i]) {
        EXPECT_NE(got[i], got[i]) << c.name << " [" << i << "] expected NaN";
        continue;
      }
    }
    EXPECT_TRUE(static_cast<T>(got[i]) == want[i]) << c.name << " [" << i << "]: got " << +got[i] << ", NumPy "
                                                    << c.values[i];
  }
}

/// Checks a view function's result against NumPy: shape, values, contiguity flags, and — where NumPy returned a
/// view of `base` — that ndthrust did too, with NumPy's strides (on axes longer than 1) and offset; where NumPy
/// copied, that ndthrust did not keep sharing `base`.
template <class T, class S>
void expect_view(const case_t& c, const nd::array<T, S>& base, const nd::array<T, S>& r) {
  expect_values(c, r);
  EXPECT_EQ(r.is_contiguous(), c.c_contig) << c.name << " C-contiguity";
  EXPECT_EQ(r.is_f_contiguous(), c.f_contig) << c.name << " F-contiguity";
  if (r.size() == 0 || c.view < 0) return; // NumPy's shares_memory is false for every empty array
  EXPECT_EQ(r.shares_storage_with(base), c.view == 1) << c.name << (c.view ? " should be a view" : " should copy");
  if (!c.has_view_info || !r.shares_storage_with(base)) return;
  EXPECT_EQ(r.offset() - base.offset(), c.offset) << c.name << " offset";
  ASSERT_EQ(r.ndim(), c.strides.size());
  for (int d = 0; d < r.ndim(); ++d)
    if (r.shape()[d] > 1) EXPECT_EQ(r.strides()[d], c.strides[d]) << c.name << " stride of axis " << d;
}

/// Runs f and checks that it throws E whose message contains `phrase` (NumPy's wording where NumPy has one).
template <class E = nd::error, class F>
void expect_error(F&& f, const std::string& phrase) {
  try {
    f();
    ADD_FAILURE() << "expected an error containing \"" << phrase << "\"";
  } catch (const E& e) {
    EXPECT_NE(std::string(e.what()).find(phrase), std::string::npos) << "message: " << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong exception type; message: " << e.what();
  }
}

} // namespace golden

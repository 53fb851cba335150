// nd::diff with prepend / append against NumPy golden data (tests/golden/reduce/make_golden.py, diff.txt): every
// case of the file runs; its name says the dtype, input, axis, variant (what is joined, below) and n, and the arrays
// it joins are cases of their own (<case>__pre, <case>__app). Plus result dtypes, nd::host, lazy inputs and errors.
#include <ndthrust/scan.h>

#include "golden/reduce/check.h"
#include "support/same.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

namespace {

const std::string diff_file = "../reduce/diff.txt"; // the golden reader looks under <golden>/core
using nd::index_t;
using i64 = std::int64_t;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> r(1);
  for (char ch : s) {
    if (ch == sep) r.emplace_back();
    else r.back() += ch;
  }
  return r;
}

template <class T, class S>
nd::array<T, S> input_of(const nd::array<T, S>& in, const std::string& key) {
  if (key == "d1") return in(1, 2);
  if (key == "d2") return in(0);
  if (key == "d3t") return nd::transpose(in, {2, 0, 1});
  return in;
}

template <class Want, class R, class S>
void check_typed(const std::string& name, const nd::array<R, S>& r) {
  static_assert(std::is_same_v<R, Want>, "np.diff's result dtype");
  reduce_golden::check(diff_file, name, r);
}

/// Every case of dtype `dt` (inputs starting with `inputs`) on `policy`; returns the variants seen.
template <class T, class Policy>
std::set<std::string> run_diff(const Policy& policy, const std::string& dt, const std::string& inputs = "") {
  std::set<std::string> seen;
  auto in = golden::input<T>(policy, diff_file, "in_" + dt);
  for (const auto& entry : golden::file(diff_file)) {
    const std::string& name = entry.first;
    if (name.rfind("diff_" + dt + "_", 0) != 0 || name.find("__") != std::string::npos) continue;
    auto part = split(name, '_'); // diff, dtype, input, a<axis>, variant, n<n>
    if (part.size() != 6) {
      ADD_FAILURE() << "malformed case name " << name;
      continue;
    }
    if (part[2].rfind(inputs, 0) != 0) continue;
    auto a       = input_of(in, part[2]);
    index_t axis = part[3] == "am1" ? -1 : std::stoll(part[3].substr(1));
    index_t n    = std::stoll(part[5].substr(1));
    const std::string& v = part[4];
    auto pre = [&](auto tag) {
      return golden::input<decltype(tag)>(policy, diff_file, name + "__pre");
    };
    // float64 stays float64; int32 joined with an int64 scalar or a float64 part becomes int64 or float64, as in NumPy.
    using F = std::conditional_t<std::is_integral_v<T>, double, T>;
    using I = std::conditional_t<std::is_integral_v<T>, i64, T>;
    if (v == "ps") check_typed<I>(name, nd::diff(policy, a, n, axis, 3));
    else if (v == "as") check_typed<double>(name, nd::diff(policy, a, n, axis, std::nullopt, 2.5));
    else if (v == "pa") check_typed<T>(name, nd::diff(policy, a, n, axis, pre(T{})));
    else if (v == "aa")
      check_typed<T>(name, nd::diff(policy, a, n, axis, std::nullopt,
                                    golden::input<T>(policy, diff_file, name + "__app")));
    else if (v == "pf") check_typed<F>(name, nd::diff(policy, a, n, axis, pre(double{}), -1));
    else if (v == "p0") check_typed<T>(name, nd::diff(policy, a, n, axis, nd::full<T>(policy, {}, T(7))));
    else {
      ADD_FAILURE() << "unknown variant in " << name;
      continue;
    }
    seen.insert(v);
  }
  return seen;
}

const std::set<std::string> all_variants = {"ps", "as", "pa", "aa", "pf", "p0"};

TEST(DiffPrependAppend, Int32) { EXPECT_EQ(run_diff<std::int32_t>(nd::device, "i32"), all_variants); }
TEST(DiffPrependAppend, Float64) { EXPECT_EQ(run_diff<double>(nd::device, "f64"), all_variants); }
TEST(DiffPrependAppend, Host) {
  EXPECT_EQ(run_diff<std::int32_t>(nd::host, "i32", "d2"), all_variants);
  EXPECT_EQ(run_diff<double>(nd::host, "f64", "d3t"), all_variants);
}

TEST(DiffPrependAppend, Dtypes) {
  const auto& dev = nd::device;
  auto b          = nd::asarray(dev, {true, false, false});
  auto r          = nd::diff(dev, b, 1, -1, true); // np.diff([True, False, False], prepend=True)
  static_assert(std::is_same_v<decltype(r)::value_type, bool>);
  EXPECT_EQ(nd::to_vector(r), (std::vector<char>{false, true, false}));
  auto u8 = nd::asarray(dev, std::vector<std::uint8_t>{1, 5});
  auto i8 = nd::full<std::int8_t>(dev, {1}, std::int8_t(-2));
  auto s  = nd::diff(dev, u8, 1, 0, std::nullopt, i8); // uint8 with int8 → int16
  static_assert(std::is_same_v<decltype(s)::value_type, std::int16_t>);
  EXPECT_EQ(nd::to_vector(s), (std::vector<std::int16_t>{4, -7}));
  auto f  = nd::asarray(dev, std::vector<float>{1, 3});
  auto fr = nd::diff(dev, f, 1, 0, 0); // np.diff(float32, prepend=0): the int64 prepend makes it float64
  static_assert(std::is_same_v<decltype(fr)::value_type, double>);
  EXPECT_EQ(nd::to_vector(fr), (std::vector<double>{1, 2}));
  // n = 0: the input's values (here in the joined dtype; prepend is ignored as in NumPy).
  auto z = nd::diff(dev, nd::asarray(dev, std::vector<std::int32_t>{1, 5}), 0, -1, 3);
  EXPECT_EQ(nd::to_vector(z), (std::vector<i64>{1, 5}));
  // n larger than the joined axis: empty.
  auto e = nd::diff(dev, nd::asarray(dev, std::vector<std::int32_t>{1, 5}), 5, -1, 3, 4);
  EXPECT_EQ(e.size(), 0);
  // 0-d input with n = 0 is returned as NumPy does; with n > 0 it raises.
  EXPECT_EQ(nd::diff(dev, nd::full<double>(dev, {}, 4.0), 0).item(), 4.0);
}

TEST(DiffPrependAppend, LazyOperands) {
  const auto& dev = nd::device;
  auto x          = ndtest::strided_input<double>(); // (6, 4)
  auto e          = nd::map(ndtest::affine_fn{}, x);
  auto v          = nd::evaluate(dev, e);
  auto p          = nd::map(ndtest::affine_fn{}, nd::full<double>(dev, {6, 2}, 1.5));
  ndtest::expect_same(nd::diff(dev, e, 2, 1, p, 0.5), nd::diff(dev, v, 2, 1, nd::evaluate(dev, p), 0.5),
                      "diff of maps");
}

TEST(Errors, DiffPrependAppend) {
  using golden::expect_error;
  const auto& dev = nd::device;
  auto a23        = nd::zeros<double>(dev, {2, 3});
  expect_error<nd::value_error>([&] { nd::diff(dev, a23, 1, 1, nd::zeros<double>(dev, {3, 3})); },
                                "all the input array dimensions except for the concatenation axis must match "
                                "exactly, but along dimension 0, the array at index 0 has size 3 and the array at "
                                "index 1 has size 2");
  expect_error<nd::value_error>([&] { nd::diff(dev, a23, 1, 0, std::nullopt, nd::zeros<double>(dev, {1, 2})); },
                                "all the input array dimensions except for the concatenation axis must match "
                                "exactly, but along dimension 1, the array at index 0 has size 3 and the array at "
                                "index 1 has size 2");
  // NumPy's concatenate checks the axis against the first part: a 1-d prepend.
  expect_error<nd::axis_error>([&] { nd::diff(dev, a23, 1, -1, nd::zeros<double>(dev, {3})); },
                               "axis 1 is out of bounds for array of dimension 1");
  expect_error<nd::value_error>([&] { nd::diff(dev, a23, 1, 0, nd::zeros<double>(dev, {1, 2, 3})); },
                                "all the input arrays must have same number of dimensions, but the array at index 0 "
                                "has 3 dimension(s) and the array at index 1 has 2 dimension(s)");
  expect_error<nd::axis_error>([&] { nd::diff(dev, a23, 1, 2, 0.0); },
                               "axis 2 is out of bounds for array of dimension 2");
  expect_error<nd::value_error>([&] { nd::diff(dev, a23, -1, 0, 0.0); }, "order must be non-negative but got -1");
  expect_error<nd::value_error>([&] { nd::diff(dev, nd::full<double>(dev, {}, 1.0), 1, -1, 0.0); },
                                "diff requires input that is at least one dimensional");
}

} // namespace

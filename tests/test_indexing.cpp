// Indexing (take, take_along_axis, put, fancy and mask indexing, nonzero, compress) and joining (concatenate …
// pad) against NumPy golden data (tests/golden/indexing/make_golden.py): dtypes, the layouts c / t (transposed) /
// s (sliced, reversed), axes including negative ones, empty and single-element cases, and every error message.
#include <ndthrust/indexing.h>
#include <ndthrust/join.h>
#include <ndthrust/ufuncs.h>

#include "golden/reduce/check.h"
#include "support/same.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace {

const std::string index_file = "../indexing/indexing.txt"; // the golden reader looks under <golden>/core
const std::string join_file = "../indexing/join.txt";
using i64 = std::int64_t;
using nd::index_t;
using reduce_golden::with_layout;
const auto& dev = nd::device;

template <class T>
nd::device_array<T> input(const std::string& name) {
  return golden::input<T>(dev, index_file, name);
}
template <class T>
nd::device_array<T> base(const std::string& dt, const std::string& lay, const std::string& which = "in") {
  return with_layout(input<T>(which + "_" + dt), lay);
}
bool has(const std::string& file, const std::string& name) { return golden::file(file).count(name) > 0; }

template <class R, class S>
void check(const std::string& file, const std::string& name, const nd::array<R, S>& r) {
  reduce_golden::check(file, name, r);
}

std::optional<index_t> axis_of(const std::string& key) {
  if (key == "n") return std::nullopt;
  return key == "am1" ? -1 : key[1] - '0';
}

const char* layouts[] = {"c", "t", "s"};
const char* axis_keys[] = {"n", "a0", "a1", "am1"};

template <class T>
void run_take(const std::string& dt) {
  auto idx = input<i64>("idx"), flat = input<i64>("idx_flat");
  int count = 0;
  for (const char* lay : layouts)
    for (const char* ax : axis_keys) {
      std::string name = "take_" + dt + "_" + lay + "_" + ax;
      if (!has(index_file, name)) continue;
      ++count;
      auto a    = base<T>(dt, lay);
      auto axis = axis_of(ax);
      check(index_file, name, nd::take(dev, a, axis ? idx : flat, axis));
      if (axis) check(index_file, name, nd::fancy_index(dev, a, idx, *axis));
    }
  EXPECT_GE(count, 4) << dt;
}

template <class T>
void run_mask(const std::string& dt) {
  auto mfull = input<bool>("mask_full");
  int count  = 0;
  for (const char* lay : layouts) {
    check(index_file, "msel_" + dt + "_" + lay, nd::mask_select(dev, base<T>(dt, lay), with_layout(mfull, lay)));
    ++count;
  }
  check(index_file, "msel2_" + dt, nd::mask_select(dev, base<T>(dt, "c"), input<bool>("mask_2")));
  check(index_file, "msel1_" + dt, nd::mask_select(dev, base<T>(dt, "c"), input<bool>("mask_1")));
  EXPECT_EQ(count, 3);
}

template <class T>
void run_nonzero(const std::string& dt) {
  for (const char* lay : layouts) {
    std::string key = dt + "_" + lay;
    auto a          = base<T>(dt, lay);
    check(index_file, "nz_" + key, nd::stack(dev, nd::nonzero(dev, a)));
    check(index_file, "nz_" + key, nd::stack(dev, nd::where(dev, a)));
    check(index_file, "aw_" + key, nd::argwhere(dev, a));
    check(index_file, "fnz_" + key, nd::flatnonzero(dev, a));
  }
}

/// Runs `op` on a fresh copy of the base, seen through `lay`, and checks the base afterwards.
template <class T, class Op>
void check_assign(const std::string& dt, const std::string& lay, const std::string& name, Op op) {
  auto b = nd::copy(dev, input<T>("in_" + dt));
  op(with_layout(b, lay));
  check(index_file, name, b);
}

template <class T>
void run_assign(const std::string& dt) {
  auto pidx = input<i64>("put_idx"), pval = input<i64>("put_val");
  auto mfull = input<bool>("mask_full");
  for (const char* lay : layouts) {
    std::string key = dt + "_" + lay;
    check_assign<T>(dt, lay, "put_" + key, [&](auto v) { nd::put(dev, v, pidx, pval); });
    auto m = with_layout(mfull, lay);
    check_assign<T>(dt, lay, "mset_" + key, [&](auto v) { nd::mask_assign(dev, v, m, 9); });
    index_t n = nd::flatnonzero(dev, m).size();
    check_assign<T>(dt, lay, "msetv_" + key,
                    [&](auto v) { nd::mask_assign(dev, v, m, nd::arange<i64>(dev, 0, 3 * n, 3)); });
  }
  check_assign<T>(dt, "c", "mset2_" + dt,
                  [&](auto v) { nd::mask_assign(dev, v, input<bool>("mask_2"), nd::arange<i64>(dev, -10, -6)); });
}

template <class T>
void run_compress(const std::string& dt) {
  int count = 0;
  for (const char* lay : {"c", "s"})
    for (const char* key : {"a1", "a0", "am1", "n", "long"}) {
      std::string name = "comp_" + dt + "_" + lay + "_" + key;
      if (!has(index_file, name)) continue;
      ++count;
      std::string k = key;
      auto axis     = k == "long" ? std::optional<index_t>(1) : axis_of(k);
      check(index_file, name, nd::compress(dev, input<bool>("ccond_" + k), base<T>(dt, lay), axis));
    }
  EXPECT_GE(count, 8) << dt;
}

// --- joining -----------------------------------------------------------------------------------------------------

/// b restricted to [0, 1) along axis (0, 1 or -1 of a 3-d array).
template <class T>
nd::device_array<T> first_along(const nd::device_array<T>& b, int axis) {
  auto one = nd::slice(0, 1);
  if (axis == 0) return b(one);
  if (axis == 1) return b(nd::all, one);
  return b(nd::ellipsis, one);
}

template <class T>
void run_join(const std::string& dt) {
  int count = 0;
  for (const char* lay : layouts) {
    std::string key = dt + "_" + lay;
    if (!has(join_file, "cat_" + key + "_a0")) continue;
    ++count;
    auto a = base<T>(dt, lay), a2 = base<T>(dt, lay, "in2"), b = base<T>(dt, lay, "in5");
    for (int ax : {0, 1, -1})
      check(join_file, "cat_" + key + (ax < 0 ? "_am1" : "_a" + std::to_string(ax)),
            nd::concatenate(dev, {a, first_along(b, ax)}, index_t(ax)));
    check(join_file, "catn_" + key, nd::concatenate(dev, {a, a2}, std::nullopt));
    for (int ax : {0, 1, 3, -1, -4}) {
      std::string name = "stack_" + key + "_" + std::to_string(ax);
      if (has(join_file, name)) check(join_file, name, nd::stack(dev, {a, a2, a}, ax));
    }
    std::vector<std::pair<index_t, index_t>> widths{{1, 2}, {0, 1}, {2, 0}};
    check(join_file, "padc_" + key, nd::pad(dev, a, widths, nd::pad_mode::constant, 1));
    check(join_file, "pade_" + key, nd::pad(dev, a, widths, nd::pad_mode::edge));
    check(join_file, "pad1_" + key, nd::pad(dev, a, {{1, 1}}, nd::pad_mode::edge));
  }
  EXPECT_GE(count, 1) << dt;
}

template <class T>
void run_repeat(const std::string& dt) {
  const std::vector<std::pair<std::string, std::vector<index_t>>> reps = {
    {"r2", {2}}, {"r213", {2, 1, 3}}, {"r1212", {1, 2, 1, 2}}, {"r02", {0, 2}}};
  int count = 0;
  for (const char* lay : layouts) {
    std::string key = dt + "_" + lay;
    if (!has(join_file, "tile_" + key + "_r2")) continue;
    ++count;
    auto a = base<T>(dt, lay);
    for (const auto& r : reps) check(join_file, "tile_" + key + "_" + r.first, nd::tile(dev, a, r.second));
    for (const char* ax : axis_keys) check(join_file, "rep_" + key + "_" + ax, nd::repeat(dev, a, 2, axis_of(ax)));
    auto rv = golden::values<index_t>(golden::get(join_file, std::string("repv_") + lay));
    check(join_file, "repvr_" + key, nd::repeat(dev, a, rv, index_t(-1)));
    for (auto [sn, s] : {std::pair<const char*, index_t>{"p1", 1}, {"m2", -2}, {"p5", 5}})
      for (const char* ax : axis_keys) {
        std::string name = "roll_" + key + "_" + sn + "_" + ax;
        if (has(join_file, name)) check(join_file, name, nd::roll(dev, a, s, axis_of(ax)));
      }
    check(join_file, "rollm_" + key, nd::roll(dev, a, {1, -1}, {0, 2}));
  }
  EXPECT_GE(count, 1) << dt;
}

} // namespace

TEST(Take, Int32) { run_take<std::int32_t>("i32"); }
TEST(Take, Float64) { run_take<double>("f64"); }
TEST(Take, Bool) { run_take<bool>("b"); }
TEST(Take, Complex64) { run_take<nd::complex64>("c64"); }

TEST(Take, Modes) {
  auto a   = input<std::int32_t>("in_i32");
  auto big = input<i64>("idx_big");
  for (const char* ax : axis_keys) {
    check(index_file, std::string("take_wrap_") + ax, nd::take(dev, a, big, axis_of(ax), nd::take_mode::wrap));
    check(index_file, std::string("take_clip_") + ax, nd::take(dev, a, big, axis_of(ax), nd::take_mode::clip));
  }
}

TEST(Take, Int32IndicesAndSlicedIndices) {
  auto a    = input<double>("in_f64");
  auto idx  = input<i64>("idx");
  auto i32  = nd::astype<std::int32_t>(dev, idx);
  check(index_file, "take_f64_c_a1", nd::take(dev, a, i32, index_t(1)));
  // A non-contiguous index array: the transposed copy transposed back has idx's values and no unit strides.
  auto it = nd::transpose(nd::copy(dev, nd::transpose(idx)));
  ASSERT_FALSE(it.is_contiguous());
  check(index_file, "take_f64_c_a1", nd::take(dev, a, it, index_t(1)));
}

TEST(Take, EmptyAndSingle) {
  auto a = input<std::int32_t>("in_i32");
  check(index_file, "e_take_empty", nd::take(dev, a, nd::empty<i64>(dev, {0}), index_t(1)));
  check(index_file, "e_take_single", nd::take(dev, nd::full<std::int32_t>(dev, {1}, 7), nd::asarray(dev, {i64(0), i64(-1), i64(0)})));
  // Empty indices into an empty axis are fine; non-empty ones are not.
  EXPECT_EQ(nd::take(dev, nd::empty<double>(dev, {0}), nd::empty<i64>(dev, {0})).size(), 0);
}

TEST(TakeAlongAxis, Golden) {
  int count = 0;
  for (const char* lay : layouts)
    for (const char* ax : {"a0", "a1", "am1"}) {
      std::string key = std::string(lay) + "_" + ax;
      auto axis       = *axis_of(ax);
      auto ind        = input<i64>("tai_" + key);
      check(index_file, "tal_i32_" + key, nd::take_along_axis(dev, base<std::int32_t>("i32", lay), ind, axis));
      check(index_file, "tal_f64_" + key, nd::take_along_axis(dev, base<double>("f64", lay), ind, axis));
      check(index_file, "tal_c64_" + key, nd::take_along_axis(dev, base<nd::complex64>("c64", lay), ind, axis));
      check(index_file, "talb_" + key, nd::take_along_axis(dev, base<std::int32_t>("i32", lay), input<i64>("taib_" + key), axis));
      ++count;
    }
  EXPECT_EQ(count, 9);
}

TEST(Put, Golden) {
  run_assign<std::int32_t>("i32");
  run_assign<double>("f64");
  run_assign<nd::complex64>("c64");
  auto big  = input<i64>("idx_big");
  auto vals = nd::asarray(dev, {1, 2, 3, 4, 5});
  check_assign<std::int32_t>("i32", "c", "put_wrap", [&](auto v) { nd::put(dev, v, big, vals, nd::take_mode::wrap); });
  // Clip only the first four: the fifth (-1) would clip onto the same element as -9.
  check_assign<std::int32_t>("i32", "c", "put_clip",
                             [&](auto v) { nd::put(dev, v, big(nd::slice(0, 4)), vals, nd::take_mode::clip); });
  // Empty values: nothing happens (NumPy).
  check_assign<std::int32_t>("i32", "c", "in_i32", [&](auto v) { nd::put(dev, v, big, nd::empty<int>(dev, {0})); });
}

TEST(FancyAssign, Golden) {
  auto fidx = input<i64>("fa_idx"), fval = input<i64>("fa_val"), idx = input<i64>("idx");
  check_assign<std::int32_t>("i32", "c", "fa_i32", [&](auto v) { nd::fancy_assign(dev, v, fidx, fval, 1); });
  check_assign<double>("f64", "c", "fa_f64", [&](auto v) { nd::fancy_assign(dev, v, fidx, fval, -2); });
  for (const char* dt : {"i32", "f64"}) {
    auto op = [&](auto v) { nd::fancy_assign(dev, nd::transpose(v, {2, 0, 1}), idx, fval(0, nd::slice(0, 3)), 0); };
    if (std::string(dt) == "i32") check_assign<std::int32_t>(dt, "c", "fat_i32", op);
    else check_assign<double>(dt, "c", "fat_f64", op);
  }
}

TEST(MaskSelect, Int32) { run_mask<std::int32_t>("i32"); }
TEST(MaskSelect, Float64) { run_mask<double>("f64"); }
TEST(MaskSelect, Bool) { run_mask<bool>("b"); }
TEST(MaskSelect, Complex64) { run_mask<nd::complex64>("c64"); }
TEST(MaskSelect, NoneSelected) {
  auto a = input<std::int32_t>("in_i32");
  check(index_file, "e_msel_none", nd::mask_select(dev, a, nd::zeros<bool>(dev, a.shape())));
}

TEST(Nonzero, Int32) { run_nonzero<std::int32_t>("i32"); }
TEST(Nonzero, Float64) { run_nonzero<double>("f64"); }
TEST(Nonzero, Bool) { run_nonzero<bool>("b"); }
TEST(Nonzero, Complex64) { run_nonzero<nd::complex64>("c64"); }
TEST(Nonzero, EmptyAnd0d) {
  check(index_file, "e_nz_zero", nd::stack(dev, nd::nonzero(dev, nd::zeros<double>(dev, {2, 3}))));
  check(index_file, "e_aw_0d", nd::argwhere(dev, nd::full<int>(dev, {}, 5)));
  check(index_file, "e_aw_0d_zero", nd::argwhere(dev, nd::full<int>(dev, {}, 0)));
}
TEST(Nonzero, WhereOverloadsCoexist) {
  auto c = nd::asarray(dev, {0, 3, 0, 1});
  auto r = nd::where(dev, c, 1.0, 2.0); // the three-argument ufunc
  EXPECT_EQ(nd::to_vector(r), (std::vector<double>{2, 1, 2, 1}));
  EXPECT_EQ(nd::to_vector(nd::where(dev, c)[0]), (std::vector<i64>{1, 3}));
}

TEST(Compress, Int32) { run_compress<std::int32_t>("i32"); }
TEST(Compress, Complex64) { run_compress<nd::complex64>("c64"); }

TEST(Join, Int32) { run_join<std::int32_t>("i32"); }
TEST(Join, Float64) { run_join<double>("f64"); }
TEST(Join, Bool) { run_join<bool>("b"); }
TEST(Join, Complex64) { run_join<nd::complex64>("c64"); }

TEST(Join, VstackHstack) {
  auto g  = [](const char* k) { return golden::input<std::int32_t>(dev, join_file, std::string("js_") + k); };
  auto v1 = g("v1"), v2 = g("v2"), m23 = g("m23"), m13 = g("m13"), m22 = g("m22");
  check(join_file, "vstack_1d", nd::vstack(dev, {v1, v2}));
  check(join_file, "vstack_2d", nd::vstack(dev, {m23, m13, v1}));
  check(join_file, "hstack_1d", nd::hstack(dev, {v1, v2}));
  check(join_file, "hstack_2d", nd::hstack(dev, {m23, m22}));
}

TEST(Join, Empty) {
  auto a = input<std::int32_t>("in_i32");
  check(join_file, "e_cat_empty", nd::concatenate(dev, {a, nd::empty<std::int32_t>(dev, {2, 0, 4})}, index_t(1)));
  check(join_file, "e_pad_single", nd::pad(dev, nd::full<std::int32_t>(dev, {1}, 3), {{2, 1}}, nd::pad_mode::edge));
  check(join_file, "e_tile_empty", nd::tile(dev, nd::empty<std::int32_t>(dev, {0, 2}), {2, 3}));
  check(join_file, "e_rep_zero", nd::repeat(dev, a, 0, index_t(1)));
  check(join_file, "e_roll_empty", nd::roll(dev, nd::empty<std::int32_t>(dev, {0, 3}), 1, index_t(0)));
  auto parts = nd::array_split(nd::empty<std::int32_t>(dev, {0, 3}), 2);
  ASSERT_EQ(parts.size(), 2u);
  for (int k = 0; k < 2; ++k) check(join_file, "e_split_empty_" + std::to_string(k), parts[k]);
}

TEST(Split, Golden) {
  auto check_parts = [](const std::string& name, const std::vector<nd::device_array<std::int32_t>>& ps,
                        const nd::device_array<std::int32_t>& a) {
    int k = 0;
    for (; has(join_file, name + "_" + std::to_string(k)); ++k) {
      ASSERT_LT(k, static_cast<int>(ps.size())) << name;
      check(join_file, name + "_" + std::to_string(k), ps[k]);
      if (ps[k].size() > 0) EXPECT_TRUE(ps[k].shares_storage_with(a)) << name << ": split returns views";
    }
    EXPECT_EQ(k, static_cast<int>(ps.size())) << name;
  };
  for (const char* lay : layouts) {
    std::string l = lay;
    auto a        = base<std::int32_t>("i32", lay);
    check_parts("split_" + l + "_a0", nd::split(a, index_t(2), 0), a);
    check_parts("asplit_" + l + "_a1", nd::array_split(a, 3, 1), a);
    check_parts("asplit_" + l + "_a0", nd::array_split(a, 3, 0), a);
    check_parts("isplit_" + l, nd::split(a, std::vector<index_t>{1, 3, -1}, -1), a);
    check_parts("isplit2_" + l, nd::split(a, std::vector<index_t>{3, 1}, 0), a);
  }
}

TEST(Tile, Int32) { run_repeat<std::int32_t>("i32"); }
TEST(Tile, Bool) { run_repeat<bool>("b"); }
TEST(Tile, Complex64) { run_repeat<nd::complex64>("c64"); }

TEST(Errors, Indexing) {
  using golden::expect_error;
  auto a   = nd::arange<double>(dev, 3.0);
  auto a23 = nd::zeros<double>(dev, {2, 3});
  auto i5  = nd::asarray(dev, {i64(5)});
  expect_error<nd::index_error>([&] { nd::take(dev, a, i5); }, "index 5 is out of bounds for axis 0 with size 3");
  expect_error<nd::index_error>([&] { nd::take(dev, a, nd::asarray(dev, {i64(-5)})); },
                                "index -5 is out of bounds for axis 0 with size 3");
  expect_error<nd::index_error>([&] { nd::take(dev, a23, i5, index_t(-1)); },
                                "index 5 is out of bounds for axis 1 with size 3");
  expect_error<nd::index_error>([&] { nd::fancy_index(dev, a23, i5, 1); },
                                "index 5 is out of bounds for axis 1 with size 3");
  expect_error<nd::index_error>([&] { nd::fancy_assign(dev, a23, i5, a, 0); },
                                "index 5 is out of bounds for axis 0 with size 2");
  expect_error<nd::index_error>([&] { nd::put(dev, a, nd::asarray(dev, {i64(4)}), a); },
                                "index 4 is out of bounds for axis 0 with size 3");
  expect_error<nd::index_error>([&] { nd::take_along_axis(dev, a23, nd::full<i64>(dev, {2, 1}, 3), 1); },
                                "index 3 is out of bounds for axis 1 with size 3");
  expect_error<nd::value_error>([&] { nd::take_along_axis(dev, a23, nd::zeros<i64>(dev, {3}), 0); },
                                "`indices` and `arr` must have the same number of dimensions");
  expect_error<nd::index_error>(
    [&] { nd::take(dev, nd::empty<double>(dev, {0}), nd::zeros<i64>(dev, {1}), std::nullopt, nd::take_mode::wrap); },
    "cannot do a non-empty take from an empty axes.");
  expect_error<nd::index_error>([&] { nd::take(dev, nd::empty<double>(dev, {2, 0}), i5, index_t(1)); },
                                "cannot do a non-empty take from an empty axes.");
  expect_error<nd::axis_error>([&] { nd::take(dev, a, i5, index_t(1)); }, "axis 1 is out of bounds for array of dimension 1");
  expect_error<nd::index_error>([&] { nd::mask_select(dev, a, nd::zeros<bool>(dev, {4})); },
                                "boolean index did not match indexed array along axis 0; size of axis is 3 but size "
                                "of corresponding boolean axis is 4");
  expect_error<nd::index_error>([&] { nd::mask_select(dev, a23, nd::zeros<bool>(dev, {2, 2})); },
                                "boolean index did not match indexed array along axis 1; size of axis is 3 but size "
                                "of corresponding boolean axis is 2");
  expect_error<nd::index_error>([&] { nd::mask_assign(dev, a, nd::zeros<bool>(dev, {3, 1}), 1.0); },
                                "too many indices for array: array is 1-dimensional, but 2 were indexed");
  expect_error<nd::shape_error>([&] { nd::mask_assign(dev, a, nd::ones<bool>(dev, {3}), nd::zeros<double>(dev, {2})); },
                                "could not broadcast input array from shape (2,) into shape (3,)");
  expect_error<nd::value_error>([&] { nd::nonzero(dev, nd::full<int>(dev, {}, 3)); },
                                "Calling nonzero on 0d arrays is not allowed.");
  expect_error<nd::index_error>([&] { nd::compress(dev, nd::asarray(dev, {1, 0, 1, 1}), a); },
                                "index 3 is out of bounds for axis 0 with size 3");
  expect_error<nd::value_error>([&] { nd::compress(dev, nd::ones<bool>(dev, {1, 1}), a); },
                                "condition must be a 1-d array");
  // Read-only destinations (broadcast views).
  auto ro = nd::broadcast_to(a, {2, 3});
  expect_error<nd::value_error>([&] { nd::put(dev, ro, i5, a); }, "read-only");
  expect_error<nd::value_error>([&] { nd::mask_assign(dev, ro, nd::ones<bool>(dev, {2, 3}), a); }, "read-only");
}

TEST(Errors, Join) {
  using golden::expect_error;
  auto a23 = nd::zeros<double>(dev, {2, 3}), a22 = nd::zeros<double>(dev, {2, 2});
  expect_error<nd::value_error>([&] { nd::concatenate(dev, {a23, a22}, index_t(0)); },
                                "all the input array dimensions except for the concatenation axis must match exactly, "
                                "but along dimension 1, the array at index 0 has size 3 and the array at index 1 has "
                                "size 2");
  expect_error<nd::value_error>([&] { nd::concatenate(dev, {a23, nd::zeros<double>(dev, {2})}); },
                                "all the input arrays must have same number of dimensions, but the array at index 0 "
                                "has 2 dimension(s) and the array at index 1 has 1 dimension(s)");
  expect_error<nd::value_error>([&] { nd::concatenate(dev, {nd::full<double>(dev, {}, 1.0)}); },
                                "zero-dimensional arrays cannot be concatenated");
  expect_error<nd::value_error>([&] { nd::concatenate(dev, std::vector<nd::device_array<double>>{}); },
                                "need at least one array to concatenate");
  expect_error<nd::axis_error>([&] { nd::concatenate(dev, {a23, a23}, index_t(2)); },
                               "axis 2 is out of bounds for array of dimension 2");
  expect_error<nd::value_error>([&] { nd::stack(dev, {a23, a22}); }, "all input arrays must have the same shape");
  expect_error<nd::value_error>([&] { nd::stack(dev, std::vector<nd::device_array<double>>{}); },
                                "need at least one array to stack");
  expect_error<nd::axis_error>([&] { nd::stack(dev, {a23, a23}, 3); }, "axis 3 is out of bounds for array of dimension 3");
  expect_error<nd::value_error>([&] { nd::split(a23, index_t(2), 1); }, "array split does not result in an equal division");
  expect_error<nd::value_error>([&] { nd::array_split(a23, 0); }, "number sections must be larger than 0.");
  expect_error<nd::value_error>([&] { nd::pad(dev, nd::zeros<double>(dev, {0, 2}), {{1, 1}}, nd::pad_mode::edge); },
                                "can't extend empty axis 0 using modes other than 'constant' or 'empty'");
  expect_error<nd::value_error>([&] { nd::pad(dev, a23, {{-1, 1}}); }, "index can't contain negative values");
  expect_error<nd::value_error>([&] { nd::repeat(dev, a23, std::vector<index_t>{1, 2}, index_t(1)); },
                                "operands could not be broadcast together with shape (3,) (2,)");
  expect_error<nd::value_error>([&] { nd::repeat(dev, a23, std::vector<index_t>{1, -1, 1}, index_t(1)); },
                                "repeats may not contain negative values.");
  expect_error<nd::value_error>([&] { nd::repeat(dev, a23, -1); }, "negative dimensions are not allowed");
  expect_error<nd::value_error>([&] { nd::tile(dev, a23, {-1}); }, "negative dimensions are not allowed");
}

// --- lazy expressions (nd::map): read in place, or evaluated; the results are those of the evaluated array ----------

namespace {
struct positive_fn {
  template <class T>
  NDTHRUST_HD bool operator()(T x) const {
    return x > T(0);
  }
};

template <class T>
void run_map_indexing() {
  using ndtest::expect_same;
  using nd::slice;
  auto x   = ndtest::strided_input<T>(); // (6, 4), strided
  auto e   = nd::map(ndtest::affine_fn{}, x);
  auto v   = nd::evaluate(dev, e);
  auto idx = nd::asarray(dev, std::vector<i64>{3, -1, 0, 3});
  for (std::optional<index_t> ax : {std::optional<index_t>(0), std::optional<index_t>(-1), std::optional<index_t>()})
    expect_same(nd::take(dev, e, idx, ax), nd::take(dev, v, idx, ax), "take");
  auto far = nd::asarray(dev, std::vector<i64>{9, -7, 100});
  expect_same(nd::take(dev, e, far, index_t(1), nd::take_mode::wrap),
              nd::take(dev, v, far, index_t(1), nd::take_mode::wrap), "take wrap");
  auto idx_e = nd::map(ndtest::affine_fn{}, nd::asarray(dev, std::vector<i64>{3, 2, 4})); // 2, -1, 5
  expect_same(nd::take(dev, e, idx_e, index_t(0)), nd::take(dev, v, nd::evaluate(dev, idx_e), index_t(0)),
              "take with expression indices");
  expect_same(nd::fancy_index(dev, e, idx, 1), nd::fancy_index(dev, v, idx, 1), "fancy_index");
  auto order = nd::argsort(dev, v, 0);
  expect_same(nd::take_along_axis(dev, e, order, 0), nd::take_along_axis(dev, v, order, 0), "take_along_axis");

  // Masks and conditions as expressions, never stored.
  auto m  = nd::map(positive_fn{}, e);
  auto mv = nd::evaluate(dev, m);
  auto sel = nd::mask_select(dev, e, m);
  EXPECT_GT(sel.size(), 0);
  EXPECT_LT(sel.size(), v.size());
  expect_same(sel, nd::mask_select(dev, v, mv), "mask_select");
  auto rows = nd::map(positive_fn{}, x(slice(nd::none, nd::none), 1)); // a mask over the leading axis
  expect_same(nd::mask_select(dev, e, rows), nd::mask_select(dev, v, nd::evaluate(dev, rows)), "mask_select rows");
  auto nz = nd::nonzero(dev, m), nzv = nd::nonzero(dev, mv);
  ASSERT_EQ(nz.size(), 2u);
  for (int d = 0; d < 2; ++d) expect_same(nz[d], nzv[d], "nonzero");
  expect_same(nd::where(dev, m)[1], nzv[1], "where(cond)");
  expect_same(nd::argwhere(dev, m), nd::argwhere(dev, mv), "argwhere");
  expect_same(nd::flatnonzero(dev, e), nd::flatnonzero(dev, v), "flatnonzero");
  auto short_c = nd::map(positive_fn{}, nd::asarray(dev, std::vector<i64>{1, 0, 1}));
  auto long_c  = nd::map(positive_fn{}, nd::asarray(dev, std::vector<i64>{0, 1, 1, 0, 0, 0}));
  expect_same(nd::compress(dev, short_c, e, index_t(0)), nd::compress(dev, nd::evaluate(dev, short_c), v, index_t(0)),
              "compress short");
  expect_same(nd::compress(dev, long_c, e, index_t(1)), nd::compress(dev, nd::evaluate(dev, long_c), v, index_t(1)),
              "compress long");
  expect_same(nd::compress(dev, long_c, e), nd::compress(dev, nd::evaluate(dev, long_c), v), "compress flat");
  auto beyond = nd::map(positive_fn{}, nd::asarray(dev, std::vector<i64>{0, 1, 0, 0, 1}));
  golden::expect_error<nd::index_error>([&] { nd::compress(dev, beyond, e, index_t(1)); },
                                        "index 4 is out of bounds for axis 1 with size 4");

  // Assignments with expression masks, indices and values.
  auto a = nd::copy(dev, v), b = nd::copy(dev, v);
  nd::mask_assign(dev, a, m, T(5));
  nd::mask_assign(dev, b, mv, T(5));
  expect_same(a, b, "mask_assign scalar");
  auto vals = nd::map(ndtest::affine_fn{}, nd::arange<T>(dev, T(sel.size())));
  nd::mask_assign(dev, a, m, vals);
  nd::mask_assign(dev, b, mv, nd::evaluate(dev, vals));
  expect_same(a, b, "mask_assign values");
  // Distinct targets: which of two writes to one element wins is unspecified.
  auto four     = nd::map(ndtest::affine_fn{}, nd::arange<T>(dev, T(4)));
  auto distinct = nd::asarray(dev, std::vector<i64>{3, -1, 0, 7});
  nd::put(dev, a, distinct, four);
  nd::put(dev, b, distinct, nd::evaluate(dev, four));
  expect_same(a, b, "put");
  auto rows_i = nd::map(ndtest::affine_fn{}, nd::asarray(dev, std::vector<i64>{3, 2})); // rows 2 and -1
  auto rows_v = nd::map(ndtest::affine_fn{}, nd::reshape(dev, nd::arange<T>(dev, T(8)), {2, 4}));
  nd::fancy_assign(dev, a, rows_i, rows_v, 0);
  nd::fancy_assign(dev, b, nd::evaluate(dev, rows_i), nd::evaluate(dev, rows_v), 0);
  nd::put(dev, a, idx_e, rows_v, nd::take_mode::clip); // flat positions 2, 0 (clipped), 5
  nd::put(dev, b, nd::evaluate(dev, idx_e), nd::evaluate(dev, rows_v), nd::take_mode::clip);
  expect_same(a, b, "fancy_assign");

  // Joins: expressions written straight into their slices, or evaluated first.
  auto e2 = nd::map(ndtest::affine_fn{}, x(slice(0, 2)));
  auto v2 = nd::evaluate(dev, e2);
  expect_same(nd::concatenate(dev, {e, e2}, index_t(0)), nd::concatenate(dev, {v, v2}, index_t(0)), "concatenate");
  expect_same(nd::concatenate(dev, {e, e2}, std::nullopt), nd::concatenate(dev, {v, v2}, std::nullopt),
              "concatenate flat");
  expect_same(nd::stack(dev, {e, e}, 1), nd::stack(dev, {v, v}, 1), "stack");
  expect_same(nd::vstack(dev, {e, e2}), nd::vstack(dev, {v, v2}), "vstack");
  expect_same(nd::hstack(dev, {e, e}), nd::hstack(dev, {v, v}), "hstack");
  auto row = nd::map(ndtest::affine_fn{}, x(1));
  expect_same(nd::vstack(dev, {row, row}), nd::vstack(dev, {nd::evaluate(dev, row), nd::evaluate(dev, row)}),
              "vstack 1-d");
  expect_same(nd::tile(dev, e, {2, 1}), nd::tile(dev, v, {2, 1}), "tile");
  expect_same(nd::repeat(dev, e, 2, index_t(1)), nd::repeat(dev, v, 2, index_t(1)), "repeat");
  expect_same(nd::repeat(dev, e, std::vector<index_t>{1, 0, 2, 1}, index_t(1)),
              nd::repeat(dev, v, std::vector<index_t>{1, 0, 2, 1}, index_t(1)), "repeat counts");
  expect_same(nd::roll(dev, e, 3), nd::roll(dev, v, 3), "roll flat");
  expect_same(nd::roll(dev, e, 2, index_t(0)), nd::roll(dev, v, 2, index_t(0)), "roll");
  expect_same(nd::pad(dev, e, {{1, 2}}, nd::pad_mode::edge), nd::pad(dev, v, {{1, 2}}, nd::pad_mode::edge), "pad");
  expect_same(nd::pad(dev, e, {{1, 0}, {0, 2}}, nd::pad_mode::constant, T(9)),
              nd::pad(dev, v, {{1, 0}, {0, 2}}, nd::pad_mode::constant, T(9)), "pad constant");
}

/// i * 65536 + j: the C-order position in a (65536, 65536) expression.
struct position_fn {
  NDTHRUST_HD i64 operator()(i64 i, i64 j) const { return i * 65536 + j; }
};
} // namespace

TEST(IndexingMap, Float64) { run_map_indexing<double>(); }
TEST(IndexingMap, Int32) { run_map_indexing<std::int32_t>(); }

TEST(IndexingMap, TakeBeyond32BitPositions) {
  // An expression of 2^32 elements over two small broadcast arrays, each element its own C-order position: taking
  // from it needs 64-bit index math; 32-bit positions would wrap and read other elements.
  const i64 n = 65536;
  auto j      = nd::arange<i64>(dev, n);
  auto e      = nd::map(position_fn{}, nd::reshape(dev, j, {n, 1}), j);
  const std::vector<i64> pos{n * n - 1, 3000000000, 5, (i64(1) << 31) + 7};
  EXPECT_EQ(nd::to_vector(nd::take(dev, e, nd::asarray(dev, pos))), pos);
  auto along = nd::to_vector(nd::take(dev, e, nd::asarray(dev, std::vector<i64>{n - 1, 2}), index_t(0)));
  ASSERT_EQ(along.size(), static_cast<std::size_t>(2 * n));
  EXPECT_EQ(along[n - 1], (n - 1) * n + n - 1);
  EXPECT_EQ(along[n + 7], 2 * n + 7);
}

// --- writes that overlap their inputs, repeated indices (NumPy's read-before-write and last-write-wins) ----------

namespace {
std::vector<double> dvec(const nd::device_array<double>& a) { return nd::to_vector(a); }
} // namespace

TEST(Overlap, PutValuesOverlapTarget) {
  // np.put(a, np.arange(1, 8), a[:-1]) with a = arange(8) → [0 0 1 2 3 4 5 6]
  auto a = nd::arange<double>(dev, 0.0, 8.0);
  nd::put(dev, a, nd::arange<i64>(dev, 1, 8), a(nd::slice(nd::none, -1)));
  EXPECT_EQ(dvec(a), (std::vector<double>{0, 0, 1, 2, 3, 4, 5, 6}));
  // The other direction: np.put(b, arange(0, 7), b[1:]) → [1 2 3 4 5 6 7 7]
  auto b = nd::arange<double>(dev, 0.0, 8.0);
  nd::put(dev, b, nd::arange<i64>(dev, 0, 7), b(nd::slice(1, nd::none)));
  EXPECT_EQ(dvec(b), (std::vector<double>{1, 2, 3, 4, 5, 6, 7, 7}));
}

TEST(Overlap, TwoWrapsOfOneBuffer) {
  // Two separate wraps of one user buffer are separate storages over the same bytes: still caught.
  auto owner = nd::arange<double>(dev, 0.0, 8.0);
  auto a = nd::wrap<nd::device_space>(owner.raw(), {8});
  auto v = nd::wrap<nd::device_space>(owner.raw(), {7});
  nd::put(dev, a, nd::arange<i64>(dev, 1, 8), v);
  EXPECT_EQ(dvec(owner), (std::vector<double>{0, 0, 1, 2, 3, 4, 5, 6}));
}

TEST(Overlap, FancyAndMaskAssignValuesOverlapTarget) {
  // a[[1, 2, 3]] = a[[0, 1, 2]] through a view of a: np gives [0 0 1 2 4 5]
  auto a = nd::arange<double>(dev, 0.0, 6.0);
  nd::fancy_assign(dev, a, nd::asarray(dev, std::vector<i64>{1, 2, 3}), a(nd::slice(0, 3)));
  EXPECT_EQ(dvec(a), (std::vector<double>{0, 0, 1, 2, 4, 5}));
  // m[mask] = m[::-1][mask] with a reversed view of m as the values
  auto m    = nd::arange<double>(dev, 0.0, 6.0);
  auto mask = nd::less(dev, nd::arange<double>(dev, 0.0, 6.0), 3.0); // [T T T F F F]
  nd::mask_assign(dev, m, mask, m(nd::slice(nd::none, nd::none, -1))(nd::slice(0, 3)));
  EXPECT_EQ(dvec(m), (std::vector<double>{5, 4, 3, 3, 4, 5}));
}

TEST(Overlap, IndicesInsideTheTarget) {
  // The index array is the target itself: indices are all read before the first write.
  auto a = nd::asarray(dev, std::vector<i64>{2, 0, 1, 3});
  nd::put(dev, a, a, nd::asarray(dev, std::vector<i64>{10, 20, 30, 40}));
  EXPECT_EQ(nd::to_vector(a), (std::vector<i64>{20, 30, 10, 40}));
}

TEST(Overlap, RepeatedIndicesLastWins) {
  auto a = nd::zeros<double>(dev, {4});
  nd::put(dev, a, nd::asarray(dev, std::vector<i64>{1, 1, 1}), nd::asarray(dev, std::vector<double>{5, 6, 7}));
  EXPECT_EQ(dvec(a), (std::vector<double>{0, 7, 0, 0}));
  // -1 and 3 are one element: the later write wins after normalisation.
  nd::put(dev, a, nd::asarray(dev, std::vector<i64>{3, -1, 0}), nd::asarray(dev, std::vector<double>{1, 2, 3}));
  EXPECT_EQ(dvec(a), (std::vector<double>{3, 7, 0, 2}));
  // Many positions hitting a few slots with distinct values: a race would show as a wrong or varying winner.
  constexpr int n = 100000;
  std::vector<i64> idx(n);
  std::vector<double> val(n);
  std::vector<double> want(8, 0.0);
  for (int i = 0; i < n; ++i) {
    idx[i]            = (i * 5) % 8;
    val[i]            = i;
    want[idx[i] % 8] = i;
  }
  for (int round = 0; round < 3; ++round) {
    auto b = nd::zeros<double>(dev, {8});
    nd::put(dev, b, nd::asarray(dev, idx), nd::asarray(dev, val));
    EXPECT_EQ(dvec(b), want) << "round " << round;
    auto c = nd::zeros<double>(dev, {8, 2});
    nd::fancy_assign(dev, c, nd::asarray(dev, idx), nd::broadcast_to(nd::reshape(nd::asarray(dev, val), {n, 1}), {n, 2}));
    auto got = dvec(c);
    for (int k = 0; k < 8; ++k) {
      EXPECT_EQ(got[2 * k], want[k]);
      EXPECT_EQ(got[2 * k + 1], want[k]);
    }
  }
  // Mode wrap: 9 and 1 are one slot of a size-8 array.
  auto w = nd::zeros<double>(dev, {8});
  nd::put(dev, w, nd::asarray(dev, std::vector<i64>{9, 1}), nd::asarray(dev, std::vector<double>{4, 5}),
          nd::take_mode::wrap);
  EXPECT_EQ(dvec(w)[1], 5.0);
}

TEST(Overlap, UnsignedIndexPastInt64IsOutOfRange) {
  auto a = nd::zeros<double>(dev, {4});
  auto bad = nd::asarray(dev, std::vector<std::uint64_t>{std::uint64_t(0) - 1});
  EXPECT_THROW(nd::put(dev, a, bad, nd::asarray(dev, std::vector<double>{1})), nd::index_error);
  EXPECT_EQ(dvec(a), std::vector<double>(4, 0.0));
}

// tile / repeat compute their extents with checked multiplication: a product past int64 raises, never wraps.
TEST(Sizes, TileAndRepeatExtentsThatOverflowRaise) {
  auto a = nd::arange<double>(dev, 0.0, 4.0);
  EXPECT_THROW(nd::tile(dev, a, {INT64_MAX / 2}), nd::value_error);
  EXPECT_THROW(nd::repeat(dev, a, INT64_MAX / 2), nd::value_error);
  EXPECT_THROW(nd::repeat(dev, nd::reshape(a, {2, 2}), INT64_MAX / 2, 1), nd::value_error);
  EXPECT_EQ(nd::to_vector(nd::repeat(dev, a, 2)), (std::vector<double>{0, 0, 1, 1, 2, 2, 3, 3}));
}

// A read-only view as the target of put / fancy_assign / mask_assign raises and leaves the data alone.
TEST(Overlap, ReadOnlyTargetRaises) {
  auto base = nd::arange<double>(dev, 0.0, 3.0);
  auto ro   = nd::broadcast_to(base, {2, 3});
  auto idx  = nd::asarray(dev, std::vector<i64>{0});
  EXPECT_THROW(nd::put(dev, ro, idx, nd::asarray(dev, std::vector<double>{9})), nd::value_error);
  EXPECT_THROW(nd::fancy_assign(dev, ro, idx, nd::zeros<double>(dev, {1, 3})), nd::value_error);
  EXPECT_THROW(nd::mask_assign(dev, ro, nd::less(dev, ro, 1.0), nd::zeros<double>(dev, {1})), nd::value_error);
  EXPECT_EQ(dvec(base), (std::vector<double>{0, 1, 2}));
}

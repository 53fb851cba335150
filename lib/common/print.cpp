// NumPy's str() of an array: a port of numpy/_core/arrayprint.py (FloatingFormat in 'maxprec' mode with
// precision 8, IntegerFormat, BoolFormat, ComplexFloatingFormat, _formatArray with line width 75, threshold 1000
// and 3 edge items), with shortest round-trip digits from std::to_chars in place of Dragon4.
#include <ndthrust/io/print.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <vector>

namespace nd {
namespace {

constexpr index_t threshold  = detail::print_threshold;
constexpr index_t edge_items = detail::print_edge_items;
constexpr int line_width     = 75;

// --- digits of one float -----------------------------------------------------------------------------------------

/// Decimal digits d0 d1 d2 … and exponent e of a finite non-negative x = d0.d1d2… × 10^e: the shortest digits that
/// round-trip, or `precision` digits after d0 when precision >= 0. Trailing zeros are dropped.
template <class F>
void sci_digits(F x, int precision, std::string& digits, int& exp10) {
  char buf[64];
  auto r = precision < 0 ? std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific)
                         : std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific, precision);
  std::string s(buf, r.ptr);
  auto e = s.find('e');
  digits.clear();
  for (std::size_t i = 0; i < e; ++i)
    if (s[i] != '.') digits += s[i];
  exp10 = std::stoi(s.substr(e + 1));
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
}

/// A float split as NumPy's formatters split it: sign and integer part, fractional digits, exponent ("+05").
struct float_parts {
  std::string int_part, frac_part, exp_part;
};

std::string sign_of(bool neg, bool plus) { return neg ? "-" : plus ? "+" : ""; }

/// Dragon4 positional, unique digits, at most `max_frac` fractional digits.
template <class F>
float_parts positional(F x, int max_frac, bool plus) {
  bool neg = std::signbit(x);
  F ax     = std::fabs(x);
  std::string d;
  int e;
  sci_digits(ax, -1, d, e);
  float_parts p;
  int nfrac = static_cast<int>(d.size()) - 1 - e;
  if (nfrac > max_frac) {
    // Round the exact binary value (as Dragon4 does), not the shortest digits.
    char buf[512];
    auto r = std::to_chars(buf, buf + sizeof buf, ax, std::chars_format::fixed, max_frac);
    std::string s(buf, r.ptr);
    auto dot    = s.find('.');
    p.int_part  = s.substr(0, dot);
    p.frac_part = dot == std::string::npos ? "" : s.substr(dot + 1);
    while (!p.frac_part.empty() && p.frac_part.back() == '0') p.frac_part.pop_back();
  } else if (e >= 0) {
    std::string all = d;
    if (static_cast<int>(all.size()) < e + 1) all.append(e + 1 - all.size(), '0');
    p.int_part  = all.substr(0, e + 1);
    p.frac_part = all.substr(e + 1);
  } else {
    p.int_part  = "0";
    p.frac_part = std::string(-e - 1, '0') + d;
  }
  p.int_part = sign_of(neg, plus) + p.int_part;
  return p;
}

/// Dragon4 scientific, unique digits, at most `max_frac` digits after the first.
template <class F>
float_parts scientific(F x, int max_frac, bool plus) {
  bool neg = std::signbit(x);
  F ax     = std::fabs(x);
  std::string d;
  int e;
  sci_digits(ax, -1, d, e);
  if (static_cast<int>(d.size()) - 1 > max_frac) sci_digits(ax, max_frac, d, e);
  float_parts p;
  p.int_part   = sign_of(neg, plus) + d.substr(0, 1);
  p.frac_part  = d.substr(1);
  std::string ed = std::to_string(e < 0 ? -e : e);
  if (ed.size() < 2) ed.insert(0, 2 - ed.size(), '0');
  p.exp_part = (e < 0 ? "-" : "+") + ed;
  return p;
}

std::string pad_left(const std::string& s, std::size_t w) {
  return s.size() >= w ? s : std::string(w - s.size(), ' ') + s;
}

// --- array element formatters ------------------------------------------------------------------------------------

/// NumPy's FloatingFormat(floatmode='maxprec', precision=8, sign='-' or '+').
template <class F>
class float_format {
public:
  float_format(const std::vector<F>& shown, bool plus) : plus_(plus) {
    std::vector<F> finite;
    bool any_nonfinite = false, neg_inf = false;
    for (F x : shown) {
      if (std::isfinite(x)) finite.push_back(x);
      else {
        any_nonfinite = true;
        neg_inf |= std::isinf(x) && x < 0;
      }
    }
    F maxv = 0, minv = 0;
    bool any_nonzero = false;
    for (F x : finite) {
      F a = std::fabs(x);
      if (a == 0) continue;
      maxv        = any_nonzero ? std::max(maxv, a) : a;
      minv        = any_nonzero ? std::min(minv, a) : a;
      any_nonzero = true;
    }
    if (any_nonzero) {
      // NumPy 2 compares in the array's dtype; the upper cutoff is 10**min(8, finfo(dtype).precision).
      const F cutoff = std::is_same_v<F, float> ? F(1e6) : F(1e8);
      exp_           = maxv >= cutoff || minv < F(0.0001) || maxv / minv > F(1000);
    }
    if (!finite.empty()) {
      std::size_t il = 0, fl = 0, el = 0;
      for (F x : finite) {
        float_parts p = exp_ ? scientific(x, max_precision, plus_) : positional(x, max_precision, plus_);
        il            = std::max(il, p.int_part.size());
        fl            = std::max(fl, p.frac_part.size());
        el            = std::max(el, p.exp_part.size());
      }
      pad_left_ = static_cast<int>(il);
      if (exp_) {
        exp_size_  = static_cast<int>(el) - 1;
        precision_ = static_cast<int>(fl);
        pad_right_ = exp_size_ + 2 + precision_;
      } else {
        pad_right_ = static_cast<int>(fl);
      }
    }
    if (any_nonfinite) {
      int offset = pad_right_ + 1;
      int inflen = 3 + ((plus_ || neg_inf) ? 1 : 0);
      pad_left_  = std::max({pad_left_, 3 - offset, inflen - offset});
    }
  }

  std::string operator()(F x) const {
    if (!std::isfinite(x)) {
      std::string r = std::isnan(x) ? sign_of(false, plus_) + "nan" : sign_of(x < 0, plus_) + "inf";
      return pad_left(r, static_cast<std::size_t>(pad_left_ + pad_right_ + 1));
    }
    if (exp_) {
      float_parts p = scientific(x, precision_, plus_);
      p.frac_part.append(precision_ - p.frac_part.size(), '0');
      std::string digits = p.exp_part.substr(1);
      if (static_cast<int>(digits.size()) < exp_size_) digits.insert(0, exp_size_ - digits.size(), '0');
      return pad_left(p.int_part, pad_left_) + "." + p.frac_part + "e" + p.exp_part[0] + digits;
    }
    float_parts p = positional(x, max_precision, plus_);
    return pad_left(p.int_part, pad_left_) + "." + p.frac_part +
           std::string(pad_right_ - static_cast<int>(p.frac_part.size()), ' ');
  }

private:
  static constexpr int max_precision = 8;
  bool plus_;
  bool exp_      = false;
  int pad_left_  = 0;
  int pad_right_ = 0;
  int precision_ = max_precision;
  int exp_size_  = -1;
};

template <class T>
std::string int_str(T x) {
  if constexpr (std::is_signed_v<T>) return std::to_string(static_cast<long long>(x));
  else return std::to_string(static_cast<unsigned long long>(x));
}

template <class T>
std::function<std::string(T)> make_format(const std::vector<T>& shown) {
  if constexpr (std::is_same_v<T, bool>) {
    return [](bool x) { return std::string(x ? " True" : "False"); };
  } else if constexpr (std::is_integral_v<T>) {
    std::size_t w = 0;
    if (!shown.empty()) {
      auto mm = std::minmax_element(shown.begin(), shown.end());
      w       = std::max(int_str(*mm.first).size(), int_str(*mm.second).size());
    }
    return [w](T x) { return pad_left(int_str(x), w); };
  } else if constexpr (std::is_floating_point_v<T>) {
    return float_format<T>(shown, false);
  } else {
    using F = typename T::value_type;
    std::vector<F> re, im;
    for (const T& z : shown) {
      re.push_back(z.real());
      im.push_back(z.imag());
    }
    float_format<F> fr(re, false), fi(im, true);
    return [fr, fi](T z) {
      std::string i = fi(z.imag());
      auto sp       = i.find_last_not_of(' ') + 1;
      return fr(z.real()) + i.substr(0, sp) + "j" + i.substr(sp);
    };
  }
}

// --- 0-d arrays: the scalar's str() ----------------------------------------------------------------------------------

/// str() of a NumPy float scalar: "1.0" for a float, "1" as part of a complex (`point_zero` false).
template <class F>
std::string float_scalar_str(F x, bool point_zero) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  double a            = std::fabs(static_cast<double>(x));
  const double cutoff = std::is_same_v<F, float> ? 1e6 : 1e16;
  if (a == 0 || (a >= 1e-4 && a < cutoff)) {
    float_parts p = positional(x, 1 << 20, false);
    if (p.frac_part.empty()) return point_zero ? p.int_part + ".0" : p.int_part;
    return p.int_part + "." + p.frac_part;
  }
  float_parts p = scientific(x, 1 << 20, false);
  return p.int_part + (p.frac_part.empty() ? "" : "." + p.frac_part) + "e" + p.exp_part;
}

template <class T>
std::string scalar_str(T x) {
  if constexpr (std::is_same_v<T, bool>) {
    return x ? "True" : "False";
  } else if constexpr (std::is_integral_v<T>) {
    return int_str(x);
  } else if constexpr (std::is_floating_point_v<T>) {
    return float_scalar_str(x, true);
  } else {
    auto re = x.real(), im = x.imag();
    std::string is = float_scalar_str(im, false);
    if (re == 0 && !std::signbit(re)) return is + "j";
    if (!std::signbit(im) || std::isnan(im)) is = "+" + is;
    return "(" + float_scalar_str(re, false) + is + "j)";
  }
}

// --- layout: numpy's _formatArray --------------------------------------------------------------------------------

/// The positions NumPy shows along an axis of length n: all, or 3 at each edge when summarising.
std::vector<index_t> shown_positions(index_t n, bool summarize) {
  std::vector<index_t> r;
  if (summarize && 2 * edge_items < n) {
    for (index_t i = 0; i < edge_items; ++i) r.push_back(i);
    for (index_t i = n - edge_items; i < n; ++i) r.push_back(i);
  } else {
    for (index_t i = 0; i < n; ++i) r.push_back(i);
  }
  return r;
}

template <class T>
class layout_printer {
public:
  /// With `edges_only`, `data` holds just the shown items of each summarised axis (see format_array_edges).
  layout_printer(const shape_t& shape, const T* data, bool summarize, bool edges_only = false)
      : shape_(shape), cs_(c_strides(edges_only ? edge_shape(shape) : shape)), data_(data), summarize_(summarize),
        edges_only_(edges_only) {
    std::vector<T> shown;
    collect(0, 0, shown);
    fmt_ = make_format<T>(shown);
  }

  std::string str() const { return recurse(0, 0, " ", line_width); }

  static shape_t edge_shape(const shape_t& shape) {
    shape_t r = shape;
    for (int d = 0; d < r.size(); ++d)
      if (r[d] > 2 * edge_items) r[d] = 2 * edge_items;
    return r;
  }

private:
  /// Where position i of `axis` sits in the data.
  index_t at(int axis, index_t i) const {
    index_t n = shape_[axis];
    if (edges_only_ && n > 2 * edge_items && i >= n - edge_items) i -= n - 2 * edge_items;
    return i * cs_[axis];
  }

  void collect(int axis, index_t offset, std::vector<T>& out) const {
    if (axis == shape_.size()) {
      out.push_back(data_[offset]);
      return;
    }
    for (index_t i : shown_positions(shape_[axis], summarize_)) collect(axis + 1, offset + at(axis, i), out);
  }

  static void extend_line(std::string& s, std::string& line, const std::string& word, int width,
                          const std::string& prefix) {
    bool wrap = static_cast<int>(line.size() + word.size()) > width && line.size() > prefix.size();
    if (wrap) {
      s += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
      line = prefix;
    }
    line += word;
  }

  std::string recurse(int axis, index_t offset, const std::string& hanging, int width) const {
    if (axis == shape_.size()) return fmt_(data_[offset]);
    std::string next_hanging = hanging + " ";
    int next_width           = width - 1; // room for the closing ']'
    index_t n                = shape_[axis];
    bool summary             = summarize_ && 2 * edge_items < n;
    index_t lead = summary ? edge_items : 0, trail = summary ? edge_items : n;
    int axes_left = shape_.size() - axis;
    auto item = [&](index_t i) { return recurse(axis + 1, offset + at(axis, i), next_hanging, next_width); };

    std::string s;
    if (axes_left == 1) {
      int elem_width   = width - 1;
      std::string line = hanging;
      for (index_t i = 0; i < lead; ++i) {
        extend_line(s, line, item(i), elem_width, hanging);
        line += ' ';
      }
      if (summary) {
        extend_line(s, line, "...", elem_width, hanging);
        line += ' ';
      }
      for (index_t i = trail; i > 1; --i) {
        extend_line(s, line, item(n - i), elem_width, hanging);
        line += ' ';
      }
      extend_line(s, line, item(n - 1), elem_width, hanging);
      s += line;
    } else {
      std::string line_sep(axes_left - 1, '\n');
      for (index_t i = 0; i < lead; ++i) s += hanging + item(i) + line_sep;
      if (summary) s += hanging + "..." + line_sep;
      for (index_t i = trail; i > 1; --i) s += hanging + item(n - i) + line_sep;
      s += hanging + item(n - 1);
    }
    return "[" + s.substr(hanging.size()) + "]";
  }

  shape_t shape_;
  strides_t cs_;
  const T* data_;
  bool summarize_;
  bool edges_only_;
  std::function<std::string(T)> fmt_;
};

template <class T>
std::string format_typed(const shape_t& shape, const void* raw) {
  const T* data = static_cast<const T*>(raw);
  if (shape.size() == 0) return scalar_str(data[0]);
  index_t n = shape_size(shape);
  if (n == 0) return "[]";
  return layout_printer<T>(shape, data, n > threshold).str();
}

template <class T>
std::string format_edges_typed(const shape_t& shape, const void* raw) {
  return layout_printer<T>(shape, static_cast<const T*>(raw), true, true).str();
}

/// Calls f(T{}) with the element type of `type`; "" for a type the printer does not know.
template <class F>
std::string with_element_type(dtype type, F f) {
  switch (type) {
  case dtype::bool_: return f(bool{});
  case dtype::int8: return f(std::int8_t{});
  case dtype::int16: return f(std::int16_t{});
  case dtype::int32: return f(std::int32_t{});
  case dtype::int64: return f(std::int64_t{});
  case dtype::uint8: return f(std::uint8_t{});
  case dtype::uint16: return f(std::uint16_t{});
  case dtype::uint32: return f(std::uint32_t{});
  case dtype::uint64: return f(std::uint64_t{});
  case dtype::float32: return f(float{});
  case dtype::float64: return f(double{});
  case dtype::complex64: return f(complex64{});
  case dtype::complex128: return f(complex128{});
  }
  return "";
}

} // namespace

namespace detail {
std::string format_array_edges(dtype type, const shape_t& shape, const void* edges) {
  return with_element_type(type, [&](auto t) { return format_edges_typed<decltype(t)>(shape, edges); });
}

std::string format_array(dtype type, const shape_t& shape, const void* data) {
  return with_element_type(type, [&](auto t) { return format_typed<decltype(t)>(shape, data); });
}
} // namespace detail

} // namespace nd

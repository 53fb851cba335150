// ndthrust/fft.h — nd::fft: NumPy's discrete Fourier transforms (fft, ifft, rfft, irfft, hfft, ihfft, fft2, ifft2,
// fftn, ifftn, rfftn, irfftn) with `n` / `s`, `axis` / `axes` and `norm` ("backward", "ortho", "forward"), over any strided
// input; fftfreq, rfftfreq, fftshift, ifftshift.
//
// Each axis is transformed as a batch of contiguous rows (the axis is moved last and packed, padded with zeros or
// truncated to n), by cuFFT for device arrays on the CUDA backend (cached plans, pooled work areas, no
// synchronisation) and by kissfft otherwise. Real inputs of fft are promoted to complex as NumPy does; float and
// complex64 transform in single precision, double and complex128 in double, integers and bool in double (complex128
// results, as NumPy). Results keep the input's axis order
// (they may be non-contiguous views of the packed output).
#pragma once

#include <ndthrust/copy.h>
#include <ndthrust/creation.h>
#include <ndthrust/detail/fft/ops.h>
#include <ndthrust/views.h>

#include <thrust/tabulate.h>
#include <thrust/transform.h>

#include <cmath>
#include <string>
#include <vector>

namespace nd::fft {

namespace detail {
using ::nd::detail::fft::kind;

/// The complex type a transform of T computes in: integers and bool in double precision, as NumPy.
template <class T>
struct complex_of {
  using type = thrust::complex<std::conditional_t<std::is_floating_point_v<T>, T, double>>;
};
template <class R>
struct complex_of<thrust::complex<R>> {
  using type = thrust::complex<R>;
};
template <class T>
using complex_of_t = typename complex_of<T>::type;

template <class T>
struct scale_fn {
  double s;
  NDTHRUST_HD T operator()(const T& x) const { return x * static_cast<typename complex_of_t<T>::value_type>(s); }
};

/// The factor NumPy's `norm` applies to a transform of length n in the given direction.
inline double norm_factor(const std::string& norm, index_t n, bool inverse) {
  if (norm == "backward") return inverse ? 1.0 / double(n) : 1.0;
  if (norm == "ortho") return 1.0 / std::sqrt(double(n));
  if (norm == "forward") return inverse ? 1.0 : 1.0 / double(n);
  ::nd::detail::throw_value_error("Invalid norm value " + norm + "; should be \"backward\", \"ortho\" or \"forward\".");
}

inline void check_n(index_t n) {
  NDTHRUST_EXPECTS(n >= 1, value_error, "Invalid number of FFT data points (" + std::to_string(n) + ") specified.");
}

/// `a` with `axis` moved last, C-contiguous with that axis zero-padded or truncated to `len`: `a` itself when it
/// already is and `share` (cuFFT's c2r overwrites its input, so it gets a private copy).
template <class Policy, class T, class S>
array<T, S> pack_rows(const Policy& policy, const array<T, S>& a, int axis, index_t len, bool share) {
  auto moved = moveaxis(a, axis, -1);
  index_t L  = moved.shape(-1);
  if (L == len) return share ? ascontiguousarray(policy, moved) : copy(policy, moved);
  shape_t sh = moved.shape();
  sh[sh.size() - 1] = len;
  auto buf = zeros<T>(policy, sh);
  index_t keep = L < len ? L : len;
  copyto(policy, buf(::nd::ellipsis, slice(0, keep)), moved(::nd::ellipsis, slice(0, keep)));
  return buf;
}

/// One transform along `axis`: In rows of the packed input → Out rows of out_len, scaled by `norm`.
template <class Out, class Policy, class In, class S>
array<Out, S> along_axis(const Policy& policy, const array<In, S>& a, index_t axis_, kind k, index_t n,
                         const std::string& norm) {
  using C  = complex_of_t<In>;
  int axis = normalize_axis(axis_, a.ndim());
  if (n < 0) n = k == kind::c2r ? 2 * (a.shape()[axis] - 1) : a.shape()[axis];
  check_n(n);
  double f         = norm_factor(norm, n, k == kind::inverse || k == kind::c2r);
  index_t in_len   = k == kind::c2r ? n / 2 + 1 : n;
  index_t out_len  = k == kind::r2c ? n / 2 + 1 : n;
  auto src         = pack_rows(policy, a, axis, in_len, k != kind::c2r);
  shape_t sh       = src.shape();
  sh[sh.size() - 1] = out_len;
  auto out         = empty<Out>(policy, sh);
  index_t batch    = src.size() / in_len;
  ::nd::detail::fft::execute<S>(k, dtype_of<C>, n, batch, src.raw(), out.raw(), stream_of(policy));
  if (f != 1.0 && out.size() > 0)
    thrust::transform(policy, out.data(), out.data() + out.size(), out.data(), scale_fn<Out>{f});
  return moveaxis(out, -1, axis);
}

/// The real type rfft computes T in (float64 for integers and bool).
template <class T>
using real_in_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

template <class T>
struct conj_fn {
  NDTHRUST_HD T operator()(const T& x) const { return thrust::conj(x); }
};

/// NumPy's _swap_direction: hfft / ihfft are irfft / rfft with the norm's direction reversed.
inline std::string swap_direction(const std::string& norm) {
  if (norm == "backward") return "forward";
  if (norm == "forward") return "backward";
  if (norm == "ortho") return norm;
  ::nd::detail::throw_value_error("Invalid norm value " + norm + "; should be \"backward\", \"ortho\" or \"forward\".");
}

template <class Policy, class T, class S>
auto as_complex(const Policy& policy, const array<T, S>& a) {
  return ::nd::detail::as_type<complex_of_t<T>>(policy, a);
}

/// The axes and lengths of an n-d transform (NumPy's _cook_nd_args): all axes by default, the last len(s) axes
/// when only s is given.
inline void cook_nd(int ndim, const shape_t& s, const axes_t& axes, small_vec<int>& ax, shape_t& len,
                    const shape_t& shape, bool c2r_last) {
  ax = small_vec<int>{};
  if (axes.empty()) {
    int count = s.empty() ? ndim : s.size();
    for (int d = ndim - count; d < ndim; ++d) ax.push_back(d);
  } else {
    ax = ::nd::detail::normalize_axes(axes, ndim);
  }
  NDTHRUST_EXPECTS(s.empty() || s.size() == ax.size(), value_error,
                   "When given, axes and shape arguments have to be of the same length.");
  len = shape_t{};
  for (int i = 0; i < ax.size(); ++i) {
    index_t d = shape[ax[i]];
    if (c2r_last && i == ax.size() - 1) d = 2 * (d - 1);
    len.push_back(s.empty() ? d : s[i]);
  }
}

template <class Policy, class T, class S>
auto c2c_nd(const Policy& policy, const array<T, S>& a, const shape_t& s, const axes_t& axes, bool inverse,
            const std::string& norm) {
  using C = complex_of_t<T>;
  small_vec<int> ax;
  shape_t len;
  cook_nd(a.ndim(), s, axes, ax, len, a.shape(), false);
  array<C, S> r = as_complex(policy, a);
  for (int i = ax.size() - 1; i >= 0; --i)
    r = along_axis<C>(policy, r, ax[i], inverse ? kind::inverse : kind::forward, len[i], norm);
  return r;
}
} // namespace detail

/// 1-d FFT along `axis` with length `n` (-1: the axis' length).
template <class Policy, class T, class S>
auto fft(const Policy& policy, const array<T, S>& a, index_t n = -1, index_t axis = -1,
         const std::string& norm = "backward") {
  using C = detail::complex_of_t<T>;
  return detail::along_axis<C>(policy, detail::as_complex(policy, a), axis, detail::kind::forward, n, norm);
}
template <class Policy, class T, class S>
auto ifft(const Policy& policy, const array<T, S>& a, index_t n = -1, index_t axis = -1,
          const std::string& norm = "backward") {
  using C = detail::complex_of_t<T>;
  return detail::along_axis<C>(policy, detail::as_complex(policy, a), axis, detail::kind::inverse, n, norm);
}
/// FFT of real input: the n/2+1 non-negative frequencies.
template <class Policy, class R, class S>
auto rfft(const Policy& policy, const array<R, S>& a, index_t n = -1, index_t axis = -1,
          const std::string& norm = "backward") {
  static_assert(!is_complex_v<R>, "nd::fft::rfft takes a real array (NumPy discards the imaginary part; take "
                                  "nd::real first)");
  if constexpr (!std::is_floating_point_v<R>)
    return rfft(policy, astype<double>(policy, a), n, axis, norm);
  else return detail::along_axis<thrust::complex<R>>(policy, a, axis, detail::kind::r2c, n, norm);
}
/// Inverse of rfft: n real outputs (default 2 (m - 1) for m inputs).
template <class Policy, class C, class S>
auto irfft(const Policy& policy, const array<C, S>& a, index_t n = -1, index_t axis = -1,
           const std::string& norm = "backward") {
  if constexpr (!is_complex_v<C>) return irfft(policy, detail::as_complex(policy, a), n, axis, norm);
  else return detail::along_axis<typename C::value_type>(policy, a, axis, detail::kind::c2r, n, norm);
}

/// FFT of a signal with Hermitian symmetry (NumPy's hfft): n real outputs (default 2 (m - 1)), irfft of the
/// conjugate with the norm's direction reversed.
template <class Policy, class C, class S>
auto hfft(const Policy& policy, const array<C, S>& a, index_t n = -1, index_t axis = -1,
          const std::string& norm = "backward") {
  const std::string swapped = detail::swap_direction(norm);
  auto c = [&] { // a private complex copy to conjugate in place
    if constexpr (is_complex_v<C>) return copy(policy, a);
    else return detail::as_complex(policy, a);
  }();
  using Z = typename decltype(c)::value_type;
  if (c.size() > 0) thrust::transform(policy, c.data(), c.data() + c.size(), c.data(), detail::conj_fn<Z>{});
  return irfft(policy, c, n, axis, swapped);
}
/// Inverse of hfft (NumPy's ihfft): the n/2+1 conjugated rfft outputs of a real signal, norm direction reversed.
template <class Policy, class R, class S>
auto ihfft(const Policy& policy, const array<R, S>& a, index_t n = -1, index_t axis = -1,
           const std::string& norm = "backward") {
  const std::string swapped = detail::swap_direction(norm);
  auto r = rfft(policy, a, n, axis, swapped);
  // r views all of rfft's fresh buffer (its axis moved back): conjugate that buffer in place, as NumPy's
  // conjugate(out, out=out), instead of a second array.
  using Z = typename decltype(r)::value_type;
  if (r.size() > 0) thrust::transform(policy, r.data(), r.data() + r.size(), r.data(), detail::conj_fn<Z>{});
  return r;
}

/// n-d FFT over `axes` (default: all, or the last len(s)) with lengths `s` (default: the axes' lengths).
template <class Policy, class T, class S>
auto fftn(const Policy& policy, const array<T, S>& a, const shape_t& s = {}, const axes_t& axes = {},
          const std::string& norm = "backward") {
  return detail::c2c_nd(policy, a, s, axes, false, norm);
}
template <class Policy, class T, class S>
auto ifftn(const Policy& policy, const array<T, S>& a, const shape_t& s = {}, const axes_t& axes = {},
           const std::string& norm = "backward") {
  return detail::c2c_nd(policy, a, s, axes, true, norm);
}
template <class Policy, class T, class S>
auto fft2(const Policy& policy, const array<T, S>& a, const shape_t& s = {}, const axes_t& axes = {-2, -1},
          const std::string& norm = "backward") {
  return fftn(policy, a, s, axes, norm);
}
template <class Policy, class T, class S>
auto ifft2(const Policy& policy, const array<T, S>& a, const shape_t& s = {}, const axes_t& axes = {-2, -1},
           const std::string& norm = "backward") {
  return ifftn(policy, a, s, axes, norm);
}
/// rfft over the last of `axes`, then fft over the others.
template <class Policy, class R, class S>
auto rfftn(const Policy& policy, const array<R, S>& a, const shape_t& s = {}, const axes_t& axes = {},
           const std::string& norm = "backward") {
  if constexpr (!std::is_floating_point_v<R>) {
    return rfftn(policy, astype<double>(policy, a), s, axes, norm);
  } else {
  small_vec<int> ax;
  shape_t len;
  detail::cook_nd(a.ndim(), s, axes, ax, len, a.shape(), false);
  int last = ax.size() - 1;
  auto r   = rfft(policy, a, len[last], ax[last], norm);
  for (int i = last - 1; i >= 0; --i) r = detail::along_axis<thrust::complex<R>>(policy, r, ax[i], detail::kind::forward, len[i], norm);
  return r;
  }
}
/// Inverse of rfftn: ifft over all but the last of `axes`, then irfft over the last (length s[-1], default
/// 2 (m - 1)).
template <class Policy, class C, class S>
auto irfftn(const Policy& policy, const array<C, S>& a, const shape_t& s = {}, const axes_t& axes = {},
            const std::string& norm = "backward") {
  if constexpr (!is_complex_v<C>) {
    return irfftn(policy, detail::as_complex(policy, a), s, axes, norm);
  } else {
  small_vec<int> ax;
  shape_t len;
  detail::cook_nd(a.ndim(), s, axes, ax, len, a.shape(), true);
  int last      = ax.size() - 1;
  array<C, S> r = a;
  for (int i = 0; i < last; ++i) r = detail::along_axis<C>(policy, r, ax[i], detail::kind::inverse, len[i], norm);
  return irfft(policy, r, len[last], ax[last], norm);
  }
}

namespace detail {
struct fftfreq_fn {
  index_t n;
  double scale;
  bool half;
  NDTHRUST_HD double operator()(index_t i) const {
    return static_cast<double>(half || i < (n + 1) / 2 ? i : i - n) * scale;
  }
};
template <class Policy, class T, class S>
array<T, S> roll(const Policy& policy, const array<T, S>& a, int axis, index_t shift) {
  index_t n = a.shape()[axis];
  auto out  = empty<T>(policy, a.shape());
  if (a.size() == 0) return out;
  index_t k = ((shift % n) + n) % n;
  auto along = [&](const array<T, S>& x, index_t lo, index_t hi) {
    std::vector<index_item> items;
    for (int d = 0; d < x.ndim(); ++d) items.push_back(d == axis ? index_item(slice(lo, hi)) : index_item(slice()));
    return x.index(items.data(), static_cast<int>(items.size()));
  };
  copyto(policy, along(out, k, n), along(a, 0, n - k));
  if (k > 0) copyto(policy, along(out, 0, k), along(a, n - k, n));
  return out;
}
template <class Policy, class T, class S>
array<T, S> shift_axes(const Policy& policy, const array<T, S>& a, const axes_t& axes, bool inverse) {
  small_vec<int> ax;
  if (axes.empty())
    for (int d = 0; d < a.ndim(); ++d) ax.push_back(d);
  else ax = ::nd::detail::normalize_axes(axes, a.ndim());
  array<T, S> r = a;
  for (int d : ax) {
    index_t n = a.shape()[d];
    r = roll(policy, r, d, inverse ? -(n / 2) : n / 2);
  }
  return ax.empty() ? copy(policy, a) : r;
}
} // namespace detail

/// Sample frequencies of an n-point FFT with sample spacing d: [0, 1, …, (n-1)/2, -(n/2), …, -1] / (d n).
template <class Policy>
auto fftfreq(const Policy& policy, index_t n, double d = 1.0) {
  detail::check_n(n);
  auto r = empty<double>(policy, {n});
  thrust::tabulate(policy, r.data(), r.data() + n, detail::fftfreq_fn{n, 1.0 / (d * double(n)), false});
  return r;
}
/// Sample frequencies of rfft: [0, 1, …, n/2] / (d n).
template <class Policy>
auto rfftfreq(const Policy& policy, index_t n, double d = 1.0) {
  detail::check_n(n);
  auto r = empty<double>(policy, {n / 2 + 1});
  thrust::tabulate(policy, r.data(), r.data() + r.size(), detail::fftfreq_fn{n, 1.0 / (d * double(n)), true});
  return r;
}
/// Moves the zero-frequency term to the centre of `axes` (default: all); a copy.
template <class Policy, class T, class S>
array<T, S> fftshift(const Policy& policy, const array<T, S>& a, const axes_t& axes = {}) {
  return detail::shift_axes(policy, a, axes, false);
}
/// Inverse of fftshift.
template <class Policy, class T, class S>
array<T, S> ifftshift(const Policy& policy, const array<T, S>& a, const axes_t& axes = {}) {
  return detail::shift_axes(policy, a, axes, true);
}

} // namespace nd::fft

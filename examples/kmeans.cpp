// examples/kmeans.cpp — CuPy's kmeans/kmeans.py ported to ndthrust: Lloyd's k-means on n points in 2-d.
//
// X = concatenate(Z + 1, Z − 1) with Z ~ N(0, 1) of shape (n/2, 2) (nd::random, seed 0); the initial centers are
// k distinct random rows; each iteration assigns every point to its nearest center (argmin of the Euclidean
// distances), stops when no label changed, and moves each center to the mean of its points; at most 10 iterations.
// Two versions are timed: one ufunc / reduction per NumPy operation (CuPy's `xp` code), and "fused", where the
// distances, masks and masked sums are lazy nd::map expressions read inside the reductions.
//
//   kmeans [--n 10000000] [--k 2] [--iters 10] [--reps 5]       the PORTS.md size
//   kmeans --small                                              20,000 points (the ctest smoke run)
//   kmeans --input X.npy --init idx.npy --expect labels.npy centers.npy
//                                  NumPy's / CuPy's input and result (bench/peers/ports.py --kmeans-dir writes them)
//
// Check (non-zero exit on a mismatch): both versions give identical labels and centers equal to rounding, against
// --expect when given, else against a plain host loop of the same algorithm on the same input.
#include "support/example_util.h"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

using darr = nd::device_array<double>;
using larr = nd::device_array<std::int64_t>;
const auto& dev = nd::device;

struct fit_result {
  darr centers;
  larr labels;
  int iterations = 0;
};

/// CuPy's fit with xp = cupy: every operation a separate ufunc or reduction over materialised arrays.
fit_result fit_ufuncs(const darr& X, const larr& init, int max_iter) {
  nd::index_t n = X.shape(0), k = init.size();
  fit_result r{nd::take(dev, X, init, 0), nd::zeros<std::int64_t>(dev, {n}), 0};
  auto clusters = nd::expand_dims(nd::arange<std::int64_t>(dev, 0, k), 1); // i[:, None]
  for (; r.iterations < max_iter; ++r.iterations) {
    auto diff      = nd::subtract(dev, nd::expand_dims(X, 1), nd::expand_dims(r.centers, 0)); // (n, k, d)
    auto distances = nd::linalg::vector_norm(dev, diff, 2, {2});                               // (n, k)
    auto new_pred  = nd::argmin(dev, distances, 1);
    if (nd::item(nd::alltrue(dev, nd::equal(dev, new_pred, r.labels)))) break;
    r.labels    = new_pred;
    auto mask   = nd::equal(dev, r.labels, clusters);                                    // (k, n)
    auto sums   = nd::sum(dev, nd::where(dev, nd::expand_dims(mask, 2), X, 0.0), 1);     // (k, d)
    auto counts = nd::reshape(nd::count_nonzero(dev, mask, 1), {k, 1});
    r.centers   = nd::divide(dev, sums, counts);
  }
  return r;
}

struct square_diff_fn {
  NDTHRUST_HD double operator()(double x, double c) const { return (x - c) * (x - c); }
};
struct masked_fn {
  NDTHRUST_HD double operator()(std::int64_t label, std::int64_t cluster, double x) const {
    return label == cluster ? x : 0.0;
  }
};

/// The same algorithm with the elementwise steps fused into the reductions that read them: no (n, k, d) array is
/// ever stored.
fit_result fit_fused(const darr& X, const larr& init, int max_iter) {
  nd::index_t n = X.shape(0), k = init.size();
  fit_result r{nd::take(dev, X, init, 0), nd::zeros<std::int64_t>(dev, {n}), 0};
  auto clusters = nd::arange<std::int64_t>(dev, 0, k);
  auto X3       = nd::expand_dims(X, 0); // (1, n, d)
  for (; r.iterations < max_iter; ++r.iterations) {
    auto sq       = nd::sum(dev, nd::map(square_diff_fn{}, nd::expand_dims(X, 1), nd::expand_dims(r.centers, 0)), 2);
    auto new_pred = nd::argmin(dev, nd::map(nd::ops::sqrt{}, sq), 1); // the norm, as NumPy rounds it
    if (nd::item(nd::count_nonzero(dev, nd::map(nd::ops::not_equal{}, new_pred, r.labels))) == 0) break;
    r.labels      = new_pred;
    auto label3   = nd::expand_dims(nd::expand_dims(r.labels, 0), 2); // (1, n, 1)
    auto cluster3 = nd::expand_dims(nd::expand_dims(clusters, 1), 2); // (k, 1, 1)
    auto sums     = nd::sum(dev, nd::map(masked_fn{}, label3, cluster3, X3), 1);
    auto counts   = nd::count_nonzero(dev, nd::map(nd::ops::equal{}, r.labels, nd::expand_dims(clusters, 1)), 1);
    r.centers     = nd::divide(dev, sums, nd::expand_dims(counts, 1));
  }
  return r;
}

/// The reference: the same algorithm as a plain host loop, sums accumulated in long double.
fit_result fit_host(const nd::host_array<double>& X, const std::vector<std::int64_t>& init, int max_iter,
                    std::vector<double>& sum_abs) {
  nd::index_t n = X.shape(0), d = X.shape(1), k = static_cast<nd::index_t>(init.size());
  const double* x = X.raw();
  std::vector<double> c(k * d);
  for (nd::index_t j = 0; j < k; ++j)
    for (nd::index_t e = 0; e < d; ++e) c[j * d + e] = x[init[j] * d + e];
  std::vector<std::int64_t> labels(n, 0), next(n);
  int it = 0;
  for (; it < max_iter; ++it) {
    for (nd::index_t i = 0; i < n; ++i) {
      double best = 0;
      for (nd::index_t j = 0; j < k; ++j) {
        double s = 0;
        for (nd::index_t e = 0; e < d; ++e) s += (x[i * d + e] - c[j * d + e]) * (x[i * d + e] - c[j * d + e]);
        double dist = std::sqrt(s);
        if (j == 0 || dist < best) best = dist, next[i] = j; // the first minimum, as argmin
      }
    }
    if (next == labels) break;
    labels = next;
    std::vector<long double> sums(k * d, 0);
    std::vector<std::int64_t> counts(k, 0);
    sum_abs.assign(k * d, 0);
    for (nd::index_t i = 0; i < n; ++i) {
      ++counts[labels[i]];
      for (nd::index_t e = 0; e < d; ++e) {
        sums[labels[i] * d + e] += x[i * d + e];
        sum_abs[labels[i] * d + e] += std::fabs(x[i * d + e]);
      }
    }
    for (nd::index_t j = 0; j < k * d; ++j) {
      c[j] = static_cast<double>(sums[j] / counts[j / d]);
      sum_abs[j] /= counts[j / d];
    }
  }
  return {nd::asarray(dev, c, {k, d}), nd::asarray(dev, labels), it};
}

/// Labels identical, centers within the worst-case rounding of a sum of n terms in any order, taken by both sides:
/// |Δc| ≤ 2·n·eps·mean|x| over the cluster (`scale`, per center coordinate).
bool same(const char* what, const fit_result& got, const larr& labels, const darr& centers,
          const std::vector<double>& scale) {
  NDTHRUST_EXPECTS(labels.shape() == got.labels.shape(), value_error,
                   "expected labels of shape " + nd::shape_str(got.labels.shape()) + ", got " +
                     nd::shape_str(labels.shape()));
  NDTHRUST_EXPECTS(centers.shape() == got.centers.shape(), value_error,
                   "expected centers of shape " + nd::shape_str(got.centers.shape()) + ", got " +
                     nd::shape_str(centers.shape()));
  auto differ = nd::item(nd::count_nonzero(dev, nd::map(nd::ops::not_equal{}, got.labels, labels)));
  auto a = nd::to_vector(got.centers), b = nd::to_vector(centers);
  double n = static_cast<double>(labels.size()), worst = 0;
  bool ok  = differ == 0;
  for (std::size_t j = 0; j < a.size(); ++j) {
    double tol = 2 * n * DBL_EPSILON * scale[j], err = std::fabs(a[j] - b[j]);
    ok         = ok && err <= tol; // NaN (an empty cluster on one side only) fails
    worst      = std::fmax(worst, err);
  }
  std::printf("  %-7s %d iterations; labels differing: %lld; centers max |diff| %.3g\n", what, got.iterations,
              static_cast<long long>(differ), worst);
  return ok;
}

} // namespace

int main(int argc, char** argv) {
  try {
    ex::args opt(argc, argv, {"--n", "--k", "--iters", "--reps", "--small", "--input", "--init", "--expect"});
    bool small   = opt.has("--small");
    int max_iter = static_cast<int>(opt.integer("--iters", 10));
    int reps     = static_cast<int>(opt.integer("--reps", small ? 3 : 5));
    ex::print_backend("k-means");

    darr X;
    larr init;
    nd::random::generator g(0);
    if (opt.has("--input")) {
      NDTHRUST_EXPECTS(opt.has("--init"), value_error, "--input needs --init (the initial center indices)");
      X    = nd::to_device(nd::load_npy<double>(opt.str("--input")));
      init = nd::to_device(nd::load_npy<std::int64_t>(opt.str("--init")));
    } else {
      nd::index_t half = opt.integer("--n", small ? 20000 : 10000000) / 2;
      auto Z           = g.normal(dev, {half, 2});
      X                = nd::concatenate(dev, {nd::add(dev, Z, 1.0), nd::subtract(dev, Z, 1.0)}, 0);
      init = g.choice(dev, nd::arange<std::int64_t>(dev, 0, X.shape(0)), opt.integer("--k", 2), false);
    }
    NDTHRUST_EXPECTS(X.ndim() == 2, value_error, "X must be 2-dimensional, got shape " + nd::shape_str(X.shape()));
    NDTHRUST_EXPECTS(init.ndim() == 1 && init.size() > 0, value_error, "the initial indices must be a non-empty 1-d array");
    nd::index_t n = X.shape(0), k = init.size();
    for (nd::index_t i : {nd::item(nd::min(dev, init)), nd::item(nd::max(dev, init))}) // the host loop indexes with them
      NDTHRUST_EXPECTS(0 <= i && i < n, index_error,
                       "index " + std::to_string(i) + " is out of bounds for axis 0 with size " + std::to_string(n));
    std::printf("  %lld points in %lld-d, k = %lld, at most %d iterations\n", static_cast<long long>(n),
                static_cast<long long>(X.shape(1)), static_cast<long long>(k), max_iter);

    // The reference: NumPy's / CuPy's result, or the host loop.
    larr ref_labels;
    darr ref_centers;
    std::vector<double> sum_abs;
    if (opt.has("--expect")) {
      auto files = opt.values("--expect");
      NDTHRUST_EXPECTS(files.size() == 2, value_error, "--expect takes two files: labels.npy centers.npy");
      ref_labels  = nd::to_device(nd::load_npy<std::int64_t>(files[0]));
      ref_centers = nd::to_device(nd::load_npy<double>(files[1]));
      // mean|x| per cluster and coordinate of the expected clustering, for the rounding tolerance
      auto mask  = nd::equal(dev, ref_labels, nd::expand_dims(nd::arange<std::int64_t>(dev, 0, k), 1));
      auto absx  = nd::where(dev, nd::expand_dims(mask, 2), nd::abs(dev, X), 0.0);
      auto count = nd::expand_dims(nd::count_nonzero(dev, mask, 1), 1);
      sum_abs    = nd::to_vector(nd::divide(dev, nd::sum(dev, absx, 1), count));
    } else {
      auto host = fit_host(nd::to_host(X), nd::to_vector(init), max_iter, sum_abs);
      std::printf("  host loop: %d iterations\n", host.iterations);
      ref_labels  = host.labels;
      ref_centers = host.centers;
    }
    if (sum_abs.empty()) sum_abs.assign(static_cast<std::size_t>(ref_centers.size()), 1.0); // converged at once

    auto u = fit_ufuncs(X, init, max_iter);
    auto f = fit_fused(X, init, max_iter);
    bool ok_u = same("ufuncs", u, ref_labels, ref_centers, sum_abs);
    bool ok_f = same("fused", f, ref_labels, ref_centers, sum_abs);

    std::string size = std::to_string(n) + "x" + std::to_string(X.shape(1)) + "_k" + std::to_string(k) + "_f64";
    ex::report("kmeans", "ufuncs", ex::median_ms(reps, false, [&] { fit_ufuncs(X, init, max_iter); }), size, ok_u);
    ex::report("kmeans", "fused", ex::median_ms(reps, false, [&] { fit_fused(X, init, max_iter); }), size, ok_f);
    std::printf(ok_u && ok_f ? "all checks passed\n" : "FAILED\n");
    return ok_u && ok_f ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kmeans failed: %s\n", e.what());
    return 2;
  }
}

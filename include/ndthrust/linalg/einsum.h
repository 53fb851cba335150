// ndthrust/linalg/einsum.h — nd::einsum as NumPy's einsum(..., optimize='greedy').
//
// Forms: nd::einsum(policy, subscripts, a, b, ...) and nd::einsum(subscripts, a, b, ...) for any number (>= 1) of
// operands of any element types; the result's element type is nd::result_type_t of all of them (operands are
// converted only where their type differs). Always returns a new C-contiguous array.
// Subscripts: letters a-z, A-Z; explicit ("ij,jk->ik") or implicit ("ij,jk": the labels used once, sorted, after
// the ellipsis dimensions); one "..." per operand and in the output, broadcast by NumPy's rules (aligned on the
// right, extents 1 stretch); repeated labels in one operand take diagonals ("ii->i", traces "ii"); a labelled
// extent of 1 broadcasts against n as in NumPy. Spaces are ignored.
// Evaluation: labels of one operand only that are not in the output are summed first; then operand pairs are
// contracted in the order of NumPy's greedy path (smallest intermediate first, outer products last), each pair
// as one batched matmul over transposed views (nd::matmul: GEMM without a copy where the layout allows).
// Errors (nd::value_error, NumPy's messages): wrong operand count, bad subscript characters, '->' misuse,
// subscripts not matching an operand's ndim, output labels repeated or absent from the inputs, extents that do
// not match / broadcast, '...' in the output missing while inputs broadcast dimensions.
// Limits: no optimize=False / explicit path argument, no out=, no dtype= / casting= / order=; the integer
// labelled-list (sublist) form is not supported; intermediates use the result dtype.
#pragma once

#include <ndthrust/linalg/products.h>
#include <ndthrust/promotion.h>
#include <ndthrust/reduce.h>

#include <string>
#include <vector>

namespace nd {

namespace detail::linalg {

struct einsum_spec {
  std::vector<std::string> in;
  std::string out;
};

/// Parses the subscripts for operands of the given ndims. "..." becomes one label per broadcast dimension (the
/// characters 1..31, right-aligned so that equal characters broadcast together, as NumPy aligns ellipses).
inline einsum_spec parse_einsum(const std::string& subscripts, const std::vector<int>& ndims) {
  std::string s;
  for (char c : subscripts)
    if (c != ' ') s += c;
  const int nops = int(ndims.size());
  einsum_spec r;
  auto arrow    = s.find("->");
  std::string l = arrow == std::string::npos ? s : s.substr(0, arrow);
  NDTHRUST_EXPECTS(l.find('-') == std::string::npos && l.find('>') == std::string::npos &&
                     (arrow == std::string::npos || s.find_first_of("->", arrow + 2) == std::string::npos),
                   value_error, "einsum: invalid '->' in einstein sum subscripts string (use it once, as '->')");
  std::string cur;
  for (char c : l + ",") {
    if (c != ',') {
      cur += c;
      continue;
    }
    r.in.push_back(cur);
    cur.clear();
  }
  NDTHRUST_EXPECTS(int(r.in.size()) == nops, value_error,
                   std::string("einsum: ") + (int(r.in.size()) < nops ? "more" : "fewer") +
                     " operands were provided than specified in the subscripts string");
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  // Replaces "..." in `t` by `e` broadcast labels; returns false when t has none.
  auto expand = [](std::string& t, int e) {
    auto p = t.find("...");
    if (p == std::string::npos) return false;
    std::string lab;
    for (int j = e; j >= 1; --j) lab += char(j);
    t.replace(p, 3, lab);
    return true;
  };
  auto check_letters = [&](const std::string& t, int k) {
    for (std::size_t i = 0; i < t.size(); ++i) {
      char c = t[i];
      if (c == '.') {
        NDTHRUST_EXPECTS(t.compare(i, 3, "...") == 0 && t.find('.', i + 3) == std::string::npos, value_error,
                         std::string("einsum: einstein sum subscripts string contains a '.' that is not part of an "
                                     "ellipsis ('...') in ") +
                           (k < 0 ? std::string("the output") : "operand " + std::to_string(k)));
        i += 2;
        continue;
      }
      NDTHRUST_EXPECTS(letter(c), value_error,
                       std::string("einsum: invalid subscript '") + c +
                         "' in einstein sum subscripts string, subscripts must be letters");
    }
  };
  int ell_max = 0;
  for (int k = 0; k < nops; ++k) {
    auto& op = r.in[std::size_t(k)];
    check_letters(op, k);
    bool has   = op.find("...") != std::string::npos;
    int nlab   = int(op.size()) - (has ? 3 : 0);
    int e      = ndims[std::size_t(k)] - nlab;
    NDTHRUST_EXPECTS(e >= 0, value_error,
                     "einsum: einstein sum subscripts string contains too many subscripts for operand " +
                       std::to_string(k));
    NDTHRUST_EXPECTS(has || e == 0, value_error,
                     "einsum: operand has more dimensions than subscripts given in einstein sum, but no '...' "
                     "ellipsis provided to broadcast the extra dimensions.");
    NDTHRUST_EXPECTS(e < 32, value_error, "einsum: too many dimensions in an ellipsis");
    if (has) expand(op, e), ell_max = e > ell_max ? e : ell_max;
  }
  int count[128] = {};
  for (auto& op : r.in)
    for (char c : op) ++count[int(c)];
  if (arrow == std::string::npos) {
    for (int j = ell_max; j >= 1; --j) r.out += char(j);
    for (int c = 'A'; c < 128; ++c)
      if (count[c] == 1 && letter(char(c))) r.out += char(c);
    return r;
  }
  r.out = s.substr(arrow + 2);
  check_letters(r.out, -1);
  bool out_ell = expand(r.out, ell_max);
  NDTHRUST_EXPECTS(out_ell || ell_max == 0, value_error,
                   "einsum: output has more dimensions than subscripts given in einstein sum, but no '...' "
                   "ellipsis provided to broadcast the extra dimensions.");
  for (std::size_t i = 0; i < r.out.size(); ++i) {
    char c = r.out[i];
    NDTHRUST_EXPECTS(r.out.find(c, i + 1) == std::string::npos, value_error,
                     std::string("einsum: einstein sum subscripts string includes output subscript '") + c +
                       "' multiple times");
    NDTHRUST_EXPECTS(count[int(c)] > 0, value_error,
                     std::string("einsum: einstein sum subscripts string included output subscript '") + c +
                       "' which never appeared in an input");
  }
  return r;
}

/// One operand with its labels: repeated labels become diagonals and labels not in `keep` are summed; the result's
/// labels are returned in `labels` (a view where no sum is needed).
template <class Policy, class T, class S>
array<T, S> einsum_reduce(const Policy& policy, array<T, S> x, std::string& labels, const std::string& keep) {
  NDTHRUST_EXPECTS(int(labels.size()) == x.ndim(), value_error,
                   std::string("einsum: operand has ") + (int(labels.size()) > x.ndim() ? "more" : "fewer") +
                     " dimensions than subscripts given in einstein sum (" + std::to_string(x.ndim()) + " vs " +
                     std::to_string(labels.size()) + ")");
  for (bool again = true; again;) {
    again = false;
    for (std::size_t p = 0; p < labels.size() && !again; ++p) {
      auto q = labels.find(labels[p], p + 1);
      if (q == std::string::npos) continue;
      NDTHRUST_EXPECTS(x.shape(index_t(p)) == x.shape(index_t(q)), value_error,
                       std::string("einsum: dimensions in operand for collapsing index '") + labels[p] +
                         "' don't match (" + std::to_string(x.shape(index_t(p))) + " != " +
                         std::to_string(x.shape(index_t(q))) + ")");
      char c = labels[p];
      x      = diagonal(x, 0, index_t(p), index_t(q));
      labels.erase(q, 1);
      labels.erase(p, 1);
      labels += c;
      again = true;
    }
  }
  small_vec<index_t> sum_axes;
  std::string kept;
  for (std::size_t d = 0; d < labels.size(); ++d) {
    if (keep.find(labels[d]) == std::string::npos) sum_axes.push_back(index_t(d));
    else kept += labels[d];
  }
  labels = kept;
  if (sum_axes.empty()) return x;
  return ::nd::sum<T>(policy, x, axis_spec(sum_axes));
}

/// Transposes `x` (labelled `from`) to the label order `to`, a permutation of `from`.
template <class T, class S>
array<T, S> einsum_permute(const array<T, S>& x, const std::string& from, const std::string& to) {
  if (from == to) return x;
  axes_t perm;
  for (char c : to) perm.push_back(int(from.find(c)));
  return transpose(x, perm);
}


/// Contracts two labelled operands as one batched matmul: labels in both and in `keep` are batch axes, labels in
/// both but not in `keep` are summed by the product. Labels of one operand are kept (the caller summed the others
/// first). Returns the product with labels batch + free(x) + free(y) in `lr` (a view of matmul's result).
template <class Policy, class T, class S>
array<T, S> einsum_pair(const Policy& policy, const array<T, S>& x, const std::string& lx, const array<T, S>& y,
                        const std::string& ly, const std::string& keep, std::string& lr) {
  std::string batch, con, fa, fb;
  shape_t bs, fas, fbs;
  // B * M * K and B * K * N are the sizes of x and y, so these products fit; matmul checks B * M * N.
  index_t B = 1, K = 1, M = 1, N = 1;
  for (std::size_t d = 0; d < lx.size(); ++d) {
    char c    = lx[d];
    index_t e = x.shape(index_t(d));
    if (ly.find(c) != std::string::npos) {
      if (keep.find(c) != std::string::npos) batch += c, bs.push_back(e), B *= e;
      else con += c, K *= e;
    } else {
      fa += c, fas.push_back(e), M *= e;
    }
  }
  for (std::size_t d = 0; d < ly.size(); ++d)
    if (lx.find(ly[d]) == std::string::npos)
      fb += ly[d], fbs.push_back(y.shape(index_t(d))), N *= y.shape(index_t(d));
  auto x3    = reshape(policy, einsum_permute(x, lx, batch + fa + con), {B, M, K});
  auto y3    = reshape(policy, einsum_permute(y, ly, batch + con + fb), {B, K, N});
  shape_t rs = bs;
  for (index_t e : fas) rs.push_back(e);
  for (index_t e : fbs) rs.push_back(e);
  lr = batch + fa + fb;
  return reshape(policy, matmul(policy, x3, y3), rs);
}

/// NumPy's greedy pair choice (einsum_path, optimize='greedy'): among pairs sharing a label (all pairs when none
/// do), the one removing the most elements (sizes of the pair minus the size of their product), ties broken by the
/// flop count and then by the first pair found, scanning the newest operand against the others after each step.
inline std::pair<std::size_t, std::size_t> einsum_greedy_pair(const std::vector<std::string>& labels,
                                                             const std::string& out, const index_t* extent) {
  auto size_of = [&](const std::string& t) {
    double z = 1;
    for (char c : t) z *= double(extent[int(c)]);
    return z;
  };
  bool found = false;
  std::pair<std::size_t, std::size_t> best{0, 1};
  double best_removed = 0, best_cost = 0;
  for (int outer = 0; outer < 2 && !found; ++outer)
    for (std::size_t i = 0; i < labels.size(); ++i)
      for (std::size_t j = i + 1; j < labels.size(); ++j) {
        const auto &a = labels[i], &b = labels[j];
        bool share = a.find_first_of(b) != std::string::npos;
        if (!outer && !share) continue;
        // The product keeps the labels needed by the output or by the other operands.
        std::string keep = out, all = a;
        for (std::size_t k = 0; k < labels.size(); ++k)
          if (k != i && k != j) keep += labels[k];
        for (char c : b)
          if (all.find(c) == std::string::npos) all += c;
        std::string res;
        bool inner = false;
        for (char c : all) {
          if (keep.find(c) != std::string::npos) res += c;
          else inner = true;
        }
        double removed = size_of(a) + size_of(b) - size_of(res);
        double cost    = size_of(all) * (inner ? 2 : 1);
        if (!found || removed > best_removed || (removed == best_removed && cost < best_cost))
          found = true, best = {i, j}, best_removed = removed, best_cost = cost;
      }
  return best;
}

/// The einsum of operands already of the result type.
template <class Policy, class T, class S>
array<T, S> einsum_all(const Policy& policy, const std::string& subscripts, std::vector<array<T, S>> xs) {
  std::vector<int> nd;
  for (auto& x : xs) nd.push_back(x.ndim());
  auto spec = parse_einsum(subscripts, nd);
  auto& ls  = spec.in;
  // Each label's extent; operands with extent 1 where another has n broadcast: that axis is dropped from them
  // (summing a length-1 axis), so every remaining label has one extent.
  index_t extent[128];
  for (auto& e : extent) e = -1;
  for (std::size_t k = 0; k < xs.size(); ++k)
    for (std::size_t d = 0; d < ls[k].size(); ++d) {
      index_t& e = extent[int(ls[k][d])];
      index_t n  = xs[k].shape(index_t(d));
      auto first = ls[k].find(ls[k][d]);
      NDTHRUST_EXPECTS(first == d || xs[k].shape(index_t(first)) == n, value_error,
                       "einsum: dimensions in operand " + std::to_string(k) + " for collapsing index '" + ls[k][d] +
                         "' don't match (" + std::to_string(xs[k].shape(index_t(first))) + " != " +
                         std::to_string(n) + ")");
      NDTHRUST_EXPECTS(e < 0 || e == n || e == 1 || n == 1, value_error,
                       "einsum: operands could not be broadcast together with remapped shapes");
      if (e < 0 || e == 1) e = n;
    }
  for (std::size_t k = 0; k < xs.size(); ++k) {
    axes_t drop;
    std::string kept;
    for (std::size_t d = 0; d < ls[k].size(); ++d) {
      char c = ls[k][d];
      if (xs[k].shape(index_t(d)) == 1 && extent[int(c)] != 1) drop.push_back(int(d));
      else kept += c;
    }
    if (!drop.empty()) xs[k] = squeeze(xs[k], drop), ls[k] = kept;
  }
  auto others = [&](std::size_t k) {
    std::string o = spec.out;
    for (std::size_t j = 0; j < ls.size(); ++j)
      if (j != k) o += ls[j];
    return o;
  };
  for (std::size_t k = 0; k < xs.size(); ++k) xs[k] = einsum_reduce(policy, xs[k], ls[k], others(k));
  while (xs.size() > 1) {
    auto [i, j] = einsum_greedy_pair(ls, spec.out, extent);
    std::string keep;
    for (std::size_t k = 0; k < xs.size(); ++k)
      if (k != i && k != j) keep += ls[k];
    std::string lr;
    auto r = einsum_pair(policy, xs[i], ls[i], xs[j], ls[j], keep + spec.out, lr);
    xs.erase(xs.begin() + std::ptrdiff_t(j)), ls.erase(ls.begin() + std::ptrdiff_t(j));
    xs.erase(xs.begin() + std::ptrdiff_t(i)), ls.erase(ls.begin() + std::ptrdiff_t(i));
    xs.push_back(r), ls.push_back(lr);
  }
  auto x = einsum_reduce(policy, xs[0], ls[0], spec.out);
  // Every output label is still carried: a label of extent n > 1 stays in the operand that has it.
  return ascontiguousarray(policy, einsum_permute(x, ls[0], spec.out));
}

} // namespace detail::linalg

/// NumPy's einsum over any number of operands (see the header comment for the accepted subscripts and limits).
template <class Policy, class T0, class S, class... Ts>
array<result_type_t<T0, Ts...>, S> einsum(const Policy& policy, const std::string& subscripts,
                                          const array<T0, S>& a, const array<Ts, S>&... rest) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  using R = result_type_t<T0, Ts...>;
  std::vector<array<R, S>> xs{detail::linalg::as_type<R>(policy, a), detail::linalg::as_type<R>(policy, rest)...};
  return detail::linalg::einsum_all(policy, subscripts, std::move(xs));
}

template <class T0, class S, class... Ts>
array<result_type_t<T0, Ts...>, S> einsum(const std::string& subscripts, const array<T0, S>& a,
                                          const array<Ts, S>&... rest) {
  return einsum(detail::default_policy<S>(), subscripts, a, rest...);
}

} // namespace nd

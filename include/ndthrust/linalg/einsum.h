// ndthrust/linalg/einsum.h — nd::einsum for one or two operands, by diagonals, sums, transposes and one (batched)
// matmul.
#pragma once

#include <ndthrust/linalg/products.h>
#include <ndthrust/reduce.h>

#include <string>
#include <vector>

namespace nd {

namespace detail::linalg {

struct einsum_spec {
  std::vector<std::string> in;
  std::string out;
};

/// Parses "ij,jk->ik" (or the implicit "ij,jk": the labels used once, sorted) for `nops` operands.
inline einsum_spec parse_einsum(const std::string& subscripts, int nops) {
  std::string s;
  for (char c : subscripts)
    if (c != ' ') s += c;
  NDTHRUST_EXPECTS(s.find('.') == std::string::npos, value_error,
                   "einsum: ellipsis ('...') is not supported by ndthrust's einsum");
  einsum_spec r;
  auto arrow    = s.find("->");
  std::string l = arrow == std::string::npos ? s : s.substr(0, arrow);
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
  int count[128] = {};
  for (auto& op : r.in)
    for (char c : op) {
      NDTHRUST_EXPECTS(letter(c), value_error,
                       std::string("einsum: invalid subscript '") + c +
                         "' in einstein sum subscripts string, subscripts must be letters");
      ++count[int(c)];
    }
  if (arrow == std::string::npos) {
    for (int c = 0; c < 128; ++c)
      if (count[c] == 1) r.out += char(c);
    return r;
  }
  r.out = s.substr(arrow + 2);
  for (std::size_t i = 0; i < r.out.size(); ++i) {
    char c = r.out[i];
    NDTHRUST_EXPECTS(letter(c), value_error,
                     std::string("einsum: invalid subscript '") + c +
                       "' in einstein sum subscripts string, subscripts must be letters");
    NDTHRUST_EXPECTS(r.out.find(c, i + 1) == std::string::npos, value_error,
                     std::string("einsum: output subscript '") + c + "' appears more than once in the output");
    NDTHRUST_EXPECTS(count[int(c)] > 0, value_error,
                     std::string("einsum: output subscript '") + c + "' did not appear in the input");
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

} // namespace detail::linalg

/// NumPy's einsum for one operand: transposes ("ij->ji"), diagonals ("ii->i"), traces ("ii") and sums over any
/// labels ("ij->", "ijk->ik"). Always returns a new array. Ellipses are not supported (nd::value_error).
template <class Policy, class T, class S>
array<T, S> einsum(const Policy& policy, const std::string& subscripts, const array<T, S>& a) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  auto spec      = detail::linalg::parse_einsum(subscripts, 1);
  std::string la = spec.in[0];
  auto x         = detail::linalg::einsum_reduce(policy, a, la, spec.out);
  return ascontiguousarray(policy, detail::linalg::einsum_permute(x, la, spec.out));
}

/// NumPy's einsum for two operands: every contraction of two tensors ("ij,jk->ik", "bij,bjk->bik", "i,i->",
/// "i,j->ij", "ijk,kj->i", …) as one batched matmul: labels in both operands and the output are batch axes, labels
/// in both but not the output are summed by the product, labels of one operand only are summed first unless in
/// the output. Shared labels must have equal extents (no size-1 broadcasting); ellipses and more than two operands
/// are not supported (nd::value_error).
template <class Policy, class T, class S>
array<T, S> einsum(const Policy& policy, const std::string& subscripts, const array<T, S>& a, const array<T, S>& b) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  namespace L  = detail::linalg;
  auto spec    = L::parse_einsum(subscripts, 2);
  std::string la = spec.in[0], lb = spec.in[1];
  auto x = L::einsum_reduce(policy, a, la, lb + spec.out);
  auto y = L::einsum_reduce(policy, b, lb, la + spec.out);
  std::string batch, con, fa, fb;
  shape_t bs, fas, fbs;
  index_t B = 1, K = 1, M = 1, N = 1;
  for (std::size_t d = 0; d < la.size(); ++d) {
    char c    = la[d];
    index_t e = x.shape(index_t(d));
    auto q    = lb.find(c);
    if (q != std::string::npos) {
      NDTHRUST_EXPECTS(y.shape(index_t(q)) == e, value_error,
                       std::string("einsum: operands could not be broadcast together: subscript '") + c +
                         "' has extents " + std::to_string(e) + " and " + std::to_string(y.shape(index_t(q))));
      if (spec.out.find(c) != std::string::npos) batch += c, bs.push_back(e), B *= e;
      else con += c, K *= e;
    } else {
      fa += c, fas.push_back(e), M *= e;
    }
  }
  for (std::size_t d = 0; d < lb.size(); ++d)
    if (la.find(lb[d]) == std::string::npos) fb += lb[d], fbs.push_back(y.shape(index_t(d))), N *= y.shape(index_t(d));
  auto x3 = reshape(policy, L::einsum_permute(x, la, batch + fa + con), {B, M, K});
  auto y3 = reshape(policy, L::einsum_permute(y, lb, batch + con + fb), {B, K, N});
  shape_t rs = bs;
  for (index_t e : fas) rs.push_back(e);
  for (index_t e : fbs) rs.push_back(e);
  auto r = reshape(policy, matmul(policy, x3, y3), rs);
  return ascontiguousarray(policy, L::einsum_permute(r, batch + fa + fb, spec.out));
}

template <class T, class S>
array<T, S> einsum(const std::string& subscripts, const array<T, S>& a) {
  return einsum(detail::default_policy<S>(), subscripts, a);
}
template <class T, class S>
array<T, S> einsum(const std::string& subscripts, const array<T, S>& a, const array<T, S>& b) {
  return einsum(detail::default_policy<S>(), subscripts, a, b);
}

} // namespace nd

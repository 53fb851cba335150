// ndthrust/linalg.h — products (matmul, dot, vdot, inner, outer, tensordot, kron, trace), nd::einsum and
// nd::linalg (solve, inv, det, slogdet, cholesky, qr, svd, eigh, eig, lstsq, pinv, norms, matrix_rank).
//
// Device arrays go to cuBLAS / cuSOLVER on the CUDA backend, host arrays (and every array on the OMP backend) to
// OpenBLAS's CBLAS / LAPACKE. Library handles are created once per device and bound to the policy's stream before
// each call; workspaces come from ndthrust's pool. Nothing synchronises, except the calls that must read LAPACK's
// status to raise nd::linalg_error (solve, inv, cholesky, svd, eigh, pinv): they synchronise once, after all their
// work is queued; pass `check = false` to skip that (a singular input then yields inf / nan instead of an error).
// lstsq synchronises to read the rank. eig uses cuSOLVER's Xgeev on the device and LAPACK geev on the host.
// Each part has its own header: linalg/products.h, linalg/einsum.h, linalg/decomp.h.
#pragma once

#include <ndthrust/linalg/decomp.h>
#include <ndthrust/linalg/einsum.h>
#include <ndthrust/linalg/products.h>

// Thin SVD by one-sided (Hestenes) Jacobi, preconditioned by pivoted QR (Drmač–Veselić, LAPACK dgejsv
// in its simplest form).
//
// For a tall T (p × q, p ≥ q): T P = Q R by pivoted QR, then one-sided Jacobi orthogonalizes the ROWS of
// R (the columns of Rᵀ): Wᵀ R = Σ Zᵀ with W a product of plane rotations and Z's columns orthonormal.
// Then R = W Σ Zᵀ and T = (Q W) Σ (P Z)ᵀ. Working on Rᵀ rather than R is what dgejsv does: the pivoted
// QR makes the rows of R strongly graded, so Rᵀ is close to having orthogonal columns and the sweeps
// converge in a few passes; the rows are also contiguous in row-major storage.
//
// Convergence criterion (dgesvj's): a pair of rows x, y is left alone when
//     |xᵀy| ≤ tol · ‖x‖ ‖y‖,   tol = √q · ε,  ε = 2^-52,
// and the iteration stops after the first sweep that rotates no pair. The √q factor is the typical
// rounding error of the length-q dot product xᵀy itself: with tol = ε a pair could stay above the
// threshold through rounding noise alone. A sweep limit of 60 (real runs need 5–12) returns
// E_NOCONVERGE instead of looping.
//
// The rotation never mixes a row with an exactly zero (or, after scaling, negligible) row; such rows
// give zero singular values whose right vectors are completed to an orthonormal set by Householder
// (complementCore). Left vectors come from accumulated rotations, so they are orthonormal regardless.
import { OK, E_NOMEM, E_NOCONVERGE } from '../runtime/status';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { dotCore } from '../blas/level1';
import { maxAbsCore } from '../blas/norms';
import { gemmCore } from '../blas/gemm';
import { qrpFactorCore } from './qrp';
import { formQtCore, extractR } from './qr';
import { complementCore } from './householder';
import { rotCore, jacobiTangent } from './rot';
import { EPS, safeNorm2, scaleExponent, pow2, transposeScaled, copyScaled, setEye, swapVectors } from './util';

/** Which singular vectors svdCore writes besides the values. */
export const SVD_VALUES: i32 = 0;
export const SVD_RIGHT: i32 = 1;
export const SVD_BOTH: i32 = 2;

/** Most sweeps before E_NOCONVERGE. */
export const SVD_MAX_SWEEPS: i32 = 60;

/**
 * Rows with norm ≤ 2^-450 (the input is scaled so that its largest entry is in [1, 2)) are treated as
 * exactly zero: their squared norms and dot products would be near the underflow threshold, where the
 * relative orthogonality test is meaningless, and they are below ‖A‖·1e-135 anyway.
 */
const ZERO_NORM: f64 = 3.5032461608120427e-136; // 2^-450
const ZERO_NORM2: f64 = ZERO_NORM * ZERO_NORM;

/**
 * SVD of a tall T (p × q, p ≥ q ≥ 1) given column-contiguously in Ct (q × p, overwritten).
 * Writes S (q, descending), when wantLeft X (p × q, left vectors) and when wantRight Y (q × q, right
 * vectors), all row-major. Returns OK, E_NOMEM or E_NOCONVERGE; X, S, Y are written only on OK.
 * The left vectors are what costs: the rotations applied a second time to W, Q formed and X = Q W.
 * The rotations of R do not depend on W, so S and Y are the same bit for bit with or without X.
 */
function svdTallCore(p: i32, q: i32, Ct: usize, X: usize, S: usize, Y: usize, wantLeft: bool, wantRight: bool): i32 {
  const wantVec = wantLeft || wantRight;
  const top = arenaMark();
  const qq = <usize>q;
  const tau = arenaAlloc(qq << 3);
  const perm: usize = tau == 0 ? 0 : arenaAlloc(qq << 2);
  const vn: usize = perm == 0 ? 0 : arenaAlloc(qq << 4);
  const R: usize = vn == 0 ? 0 : arenaAlloc(qq * qq << 3);
  const d: usize = R == 0 ? 0 : arenaAlloc(qq << 3);
  let Wacc: usize = 0, Qt: usize = 0, B: usize = 0;
  let ok = d != 0;
  if (ok && wantLeft) {
    Wacc = arenaAlloc(qq * qq << 3);
    Qt = Wacc == 0 ? 0 : arenaAlloc(qq * <usize>p << 3);
    ok = Qt != 0;
  }
  if (ok && wantRight) {
    B = arenaAlloc(qq * qq << 3);
    ok = B != 0;
  }
  if (!ok) { arenaReset(top); return E_NOMEM; }

  qrpFactorCore(p, q, Ct, tau, perm, vn);
  extractR(p, q, Ct, R);
  if (wantLeft) {
    formQtCore(p, q, Ct, tau, Qt);
    setEye(q, q, Wacc);
  }

  // One-sided Jacobi on the rows of R. d[i] tracks ‖row i‖², recomputed at the start of each sweep.
  const tol: f64 = Math.sqrt(<f64>q) * EPS;
  let converged = false;
  let sweep = 0;
  while (sweep < SVD_MAX_SWEEPS) {
    sweep++;
    for (let i = 0; i < q; i++) {
      const ri = R + ((<usize>i * qq) << 3);
      store<f64>(d + (<usize>i << 3), dotCore(q, ri, ri));
    }
    let rotated = false;
    for (let i = 0; i < q - 1; i++) {
      const ri = R + ((<usize>i * qq) << 3);
      for (let j = i + 1; j < q; j++) {
        const a = load<f64>(d + (<usize>i << 3));
        const b = load<f64>(d + (<usize>j << 3));
        if (a <= ZERO_NORM2 || b <= ZERO_NORM2) continue;
        const rj = R + ((<usize>j * qq) << 3);
        const g = dotCore(q, ri, rj);
        if (Math.abs(g) <= tol * Math.sqrt(a) * Math.sqrt(b)) continue;
        rotated = true;
        const t = jacobiTangent(a, b, g);
        const c = 1.0 / Math.sqrt(1.0 + t * t);
        const s = c * t;
        rotCore(q, ri, rj, c, s);
        if (wantLeft) rotCore(q, Wacc + ((<usize>i * qq) << 3), Wacc + ((<usize>j * qq) << 3), c, s);
        // Exact in real arithmetic: ‖x'‖² = α − tγ, ‖y'‖² = β + tγ. When a norm collapses the update
        // cancels, so recompute it from the rotated row instead.
        let na = a - t * g, nb = b + t * g;
        const floor = (a + b) * 0.0625;
        if (na < floor) na = dotCore(q, ri, ri);
        if (nb < floor) nb = dotCore(q, rj, rj);
        store<f64>(d + (<usize>i << 3), na);
        store<f64>(d + (<usize>j << 3), nb);
      }
    }
    if (!rotated) { converged = true; break; }
  }
  if (!converged) { arenaReset(top); return E_NOCONVERGE; }

  // Singular values are the row norms; sort descending (selection sort, swapping rows of R and W).
  for (let i = 0; i < q; i++) store<f64>(d + (<usize>i << 3), safeNorm2(q, R + ((<usize>i * qq) << 3)));
  for (let i = 0; i < q - 1; i++) {
    let best = i;
    let bv = load<f64>(d + (<usize>i << 3));
    for (let j = i + 1; j < q; j++) {
      const v = load<f64>(d + (<usize>j << 3));
      if (v > bv) { bv = v; best = j; }
    }
    if (best != i) {
      store<f64>(d + (<usize>best << 3), load<f64>(d + (<usize>i << 3)));
      store<f64>(d + (<usize>i << 3), bv);
      swapVectors(q, R + ((<usize>i * qq) << 3), R + ((<usize>best * qq) << 3));
      if (wantLeft) swapVectors(q, Wacc + ((<usize>i * qq) << 3), Wacc + ((<usize>best * qq) << 3));
    }
  }
  let nz = 0;
  while (nz < q && load<f64>(d + (<usize>nz << 3)) > ZERO_NORM) nz++;
  for (let i = nz; i < q; i++) store<f64>(d + (<usize>i << 3), 0);

  if (wantVec) {
    // Z's rows: normalized rows of R, completed with an orthonormal complement for zero σ.
    for (let i = 0; i < nz; i++) {
      const ri = R + ((<usize>i * qq) << 3);
      const inv = 1.0 / load<f64>(d + (<usize>i << 3));
      for (let j = 0; j < q; j++) store<f64>(ri + (<usize>j << 3), load<f64>(ri + (<usize>j << 3)) * inv);
    }
  }
  if (wantLeft) {
    // X = Q W (p × q) — the one O(p q²) product, done by the blocked gemm.
    const st = gemmCore(1, 1, p, q, q, 1.0, Qt, p, Wacc, q, 0.0, X, q);
    if (st != OK) { arenaReset(top); return st; }
  }
  if (wantRight) {
    if (nz < q) {
      memory.copy(B, R, (<usize>nz * qq) << 3);
      complementCore(q, nz, B, tau, R + ((<usize>nz * qq) << 3));
    }
    // Y = P Z: row perm[j] of Y is column j of Zᵀ, i.e. Y[perm[j], i] = Z[i, j].
    for (let j = 0; j < q; j++) {
      const row = Y + ((<usize>load<i32>(perm + (<usize>j << 2)) * qq) << 3);
      for (let i = 0; i < q; i++) {
        store<f64>(row + (<usize>i << 3), load<f64>(R + ((<usize>i * qq + <usize>j) << 3)));
      }
    }
  }
  memory.copy(S, d, qq << 3);
  arenaReset(top);
  return OK;
}

/**
 * Thin SVD A = U diag(S) Vᵀ of A (m × n, row-major), k = min(m, n): U m × k, S k (descending, ≥ 0),
 * V n × k. `vectors` says which factors are written besides S: SVD_VALUES (U and V are ignored and may
 * be 0), SVD_RIGHT (V only; U ignored) or SVD_BOTH. S, and V where written, are the same bit for bit
 * in every mode: a mode only leaves out work whose results nothing else reads. A is read only.
 * The matrix is first scaled by an exact power of two so that its largest entry is in [1, 2), and
 * the singular values are scaled back. For m < n the SVD of Aᵀ is computed and U, V swap roles.
 * Returns OK, E_NOMEM or E_NOCONVERGE; outputs are written only on OK, but they may be scratch
 * space the caller copies from (the ABI wrappers do that).
 */
export function svdCore(m: i32, n: i32, A: usize, U: usize, S: usize, V: usize, vectors: i32): i32 {
  const top = arenaMark();
  const Ct = arenaAlloc(<usize>m * <usize>n << 3);
  if (Ct == 0) { arenaReset(top); return E_NOMEM; }
  const e = scaleExponent(maxAbsCore(m * n, A));
  const sc = pow2(e);
  let st: i32;
  if (m >= n) {
    // T = A: its column-contiguous form is Aᵀ.
    transposeScaled(m, n, A, sc, Ct);
    st = svdTallCore(m, n, Ct, U, S, V, vectors == SVD_BOTH, vectors != SVD_VALUES);
  } else {
    // T = Aᵀ (n × m): its column-contiguous form is A itself. Aᵀ = X Σ Yᵀ gives A = Y Σ Xᵀ.
    copyScaled(m * n, A, sc, Ct);
    st = svdTallCore(n, m, Ct, V, S, U, vectors != SVD_VALUES, vectors == SVD_BOTH);
  }
  if (st == OK) {
    const k = m < n ? m : n;
    const back = pow2(-e);
    for (let i = 0; i < k; i++) {
      const p = S + (<usize>i << 3);
      store<f64>(p, load<f64>(p) * back);
    }
  }
  arenaReset(top);
  return st;
}

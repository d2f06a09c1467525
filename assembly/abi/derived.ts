// Checked entry points for what is derived from the decompositions (solve, inverse, determinants,
// pseudo-inverse, least squares, rank, subspace bases, projectors, principal angles, conditioning).
//
// Same contract as abi/decomp.ts: all arguments are validated before anything is written (dimensions
// ≥ 1, buffers inside the arena with their exact counts, outputs disjoint from inputs and from each
// other, finite inputs, rtol not NaN), results are computed in arena workspace and copied out only on
// success. rtol: singular values σ_i ≤ rtol · σ₁ count as zero; rtol < 0 selects max(m, n) · 2^-52.
import { OK, E_DIM, E_NONFINITE, E_NOMEM } from '../runtime/status';
import { checkDim, checkF64, checkI32, checkDisjoint, allFinite } from '../runtime/check';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { disjointBytes, checkRtol } from '../decomp/args';
import { solveCore, detPartsCore, detFromParts, logAbsFromParts } from '../derived/solve';
import { effectiveRtol } from '../derived/svd-util';
import { pinvCore, lstsqCore } from '../derived/pinv';
import { rankCore, colBasisCore, nullBasisCore, projectorCore } from '../derived/subspace';
import { principalAnglesCore } from '../derived/angles';
import { cond2Core } from '../derived/cond';

/**
 * solve(n, nrhs, A, B, X) → status. X (n × nrhs) with A X = B for A (n × n), B (n × nrhs), by LU with
 * partial pivoting; E_SINGULAR on an exactly zero pivot. X may overlap neither A nor B.
 */
export function solve(n: i32, nrhs: i32, A: usize, B: usize, X: usize): i32 {
  if (checkDim(n, 1) != OK || checkDim(nrhs, 1) != OK) return E_DIM;
  const ca = <u64>n * <u64>n, cb = <u64>n * <u64>nrhs;
  let s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(B, cb); if (s != OK) return s;
  s = checkF64(X, cb); if (s != OK) return s;
  s = checkDisjoint(X, cb, A, ca) | checkDisjoint(X, cb, B, cb); if (s != OK) return s;
  if (!allFinite(A, n, n, n) || !allFinite(B, n, nrhs, nrhs)) return E_NONFINITE;
  return solveCore(n, nrhs, A, B, X);
}

/** inverse(n, A, out) → status. out (n × n) = A⁻¹ via LU; E_SINGULAR on an exactly zero pivot. */
export function inverse(n: i32, A: usize, out: usize): i32 {
  if (checkDim(n, 1) != OK) return E_DIM;
  const ca = <u64>n * <u64>n;
  let s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(out, ca); if (s != OK) return s;
  s = checkDisjoint(out, ca, A, ca); if (s != OK) return s;
  if (!allFinite(A, n, n, n)) return E_NONFINITE;
  return solveCore(n, n, A, 0, out);
}

/** Scaled determinant parts in arena scratch; 0 when the arena cannot provide 3 f64. */
function detParts(n: i32, A: usize): usize {
  const p = arenaAlloc(24);
  if (p == 0) return 0;
  return detPartsCore(n, A, p) == OK ? p : 0;
}

/**
 * det(n, A, out) → status. *out (f64) = det A via LU (0 for a singular matrix). The product of U's
 * diagonal is accumulated as mantissa and exponent, so it overflows (to ±∞) or underflows only when
 * the determinant itself does.
 */
export function det(n: i32, A: usize, out: usize): i32 {
  if (checkDim(n, 1) != OK) return E_DIM;
  const ca = <u64>n * <u64>n;
  let s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(out, 1); if (s != OK) return s;
  s = checkDisjoint(out, 1, A, ca); if (s != OK) return s;
  if (!allFinite(A, n, n, n)) return E_NONFINITE;
  const top = arenaMark();
  const p = detParts(n, A);
  if (p == 0) { arenaReset(top); return E_NOMEM; }
  store<f64>(out, detFromParts(load<f64>(p), load<f64>(p + 8), load<f64>(p + 16)));
  arenaReset(top);
  return OK;
}

/**
 * logdet(n, A, logAbs, sign) → status. *logAbs = log|det A| (−∞ when singular) and *sign (f64) ∈
 * {−1, 0, 1}, without overflow for any n.
 */
export function logdet(n: i32, A: usize, logAbs: usize, sign: usize): i32 {
  if (checkDim(n, 1) != OK) return E_DIM;
  const ca = <u64>n * <u64>n;
  let s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(logAbs, 1); if (s != OK) return s;
  s = checkF64(sign, 1); if (s != OK) return s;
  s = checkDisjoint(logAbs, 1, A, ca) | checkDisjoint(sign, 1, A, ca) | checkDisjoint(logAbs, 1, sign, 1);
  if (s != OK) return s;
  if (!allFinite(A, n, n, n)) return E_NONFINITE;
  const top = arenaMark();
  const p = detParts(n, A);
  if (p == 0) { arenaReset(top); return E_NOMEM; }
  const sg = load<f64>(p);
  store<f64>(logAbs, logAbsFromParts(sg, load<f64>(p + 8), load<f64>(p + 16)));
  store<f64>(sign, sg);
  arenaReset(top);
  return OK;
}

/**
 * pinv(m, n, A, rtol, out) → status. out (n × m) = A⁺, the Moore–Penrose pseudo-inverse of A (m × n)
 * from the thin SVD, σ_i ≤ rtol · σ₁ treated as zero.
 */
export function pinv(m: i32, n: i32, A: usize, rtol: f64, out: usize): i32 {
  if (checkDim(m, 1) != OK || checkDim(n, 1) != OK) return E_DIM;
  let s = checkRtol(rtol); if (s != OK) return s;
  const ca = <u64>m * <u64>n;
  s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(out, ca); if (s != OK) return s;
  s = checkDisjoint(out, ca, A, ca); if (s != OK) return s;
  if (!allFinite(A, m, n, n)) return E_NONFINITE;
  return pinvCore(m, n, A, effectiveRtol(m, n, rtol), out);
}

/**
 * lstsq(m, n, nrhs, A, B, rtol, X) → status. X (n × nrhs) = A⁺ B, the minimum-norm minimizer of
 * ‖A X − B‖_F for A (m × n), B (m × nrhs). X may overlap neither A nor B.
 */
export function lstsq(m: i32, n: i32, nrhs: i32, A: usize, B: usize, rtol: f64, X: usize): i32 {
  if (checkDim(m, 1) != OK || checkDim(n, 1) != OK || checkDim(nrhs, 1) != OK) return E_DIM;
  let s = checkRtol(rtol); if (s != OK) return s;
  const ca = <u64>m * <u64>n, cb = <u64>m * <u64>nrhs, cx = <u64>n * <u64>nrhs;
  s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(B, cb); if (s != OK) return s;
  s = checkF64(X, cx); if (s != OK) return s;
  s = checkDisjoint(X, cx, A, ca) | checkDisjoint(X, cx, B, cb); if (s != OK) return s;
  if (!allFinite(A, m, n, n) || !allFinite(B, m, nrhs, nrhs)) return E_NONFINITE;
  return lstsqCore(m, n, nrhs, A, B, effectiveRtol(m, n, rtol), X);
}

/** rank(m, n, A, rtol, out) → status. *out (i32) = #{σ_i > rtol · σ₁} (0 for the zero matrix). */
export function rank(m: i32, n: i32, A: usize, rtol: f64, out: usize): i32 {
  if (checkDim(m, 1) != OK || checkDim(n, 1) != OK) return E_DIM;
  let s = checkRtol(rtol); if (s != OK) return s;
  const ca = <u64>m * <u64>n;
  s = checkF64(A, ca); if (s != OK) return s;
  s = checkI32(out, 1); if (s != OK) return s;
  s = disjointBytes(out, 4, A, ca << 3); if (s != OK) return s;
  if (!allFinite(A, m, n, n)) return E_NONFINITE;
  return rankCore(m, n, A, effectiveRtol(m, n, rtol), out);
}

/**
 * The argument checks col_basis and null_basis share: an m × n finite A, an rtol, an output of `co`
 * f64 (its capacity) and an i32 dimension slot, all pairwise disjoint.
 */
function basisArgs(m: i32, n: i32, A: usize, rtol: f64, out: usize, co: u64, dim: usize): i32 {
  if (checkDim(m, 1) != OK || checkDim(n, 1) != OK) return E_DIM;
  let s = checkRtol(rtol); if (s != OK) return s;
  const ca = <u64>m * <u64>n;
  s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(out, co); if (s != OK) return s;
  s = checkI32(dim, 1); if (s != OK) return s;
  s = checkDisjoint(out, co, A, ca) | disjointBytes(dim, 4, A, ca << 3) | disjointBytes(dim, 4, out, co << 3);
  if (s != OK) return s;
  return allFinite(A, m, n, n) ? OK : E_NONFINITE;
}

/**
 * col_basis(m, n, A, rtol, out, dim) → status. With r = rank(A): *dim (i32) = r and out holds an
 * orthonormal basis of col(A) as an m × r contiguous matrix (leading dimension r). out must have
 * capacity for m · min(m, n) f64 (validated); entries past m · r are left untouched.
 */
export function col_basis(m: i32, n: i32, A: usize, rtol: f64, out: usize, dim: usize): i32 {
  const s = basisArgs(m, n, A, rtol, out, <u64>m * <u64>(m < n ? m : n), dim);
  if (s != OK) return s;
  return colBasisCore(m, n, A, effectiveRtol(m, n, rtol), out, dim);
}

/**
 * null_basis(m, n, A, rtol, out, dim) → status. *dim (i32) = n − r and out holds an orthonormal basis
 * of {x : A x = 0} as an n × (n − r) contiguous matrix. Capacity n · n f64 (validated); entries past
 * n · (n − r) are left untouched.
 */
export function null_basis(m: i32, n: i32, A: usize, rtol: f64, out: usize, dim: usize): i32 {
  const s = basisArgs(m, n, A, rtol, out, <u64>n * <u64>n, dim);
  if (s != OK) return s;
  return nullBasisCore(m, n, A, effectiveRtol(m, n, rtol), out, dim);
}

/** projector(m, n, A, rtol, out) → status. out (m × m) = U_r U_rᵀ, the orthogonal projector onto col(A). */
export function projector(m: i32, n: i32, A: usize, rtol: f64, out: usize): i32 {
  if (checkDim(m, 1) != OK || checkDim(n, 1) != OK) return E_DIM;
  let s = checkRtol(rtol); if (s != OK) return s;
  const ca = <u64>m * <u64>n, co = <u64>m * <u64>m;
  s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(out, co); if (s != OK) return s;
  s = checkDisjoint(out, co, A, ca); if (s != OK) return s;
  if (!allFinite(A, m, n, n)) return E_NONFINITE;
  return projectorCore(m, n, A, effectiveRtol(m, n, rtol), out);
}

/**
 * principal_angles(m, p, q, A, B, rtol, out, count) → status. Principal angles (radians, ascending)
 * between col(A) (A m × p) and col(B) (B m × q); *count (i32) = min(rank A, rank B) angles are written
 * to out (capacity min(p, q) f64, validated). The rank threshold applies to each matrix separately
 * (rtol < 0: max(m, p) · ε for A, max(m, q) · ε for B). Small angles via sines (Björck–Golub).
 */
export function principal_angles(m: i32, p: i32, q: i32, A: usize, B: usize, rtol: f64, out: usize, count: usize): i32 {
  if (checkDim(m, 1) != OK || checkDim(p, 1) != OK || checkDim(q, 1) != OK) return E_DIM;
  let s = checkRtol(rtol); if (s != OK) return s;
  const ca = <u64>m * <u64>p, cb = <u64>m * <u64>q, co = <u64>(p < q ? p : q);
  s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(B, cb); if (s != OK) return s;
  s = checkF64(out, co); if (s != OK) return s;
  s = checkI32(count, 1); if (s != OK) return s;
  s = checkDisjoint(out, co, A, ca) | checkDisjoint(out, co, B, cb)
    | disjointBytes(count, 4, A, ca << 3) | disjointBytes(count, 4, B, cb << 3) | disjointBytes(count, 4, out, co << 3);
  if (s != OK) return s;
  if (!allFinite(A, m, p, p) || !allFinite(B, m, q, q)) return E_NONFINITE;
  // One rtol for both matrices; the default depends on each matrix's shape, so resolve it per side.
  const ra = effectiveRtol(m, p, rtol), rb = effectiveRtol(m, q, rtol);
  return principalAnglesCore(m, p, q, A, B, ra, rb, out, count);
}

/** cond2(m, n, A, out) → status. *out = σ₁ / σ_min(m, n), +∞ when σ_min = 0 (and for the zero matrix). */
export function cond2(m: i32, n: i32, A: usize, out: usize): i32 {
  if (checkDim(m, 1) != OK || checkDim(n, 1) != OK) return E_DIM;
  const ca = <u64>m * <u64>n;
  let s = checkF64(A, ca); if (s != OK) return s;
  s = checkF64(out, 1); if (s != OK) return s;
  s = checkDisjoint(out, 1, A, ca); if (s != OK) return s;
  if (!allFinite(A, m, n, n)) return E_NONFINITE;
  return cond2Core(m, n, A, out);
}

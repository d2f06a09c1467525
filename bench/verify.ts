// Cross-checks, so that a fast-but-wrong kernel cannot win silently: every implementation's result is
// compared once per size with the reference's (the SIMD core's where it exists), and decompositions are
// also checked on their own (A ≈ QR, A ≈ U diag(S) Vᵀ), which needs no reference at all.
import { gemmIkj } from './baselines/js.js';

/** Results further apart than this (relative, see relMaxDiff) are reported as disagreeing. */
export const AGREE_TOL = 1e-10;

/**
 * max|a − b| / (1 + max(max|a|, max|b|)): the relative gap the library uses for every equality check
 * (rel_max_diff in src/wasm/abi.ts), computed in JS so any implementation's output can be compared.
 * The 1 + keeps tiny entries from turning rounding noise into huge ratios. NaN anywhere, or different
 * lengths, give +∞: they never agree.
 */
export function relMaxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let diff = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number, y = b[i] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.POSITIVE_INFINITY;
    if (x === y) {
      scale = Math.max(scale, Math.abs(x));
      continue; // equal infinities agree; |∞ − ∞| would be NaN
    }
    if (!Number.isFinite(x) || !Number.isFinite(y)) return Number.POSITIVE_INFINITY;
    diff = Math.max(diff, Math.abs(x - y));
    scale = Math.max(scale, Math.abs(x), Math.abs(y));
  }
  return diff === 0 ? 0 : diff / (1 + scale);
}

export interface CrossCheck {
  maxRelDiff: number;
  agrees: boolean;
}

export function crossCheck(ref: ArrayLike<number>, got: ArrayLike<number>, tol = AGREE_TOL): CrossCheck {
  const maxRelDiff = relMaxDiff(ref, got);
  return { maxRelDiff, agrees: maxRelDiff <= tol };
}

/**
 * R with each row's sign flipped so its diagonal is ≥ 0. Householder QR is unique only up to these
 * signs (the core makes diag R ≥ 0, ml-matrix does not), so R is compared in this canonical form.
 */
export function canonicalR(k: number, n: number, r: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(r);
  for (let i = 0; i < k; i++) {
    if ((out[i * n + i] as number) < 0) for (let j = 0; j < n; j++) out[i * n + j] = -(out[i * n + j] as number);
  }
  return out;
}

/** relMaxDiff(A·P, Q·R) for Q m×k and R k×n; `perm` (column j of A·P is column perm[j] of A) may be omitted. */
export function qrResidual(
  m: number, n: number, k: number,
  a: ArrayLike<number>, q: Float64Array, r: Float64Array, perm?: ArrayLike<number>,
): number {
  const ap = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) ap[i * n + j] = a[i * n + (perm ? (perm[j] as number) : j)] as number;
  }
  const qr = new Float64Array(m * n);
  gemmIkj(m, n, k, q, r, qr);
  return relMaxDiff(ap, qr);
}

/** relMaxDiff(A, U·diag(S)·Vᵀ) for U m×k, S k, V n×k. */
export function svdResidual(
  m: number, n: number, k: number,
  a: ArrayLike<number>, u: Float64Array, s: ArrayLike<number>, v: Float64Array,
): number {
  const us = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) us[i * k + j] = (u[i * k + j] as number) * (s[j] as number);
  const vt = new Float64Array(k * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) vt[j * n + i] = v[i * k + j] as number;
  const usv = new Float64Array(m * n);
  gemmIkj(m, n, k, us, vt, usv);
  return relMaxDiff(a, usv);
}

// Small numerical helpers shared by the decompositions: exact power-of-two scaling, sign-safe
// magnitudes and matrix copies between the row-major ABI layout and the column-contiguous layout the
// Householder and Jacobi kernels work in.
import { maxAbsCore } from '../blas/norms';

/** Unit roundoff of f64 as the LAPACK "eps" (2^-52, the spacing of doubles at 1). */
export const EPS: f64 = 2.220446049250313e-16;

/**
 * Exponent k such that maxAbs · 2^k lies in [1, 2), clamped to ±1020 so 2^k itself is finite.
 * Scaling by a power of two is exact (no rounding), so a kernel can run on a matrix whose largest
 * entry is about 1 — squared column norms can then neither overflow nor underflow for any entry that
 * matters — and scale its results back exactly.
 */
export function scaleExponent(maxAbs: f64): i32 {
  if (maxAbs == 0) return 0;
  let k: i32 = 0;
  let x = maxAbs;
  // Subnormals have no implicit leading bit: lift them into the normal range first.
  if (x < 2.2250738585072014e-308) { x *= 1.8446744073709552e19; k = 64; }
  const e = <i32>((reinterpret<u64>(x) >> 52) & 0x7FF) - 1023;
  k -= e;
  if (k > 1020) k = 1020;
  if (k < -1020) k = -1020;
  return k;
}

/** 2^k for |k| ≤ 1020 (built from the bits: exact). */
export function pow2(k: i32): f64 {
  return reinterpret<f64>(<u64>(k + 1023) << 52);
}

/** Largest |a_ij| of a contiguous m × n matrix. */
// @ts-ignore: decorator
@inline
export function maxAbsMatrix(m: i32, n: i32, A: usize): f64 {
  return maxAbsCore(m * n, A);
}

/** out (n × m, contiguous) ← s · Aᵀ for A (m × n, contiguous). */
export function transposeScaled(m: i32, n: i32, A: usize, s: f64, out: usize): void {
  const TB = 32;
  for (let ib = 0; ib < m; ib += TB) {
    const ie = ib + TB < m ? ib + TB : m;
    for (let jb = 0; jb < n; jb += TB) {
      const je = jb + TB < n ? jb + TB : n;
      for (let i = ib; i < ie; i++) {
        for (let j = jb; j < je; j++) {
          store<f64>(out + ((<usize>j * <usize>m + <usize>i) << 3), s * load<f64>(A + ((<usize>i * <usize>n + <usize>j) << 3)));
        }
      }
    }
  }
}

/** out ← s · A for count contiguous entries. */
export function copyScaled(count: i32, A: usize, s: f64, out: usize): void {
  for (let i = 0; i < count; i++) {
    const o = <usize>i << 3;
    store<f64>(out + o, s * load<f64>(A + o));
  }
}

/** Swap two non-overlapping contiguous f64 vectors of length n. */
export function swapVectors(n: i32, x: usize, y: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const t = load<f64>(x + o);
    store<f64>(x + o, load<f64>(y + o));
    store<f64>(y + o, t);
  }
}

/** Fill count f64 entries with v. */
export function fillF64(count: i32, p: usize, v: f64): void {
  for (let i = 0; i < count; i++) store<f64>(p + (<usize>i << 3), v);
}

/** m × n identity-like matrix (ones on the main diagonal) in contiguous row-major storage. */
export function setEye(m: i32, n: i32, p: usize): void {
  fillF64(m * n, p, 0);
  const k = m < n ? m : n;
  for (let i = 0; i < k; i++) store<f64>(p + ((<usize>i * <usize>n + <usize>i) << 3), 1.0);
}

/** Address of element (i, j) of a row-major matrix with leading dimension ld. */
// @ts-ignore: decorator
@inline
export function at(p: usize, ld: i32, i: i32, j: i32): usize {
  return p + ((<usize>i * <usize>ld + <usize>j) << 3);
}

/**
 * √(Σ x_i²) over n contiguous entries without overflow or underflow, subnormal inputs included.
 * (blas/norms.ts' norm2Core divides by max|x_i|, whose reciprocal overflows to ∞ when the maximum is
 * subnormal; the Householder vectors of a numerically rank-deficient matrix do reach that range, so the
 * decompositions lift such vectors by an exact 2^600 first.)
 */
export function safeNorm2(n: i32, x: usize): f64 {
  let scale: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(load<f64>(x + (<usize>i << 3)));
    if (v > scale) scale = v;
  }
  if (scale == 0) return 0;
  const tiny = scale < 1e-290;
  const pre: f64 = tiny ? 4.149515568880993e180 : 1.0; // 2^600
  const sc = scale * pre;
  let s: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = (load<f64>(x + (<usize>i << 3)) * pre) / sc;
    s += v * v;
  }
  return (sc * Math.sqrt(s)) / pre;
}

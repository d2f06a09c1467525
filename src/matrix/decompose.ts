// Decompositions. Each allocates its factors in the current scope and returns them; integer outputs
// (permutations) are copied out to JavaScript.
import type { Matrix } from './matrix.js';
import { empty, zeros } from './create.js';
import { alive, expectSquare } from './shape.js';
import type { Core } from '../wasm/core.js';

/** Run `call(ptr)` with an i32[n] buffer from the arena and return a copy of it. */
function withIntBuffer(core: Core, n: number, call: (ptr: number) => void): Int32Array {
  const start = core.mark();
  try {
    const ptr = core.allocBytes(Math.max(n, 1) * 4, 'perm');
    call(ptr);
    return core.i32.slice(ptr >>> 2, (ptr >>> 2) + n);
  } finally {
    core.reset(start);
  }
}

export interface QR { Q: Matrix; R: Matrix }
export interface PivotedQR extends QR { perm: Int32Array }
export interface SVD { U: Matrix; S: Matrix; V: Matrix }
export interface EigSym { W: Matrix; V: Matrix }
export interface LU { LU: Matrix; perm: Int32Array }

/** A = QR; Q m×k orthonormal columns, R k×n upper trapezoidal with non-negative diagonal, k = min(m, n). */
export function qr(a: Matrix): QR {
  alive('qr', a);
  const k = Math.min(a.rows, a.cols);
  const Q = empty(a.core, a.rows, k), R = empty(a.core, k, a.cols);
  a.core.call('qr', a.rows, a.cols, a.ptr, Q.ptr, R.ptr);
  return { Q, R };
}

/** R alone (k×n, non-negative diagonal) of A = QR, Q not formed: the same reflectors as qr, half the work. */
export function qrR(a: Matrix): Matrix {
  alive('qrR', a);
  const R = empty(a.core, Math.min(a.rows, a.cols), a.cols);
  a.core.call('qr_r', a.rows, a.cols, a.ptr, R.ptr);
  return R;
}

/** A P = Q R with column pivoting: (A P)[:, j] = A[:, perm[j]], |diag R| non-increasing (rank revealing). */
export function qrPivoted(a: Matrix): PivotedQR {
  alive('qrPivoted', a);
  const k = Math.min(a.rows, a.cols);
  const Q = empty(a.core, a.rows, k), R = empty(a.core, k, a.cols);
  const perm = withIntBuffer(a.core, a.cols, (p) => a.core.call('qr_pivoted', a.rows, a.cols, a.ptr, Q.ptr, R.ptr, p));
  return { Q, R, perm };
}

/** Thin SVD A = U diag(S) Vᵀ: U m×k, S k×1 descending, V n×k. */
export function svd(a: Matrix): SVD {
  alive('svd', a);
  const k = Math.min(a.rows, a.cols);
  if (k === 0) return { U: zeros(a.core, a.rows, 0), S: zeros(a.core, 0, 1), V: zeros(a.core, a.cols, 0) };
  const U = empty(a.core, a.rows, k), S = empty(a.core, k, 1), V = empty(a.core, a.cols, k);
  a.core.call('svd_thin', a.rows, a.cols, a.ptr, U.ptr, S.ptr, V.ptr);
  return { U, S, V };
}

/**
 * S and V of svd(a), the same bit for bit, without forming U: for rows ≥ cols the left vectors are most
 * of the work (about half of it at 768 × 768), so callers that read only S, or S and V, use this.
 */
export function svdRight(a: Matrix): { S: Matrix; V: Matrix } {
  alive('svdRight', a);
  const k = Math.min(a.rows, a.cols);
  if (k === 0) return { S: zeros(a.core, 0, 1), V: zeros(a.core, a.cols, 0) };
  const S = empty(a.core, k, 1), V = empty(a.core, a.cols, k);
  a.core.call('svd_right', a.rows, a.cols, a.ptr, S.ptr, V.ptr);
  return { S, V };
}

/** The singular values of svd(a), descending, bit for bit, as plain numbers (nothing left in the core). */
export function singularValues(a: Matrix): number[] {
  if (a.rows === 0 || a.cols === 0) return [];
  return Array.from(a.core.scope(() => svdRight(a).S.toFloat64Array()));
}

/** Symmetric eigendecomposition of (A + Aᵀ)/2: A V = V diag(W), W ascending. */
export function eigSym(a: Matrix): EigSym {
  alive('eigSym', a);
  expectSquare('eigSym', a);
  const W = empty(a.core, a.rows, 1), V = empty(a.core, a.rows, a.rows);
  a.core.call('eig_sym', a.rows, a.ptr, W.ptr, V.ptr);
  return { W, V };
}

/** P A = L U with partial pivoting; row i of P A is row perm[i] of A. */
export function lu(a: Matrix): LU {
  alive('lu', a);
  expectSquare('lu', a);
  const LU = empty(a.core, a.rows, a.rows);
  const perm = withIntBuffer(a.core, a.rows, (p) => a.core.call('lu', a.rows, a.ptr, LU.ptr, p));
  return { LU, perm };
}

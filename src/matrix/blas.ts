// BLAS-like operations in gl-matrix style: op(out, …) writes into out and returns it, allocating nothing.
import type { Matrix } from './matrix.js';
import { alive, expectShape, fmt } from './shape.js';
import { CoreError } from '../wasm/status.js';
import { scratch } from './scratch.js';

export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
}

/** out = alpha · op(a) · op(b) + beta · out (defaults: no transposes, alpha 1, beta 0). */
export function multiply(out: Matrix, a: Matrix, b: Matrix, o: GemmOptions = {}): Matrix {
  alive('multiply', out, a, b);
  const ta = o.transA ? 1 : 0, tb = o.transB ? 1 : 0;
  const m = ta ? a.cols : a.rows, k = ta ? a.rows : a.cols;
  const kb = tb ? b.cols : b.rows, n = tb ? b.rows : b.cols;
  if (k !== kb) {
    throw new CoreError('shape', 'multiply', `inner dimensions differ: op(a) is ${m}×${k}, op(b) is ${kb}×${n}`);
  }
  expectShape('multiply', 'out', out, m, n);
  out.core.call('gemm', ta, tb, m, n, k, o.alpha ?? 1, a.ptr, Math.max(1, a.cols), b.ptr, Math.max(1, b.cols),
    o.beta ?? 0, out.ptr, Math.max(1, n));
  return out;
}

export function transpose(out: Matrix, a: Matrix): Matrix {
  alive('transpose', out, a);
  expectShape('transpose', 'out', out, a.cols, a.rows);
  out.core.call('transpose', a.rows, a.cols, a.ptr, out.ptr);
  return out;
}

export function copy(out: Matrix, a: Matrix): Matrix {
  alive('copy', out, a);
  expectShape('copy', 'out', out, a.rows, a.cols);
  out.core.call('copy', a.length, a.ptr, out.ptr);
  return out;
}

/** out = s · a (out may be a). */
export function scale(out: Matrix, a: Matrix, s: number): Matrix {
  if (out !== a) copy(out, a);
  out.core.call('scal', out.length, s, out.ptr);
  return out;
}

/** out = a + s · b (out may be a; s defaults to 1). */
export function addScaled(out: Matrix, a: Matrix, b: Matrix, s = 1): Matrix {
  alive('add', out, a, b);
  expectShape('add', 'b', b, a.rows, a.cols);
  if (out !== a) copy(out, a);
  out.core.call('axpy', out.length, s, b.ptr, out.ptr);
  return out;
}

export function add(out: Matrix, a: Matrix, b: Matrix): Matrix {
  return addScaled(out, a, b, 1);
}

export function subtract(out: Matrix, a: Matrix, b: Matrix): Matrix {
  return addScaled(out, a, b, -1);
}

/** Σ a_ij b_ij over two matrices of the same shape (the dot product of vectors). */
export function dot(a: Matrix, b: Matrix): number {
  alive('dot', a, b);
  if (a.length !== b.length) throw new CoreError('shape', 'dot', `${fmt(a)} and ${fmt(b)} differ in size`);
  return scratch(a.core, 1, 0, (out) => a.core.call('dot', a.length, a.ptr, b.ptr, out));
}

export function normFro(a: Matrix): number {
  alive('normFro', a);
  return scratch(a.core, 1, 0, (out) => a.core.call('norm_fro', a.rows, a.cols, a.ptr, out));
}

/** max|a − b| / (1 + max(max|a|, max|b|)): the relative gap used for every equality check (theory.md §5). */
export function relMaxDiff(a: Matrix, b: Matrix): number {
  alive('relMaxDiff', a, b);
  expectShape('relMaxDiff', 'b', b, a.rows, a.cols);
  return scratch(a.core, 1, 0, (out) => a.core.call('rel_max_diff', a.rows, a.cols, a.ptr, b.ptr, out));
}

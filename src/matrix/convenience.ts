// Allocating forms of the op(out, …) functions, for scripts and the REPL: each returns a new matrix in
// the current scope.
import type { Matrix } from './matrix.js';
import { empty } from './create.js';
import { multiply, transpose, subtract, add, scale, type GemmOptions } from './blas.js';
import { logSoftmaxRows, logOdds } from './dist.js';

/** op(a) · op(b) as a new matrix. */
export function mul(a: Matrix, b: Matrix, o: Omit<GemmOptions, 'beta'> = {}): Matrix {
  const m = o.transA ? a.cols : a.rows, n = o.transB ? b.rows : b.cols;
  return multiply(empty(a.core, m, n), a, b, o);
}

export function transposed(a: Matrix): Matrix {
  return transpose(empty(a.core, a.cols, a.rows), a);
}

export function plus(a: Matrix, b: Matrix): Matrix {
  return add(empty(a.core, a.rows, a.cols), a, b);
}

export function minus(a: Matrix, b: Matrix): Matrix {
  return subtract(empty(a.core, a.rows, a.cols), a, b);
}

export function scaled(a: Matrix, s: number): Matrix {
  return scale(empty(a.core, a.rows, a.cols), a, s);
}

export function logSoftmax(z: Matrix): Matrix {
  return logSoftmaxRows(empty(z.core, z.rows, z.cols), z);
}

export function logOddsOf(z: Matrix, pivot = 0): Matrix {
  return logOdds(empty(z.core, z.rows, z.cols - 1), z, pivot);
}

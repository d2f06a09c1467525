// ml-matrix, the usual choice for linear algebra in JavaScript: conversions to and from its Matrix
// (row arrays of Float64Array), done outside the timed calls.
import { Matrix } from 'ml-matrix';

export function toMl(rows: number, cols: number, data: ArrayLike<number>): Matrix {
  return Matrix.from1DArray(rows, cols, data);
}

export function fromMl(m: Matrix): Float64Array {
  return Float64Array.from(m.to1DArray());
}

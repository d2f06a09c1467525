// Lossless records of matrices and models for reports: every f64 as its exact rational value and its
// bit pattern, plus readable decimals.
import { join } from 'node:path';
import { Rational } from '../exact/rational.js';
import type { DenseMatrix } from '../dense.js';
import type { MatrixRecord } from './types.js';

export function bitsOf(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

export function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

export function matrixRecord(m: DenseMatrix): MatrixRecord {
  const values = Array.from(m.data);
  return {
    rows: m.rows,
    cols: m.cols,
    exact: values.map((v) => Rational.fromF64(v).toString()),
    bits: values.map(bitsOf),
    decimal: Array.from({ length: m.rows }, (_, i) => values.slice(i * m.cols, (i + 1) * m.cols)),
  };
}

/** The matrix back from its bit patterns (the authoritative field; exact and decimal are derived). */
export function denseFromRecord(r: MatrixRecord): DenseMatrix {
  return { rows: r.rows, cols: r.cols, data: Float64Array.from(r.bits, fromBits) };
}

/** Model file name for a counterexample model, relative to the report directory. */
export function modelFileName(key: string, name: string): string {
  return join('models', `${key.replace(/[^A-Za-z0-9]+/g, '-')}-${name.replace(/[^A-Za-z0-9]+/g, '-')}.json`);
}

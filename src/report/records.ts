// Lossless records of matrices and models for reports: every f64 as its exact rational value and its
// bit pattern, plus readable decimals.
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { Rational } from '../exact/rational.js';
import type { DenseMatrix } from '../dense.js';
import type { MatrixRecord, ModelRecord } from './types.js';

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

/**
 * The identity of a model: SHA-256 of its pivot, shapes and the IEEE bits of F and G (row-major, big
 * endian). Replay compares it with the recorded matrices, the model file and the regenerated case.
 */
export function modelHash(F: DenseMatrix, G: DenseMatrix, pivot: number): string {
  const h = createHash('sha256');
  h.update(`aon-model-v1 pivot ${pivot} F ${F.rows}x${F.cols} G ${G.rows}x${G.cols}\n`);
  const buf = new DataView(new ArrayBuffer(8));
  for (const m of [F, G]) {
    for (const x of m.data) {
      buf.setFloat64(0, x);
      h.update(new Uint8Array(buf.buffer));
    }
  }
  return h.digest('hex');
}

/**
 * Why a model record is not self-consistent (its bits, exact values, decimals and hash disagree), or null.
 * Any edit of a recorded model that does not redo all four is caught here.
 */
export function modelRecordProblem(m: ModelRecord): string | null {
  for (const [name, r] of [['F', m.F], ['G', m.G]] as const) {
    if (r.bits.length !== r.rows * r.cols || r.exact.length !== r.bits.length) return `${name}: ${r.rows} × ${r.cols} but ${r.bits.length} bit patterns and ${r.exact.length} exact values`;
    if (r.decimal.length !== r.rows || r.decimal.some((row) => row.length !== r.cols)) return `${name}: decimal rows are not ${r.rows} × ${r.cols}`;
    for (let k = 0; k < r.bits.length; k++) {
      const x = fromBits(r.bits[k]!);
      const i = Math.floor(k / r.cols), j = k % r.cols;
      if (!Object.is(r.decimal[i]![j], x) && !(Number.isNaN(x) && r.decimal[i]![j] === null)) return `${name}[${i}][${j}]: decimal ${r.decimal[i]![j]} is not the recorded bits ${r.bits[k]} (${x})`;
      if (r.exact[k] !== Rational.fromF64(x).toString()) return `${name}[${i}][${j}]: exact value ${r.exact[k]} is not the recorded bits ${r.bits[k]}`;
    }
  }
  const h = modelHash(denseFromRecord(m.F), denseFromRecord(m.G), m.pivot);
  if (h !== m.sha256) return `sha256 ${m.sha256} does not match the recorded matrices (${h})`;
  return null;
}

/** Model file name for a counterexample model, relative to the report directory. */
export function modelFileName(key: string, name: string): string {
  return join('models', `${key.replace(/[^A-Za-z0-9]+/g, '-')}-${name.replace(/[^A-Za-z0-9]+/g, '-')}.json`);
}

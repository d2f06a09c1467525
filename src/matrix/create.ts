// Making matrices in a core's arena: zeros, identity, from JavaScript arrays.
import type { Core } from '../wasm/core.js';
import { CoreError } from '../wasm/status.js';
import { Matrix } from './matrix.js';

function checkDims(rows: number, cols: number, op: string): void {
  if (!Number.isSafeInteger(rows) || !Number.isSafeInteger(cols) || rows < 0 || cols < 0) {
    throw new CoreError('dim', op, `dimensions must be non-negative integers, got ${rows}×${cols}`);
  }
}

/** An uninitialised-then-zeroed rows × cols matrix in the current scope. */
export function zeros(core: Core, rows: number, cols: number): Matrix {
  checkDims(rows, cols, 'zeros');
  const ptr = core.allocBytes(rows * cols * 8, 'zeros');
  core.f64.fill(0, ptr >>> 3, (ptr >>> 3) + rows * cols);
  return new Matrix(core, rows, cols, ptr, core.currentScope);
}

/** Space for a rows × cols matrix whose entries the caller will overwrite (no zero-fill). */
export function empty(core: Core, rows: number, cols: number): Matrix {
  checkDims(rows, cols, 'empty');
  const ptr = core.allocBytes(rows * cols * 8, 'empty');
  return new Matrix(core, rows, cols, ptr, core.currentScope);
}

export function identity(core: Core, n: number): Matrix {
  const m = zeros(core, n, n);
  const base = m.ptr >>> 3;
  const f = core.f64;
  for (let i = 0; i < n; i++) f[base + i * n + i] = 1;
  return m;
}

/** A matrix from row-major data (length rows·cols). */
export function fromArray(core: Core, rows: number, cols: number, data: ArrayLike<number>): Matrix {
  checkDims(rows, cols, 'fromArray');
  if (data.length !== rows * cols) {
    throw new CoreError('shape', 'fromArray', `${rows}×${cols} needs ${rows * cols} values, got ${data.length}`);
  }
  const m = empty(core, rows, cols);
  core.f64.set(data, m.ptr >>> 3);
  return m;
}

/**
 * A matrix from an array of rows. Ragged rows and non-numbers are rejected with the position named;
 * `what` names the source in the message (a file and field, say).
 */
export function fromRows(core: Core, rows: readonly (readonly number[])[], what = 'matrix'): Matrix {
  if (!Array.isArray(rows)) throw new CoreError('input', 'fromRows', `${what}: expected an array of rows`);
  const r = rows.length;
  const c = r === 0 ? 0 : (rows[0]?.length ?? 0);
  const flat = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i];
    if (!Array.isArray(row)) throw new CoreError('input', 'fromRows', `${what}[${i}]: expected an array of numbers`);
    if (row.length !== c) {
      throw new CoreError('shape', 'fromRows', `${what}[${i}] has ${row.length} entries, row 0 has ${c}`);
    }
    for (let j = 0; j < c; j++) {
      const v = row[j];
      if (typeof v !== 'number') {
        throw new CoreError('input', 'fromRows', `${what}[${i}][${j}]: expected a number, got ${JSON.stringify(v)}`);
      }
      flat[i * c + j] = v;
    }
  }
  return fromArray(core, r, c, flat);
}

// Cheap O(size) rearrangements done on the host over the Wasm memory view: stacking, slicing, row and
// column selection and scaling. Nothing here is worth a Wasm export; all of it allocates its result in
// the current scope.
import type { Matrix } from './matrix.js';
import { empty } from './create.js';
import { alive, fmt } from './shape.js';
import { CoreError } from '../wasm/status.js';

/** Rows [r0, r1) and columns [c0, c1) as a new matrix. */
export function slice(a: Matrix, r0: number, r1: number, c0: number, c1: number): Matrix {
  alive('slice', a);
  if (!(0 <= r0 && r0 <= r1 && r1 <= a.rows && 0 <= c0 && c0 <= c1 && c1 <= a.cols)) {
    throw new CoreError('shape', 'slice', `[${r0}, ${r1}) × [${c0}, ${c1}) is outside ${fmt(a)}`);
  }
  const out = empty(a.core, r1 - r0, c1 - c0);
  const f = a.core.f64, src = a.ptr >>> 3, dst = out.ptr >>> 3;
  for (let i = r0; i < r1; i++) {
    f.copyWithin(dst + (i - r0) * out.cols, src + i * a.cols + c0, src + i * a.cols + c1);
  }
  return out;
}

/** [a | b | …]: matrices with the same row count side by side. */
export function hstack(...ms: Matrix[]): Matrix {
  const first = ms[0];
  if (!first) throw new CoreError('shape', 'hstack', 'needs at least one matrix');
  alive('hstack', ...ms);
  for (const m of ms) if (m.rows !== first.rows) throw new CoreError('shape', 'hstack', `row counts differ: ${ms.map(fmt).join(', ')}`);
  const cols = ms.reduce((s, m) => s + m.cols, 0);
  const out = empty(first.core, first.rows, cols);
  const f = first.core.f64, dst = out.ptr >>> 3;
  let c0 = 0;
  for (const m of ms) {
    const src = m.ptr >>> 3;
    for (let i = 0; i < m.rows; i++) f.copyWithin(dst + i * cols + c0, src + i * m.cols, src + (i + 1) * m.cols);
    c0 += m.cols;
  }
  return out;
}

/** [a; b; …]: matrices with the same column count stacked. */
export function vstack(...ms: Matrix[]): Matrix {
  const first = ms[0];
  if (!first) throw new CoreError('shape', 'vstack', 'needs at least one matrix');
  alive('vstack', ...ms);
  for (const m of ms) if (m.cols !== first.cols) throw new CoreError('shape', 'vstack', `column counts differ: ${ms.map(fmt).join(', ')}`);
  const out = empty(first.core, ms.reduce((s, m) => s + m.rows, 0), first.cols);
  const f = first.core.f64;
  let at = out.ptr >>> 3;
  for (const m of ms) {
    f.copyWithin(at, m.ptr >>> 3, (m.ptr >>> 3) + m.length);
    at += m.length;
  }
  return out;
}

/** The rows listed in `idx`, in that order. */
export function selectRows(a: Matrix, idx: readonly number[]): Matrix {
  alive('selectRows', a);
  const out = empty(a.core, idx.length, a.cols);
  const f = a.core.f64, src = a.ptr >>> 3, dst = out.ptr >>> 3;
  idx.forEach((r, k) => {
    if (!Number.isInteger(r) || r < 0 || r >= a.rows) throw new CoreError('shape', 'selectRows', `row ${r} is outside ${fmt(a)}`);
    f.copyWithin(dst + k * a.cols, src + r * a.cols, src + (r + 1) * a.cols);
  });
  return out;
}

/** Each row minus row `r` of the same matrix, with row r itself left out: G ↦ G₀ for pivot r. */
export function rowDifferences(a: Matrix, r: number): Matrix {
  alive('rowDifferences', a);
  if (!Number.isInteger(r) || r < 0 || r >= a.rows) throw new CoreError('arg', 'rowDifferences', `pivot ${r} is not a row of ${fmt(a)}`);
  const out = empty(a.core, a.rows - 1, a.cols);
  const f = a.core.f64, src = a.ptr >>> 3, dst = out.ptr >>> 3, piv = src + r * a.cols;
  let k = 0;
  for (let i = 0; i < a.rows; i++) {
    if (i === r) continue;
    for (let j = 0; j < a.cols; j++) f[dst + k * a.cols + j] = (f[src + i * a.cols + j] as number) - (f[piv + j] as number);
    k++;
  }
  return out;
}

/** Insert a zero row at position r: the inverse of leaving the pivot out. */
export function insertZeroRow(a: Matrix, r: number): Matrix {
  alive('insertZeroRow', a);
  if (!Number.isInteger(r) || r < 0 || r > a.rows) throw new CoreError('arg', 'insertZeroRow', `position ${r} is outside 0..${a.rows}`);
  const out = empty(a.core, a.rows + 1, a.cols);
  const f = a.core.f64, src = a.ptr >>> 3, dst = out.ptr >>> 3;
  f.copyWithin(dst, src, src + r * a.cols);
  f.fill(0, dst + r * a.cols, dst + (r + 1) * a.cols);
  f.copyWithin(dst + (r + 1) * a.cols, src + r * a.cols, src + a.length);
  return out;
}

/** Column j multiplied by s[j]. */
export function scaleColumns(a: Matrix, s: ArrayLike<number>): Matrix {
  alive('scaleColumns', a);
  if (s.length !== a.cols) throw new CoreError('shape', 'scaleColumns', `${s.length} scales for ${fmt(a)}`);
  const out = empty(a.core, a.rows, a.cols);
  const f = a.core.f64, src = a.ptr >>> 3, dst = out.ptr >>> 3;
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) f[dst + i * a.cols + j] = (f[src + i * a.cols + j] as number) * (s[j] as number);
  return out;
}

/** Largest |a_ij|. */
export function maxAbs(a: Matrix): number {
  const d = a.data;
  let m = 0;
  // An indexed loop: iterating a typed array with for…of is ten times slower on 8M entries.
  for (let i = 0; i < d.length; i++) {
    const v = Math.abs(d[i] as number);
    if (!(v <= m)) m = v;
  }
  return m;
}

/** Largest Euclidean norm of a row. */
export function maxRowNorm(a: Matrix): number {
  const d = a.data, c = a.cols;
  let m = 0;
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let j = 0; j < c; j++) s += (d[i * c + j] as number) ** 2;
    m = Math.max(m, s);
  }
  return Math.sqrt(m);
}

/** The Euclidean norm of every row, accumulated in order (the floors of tolerance.ts use them). */
export function rowNorms(a: Matrix): Float64Array {
  const d = a.data, c = a.cols, out = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let j = 0; j < c; j++) s += (d[i * c + j] as number) ** 2;
    out[i] = Math.sqrt(s);
  }
  return out;
}

/** Whether every entry is finite; otherwise the first offending position. */
export function firstNonFinite(a: Matrix): { row: number; col: number; value: number } | null {
  const d = a.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    if (!Number.isFinite(v)) return { row: Math.floor(i / a.cols), col: i % a.cols, value: v };
  }
  return null;
}

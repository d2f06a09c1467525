// Host-side dense matrices: plain row-major Float64Arrays, for data that must outlive a Wasm scope
// (generated instances, counterexamples, model files). Exact-mode generators compute with these in plain
// JavaScript so that every integer product is exact; float-mode and engine work happens in Wasm.

export interface DenseMatrix {
  rows: number;
  cols: number;
  /** Row-major entries, length rows · cols. */
  data: Float64Array;
}

export function dense(rows: number, cols: number, data?: ArrayLike<number>): DenseMatrix {
  const d = new Float64Array(rows * cols);
  if (data) d.set(Array.from(data).slice(0, rows * cols));
  return { rows, cols, data: d };
}

export function denseIdentity(n: number): DenseMatrix {
  const m = dense(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function denseToRows(m: DenseMatrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

export function denseFromRows(rows: readonly (readonly number[])[]): DenseMatrix {
  const r = rows.length, c = rows[0]?.length ?? 0;
  const m = dense(r, c);
  rows.forEach((row, i) => row.forEach((v, j) => (m.data[i * c + j] = v)));
  return m;
}

/** A·B in plain JavaScript (exact whenever all partial sums are integers below 2^53). */
export function denseMul(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  if (a.cols !== b.rows) throw new Error(`denseMul: ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
  const out = dense(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const x = a.data[i * a.cols + k] as number;
      if (x === 0) continue;
      for (let j = 0; j < b.cols; j++) out.data[i * b.cols + j] = (out.data[i * b.cols + j] as number) + x * (b.data[k * b.cols + j] as number);
    }
  }
  return out;
}

export function denseTranspose(a: DenseMatrix): DenseMatrix {
  const out = dense(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out.data[j * a.rows + i] = a.data[i * a.cols + j] as number;
  return out;
}

/** [a | b | …] */
export function denseHstack(...ms: DenseMatrix[]): DenseMatrix {
  const rows = ms[0]?.rows ?? 0;
  const cols = ms.reduce((s, m) => s + m.cols, 0);
  const out = dense(rows, cols);
  let c0 = 0;
  for (const m of ms) {
    if (m.rows !== rows) throw new Error('denseHstack: row counts differ');
    for (let i = 0; i < rows; i++) for (let j = 0; j < m.cols; j++) out.data[i * cols + c0 + j] = m.data[i * m.cols + j] as number;
    c0 += m.cols;
  }
  return out;
}

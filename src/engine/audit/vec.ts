// Small dense helpers on row-major Float64Arrays for the audit: every quantity it needs is a product of a
// factor (n × d or V × d) with a handful of d-vectors, so plain loops suffice and no n × V array exists.
import type { DenseMatrix } from '../../dense.js';

export type Vec = Float64Array;

export function row(m: DenseMatrix, i: number): Vec {
  return m.data.slice(i * m.cols, (i + 1) * m.cols);
}

export function sub(a: Vec, b: Vec): Vec {
  return a.map((x, i) => x - (b[i] as number));
}

export function dotv(a: Vec, b: Vec): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function norm(a: Vec): number {
  return Math.sqrt(dotv(a, a));
}

/** aᵀb / (‖a‖‖b‖); NaN when either is zero. */
export function cosine(a: Vec, b: Vec): number {
  const na = norm(a), nb = norm(b);
  return na === 0 || nb === 0 ? NaN : dotv(a, b) / (na * nb);
}

/** Pearson correlation (mean removed); NaN when either is constant. */
export function pearson(a: Vec, b: Vec): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += (a[i] as number) / n;
    mb += (b[i] as number) / n;
  }
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = (a[i] as number) - ma, y = (b[i] as number) - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

/** M v for a dense M (rows × cols) and a vector of length cols: one entry per row of M. */
export function matVec(m: DenseMatrix, v: Vec): Vec {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    const o = i * m.cols;
    for (let k = 0; k < m.cols; k++) s += (m.data[o + k] as number) * (v[k] as number);
    out[i] = s;
  }
  return out;
}

/** Mᵀ v. */
export function matTVec(m: DenseMatrix, v: Vec): Vec {
  const out = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) {
    const vi = v[i] as number, o = i * m.cols;
    if (vi === 0) continue;
    for (let k = 0; k < m.cols; k++) out[k] = (out[k] as number) + (m.data[o + k] as number) * vi;
  }
  return out;
}

/** Σ_k |a_k| |b_k| summed entry-wise: the size rounding errors of aᵀb scale with. */
export function absDot(a: Vec, b: Vec): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] as number) * Math.abs(b[i] as number);
  return s;
}

export function maxAbsDiff(a: Vec, b: Vec): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

export function maxAbs(a: Vec): number {
  let m = 0;
  for (const x of a) m = Math.max(m, Math.abs(x));
  return m;
}

export function scaledVec(a: Vec, s: number): Vec {
  return a.map((x) => x * s);
}

export function addScaledVec(a: Vec, b: Vec, s: number): Vec {
  return a.map((x, i) => x + s * (b[i] as number));
}

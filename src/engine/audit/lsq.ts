// Least-squares residuals for the relational and probing audits, in plain JavaScript on small matrices
// (|S| × (d + 1)): modified Gram–Schmidt with re-orthogonalisation; a column whose remainder falls below
// `rtol` times the largest column norm is dependent on the earlier ones and dropped (so the basis spans the
// column space at that tolerance, relative to the scale of the whole regressor: a column that is rounding
// noise of a zero column must not count). Returns the orthonormal basis and the conditioning proxy of the kept columns.
import { norm, type Vec } from './vec.js';

/** v ← v − Σ_q (vᵀq) q over an orthonormal list, twice (in place, no allocation: this is the hot loop). */
function orthogonaliseInPlace(v: Vec, Q: Vec[]): void {
  const n = v.length;
  for (let pass = 0; pass < 2; pass++) {
    for (const q of Q) {
      let c = 0;
      for (let i = 0; i < n; i++) c += (v[i] as number) * (q[i] as number);
      for (let i = 0; i < n; i++) v[i] = (v[i] as number) - c * (q[i] as number);
    }
  }
}

export interface ColumnBasis {
  Q: Vec[];
  /** Largest column norm over the smallest remainder kept: a proxy for the condition number of the kept part. */
  cond: number;
}

export function columnBasis(columns: Vec[], rtol: number): ColumnBasis {
  const Q: Vec[] = [];
  let worst = 1;
  const scale = Math.max(0, ...columns.map(norm));
  for (const c of columns) {
    const n0 = norm(c);
    if (n0 <= rtol * scale) continue;
    const v = c.slice();
    orthogonaliseInPlace(v, Q);
    const n1 = norm(v);
    if (n1 <= rtol * scale) continue;
    worst = Math.max(worst, scale / n1);
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / n1;
    Q.push(v);
  }
  return { Q, cond: worst };
}

/** y − Q Qᵀ y */
export function residual(Q: Vec[], y: Vec): Vec {
  const r = y.slice();
  orthogonaliseInPlace(r, Q);
  return r;
}

/** Columns of a row-major block of rows (a list of d-vectors) as |rows|-vectors. */
export function columnsOf(rows: Vec[]): Vec[] {
  const d = rows[0]?.length ?? 0;
  return Array.from({ length: d }, (_, j) => Float64Array.from(rows, (r) => r[j] as number));
}

export function ones(n: number): Vec {
  return new Float64Array(n).fill(1);
}

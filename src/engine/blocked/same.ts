// Two model files that hold the same stored numbers (the same file twice, or a copy): every relation holds
// with M = I and the log-odds agree exactly, whatever the conditioning — the blocked counterpart of
// cli/compare.ts sameBits. Checked by streaming both files in row blocks (reading only, no products), so
// it costs a read of each file and settles the comparison without the gap pass or the maps.
import { openSpec } from '../../io/stream/open.js';
import type { ModelSource, SourceSpec } from '../../io/stream/source.js';

/** Rows per read: about 8 MiB of f64 per side. */
const READ_DOUBLES = 2 ** 20;

function sameRows(a: ModelSource, b: ModelSource, rows: number, read: (s: ModelSource, r0: number, r1: number, out: Float64Array) => void): boolean {
  const per = Math.max(1, Math.floor(READ_DOUBLES / Math.max(1, a.d)));
  const x = new Float64Array(per * a.d), y = new Float64Array(per * a.d);
  for (let r0 = 0; r0 < rows; r0 += per) {
    const r1 = Math.min(rows, r0 + per);
    read(a, r0, r1, x);
    read(b, r0, r1, y);
    // Object.is: −0 and +0 are different stored numbers (as in sameBits), though they give the same logits.
    for (let i = 0; i < (r1 - r0) * a.d; i++) if (!Object.is(x[i], y[i])) return false;
  }
  return true;
}

/** Whether two files hold the same numbers: dtypes, shapes, pivot and every value of F and G. */
export function sameStoredNumbers(a: SourceSpec, b: SourceSpec): boolean {
  const sa = openSpec(a);
  try {
    const sb = openSpec(b);
    try {
      if (sa.dtypeF !== sb.dtypeF || sa.dtypeG !== sb.dtypeG || sa.n !== sb.n || sa.V !== sb.V || sa.d !== sb.d || sa.pivot !== sb.pivot) return false;
      return sameRows(sa, sb, sa.n, (s, r0, r1, out) => s.readF(r0, r1, out)) && sameRows(sa, sb, sa.V, (s, r0, r1, out) => s.readG(r0, r1, out));
    } finally {
      sb.close();
    }
  } finally {
    sa.close();
  }
}

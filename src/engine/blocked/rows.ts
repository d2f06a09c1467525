// Rows of a model's factor X as the blocked passes see it: F (n × d), or G₀ ((V − 1) × d, rows
// g_y − g_pivot for y ≠ pivot in token order, formed per block in f64).
import type { ModelSource } from '../../io/stream/source.js';

export type Factor = 'F' | 'G0';

export class FactorRows {
  readonly count: number;
  readonly d: number;
  private readonly gPivot: Float64Array;

  constructor(private readonly src: ModelSource, readonly which: Factor) {
    this.d = src.d;
    this.count = which === 'F' ? src.n : src.V - 1;
    this.gPivot = new Float64Array(src.d);
    if (which === 'G0') src.readG(src.pivot, src.pivot + 1, this.gPivot);
  }

  /** Token of G₀'s row i (the pivot is skipped); for F, the context. */
  sourceRow(i: number): number {
    return this.which === 'G0' && i >= this.src.pivot ? i + 1 : i;
  }

  /** Rows [i0, i1) into out ((i1 − i0) × d, row-major). */
  read(i0: number, i1: number, out: Float64Array): void {
    const d = this.d;
    if (i1 <= i0) return;
    if (this.which === 'F') {
      this.src.readF(i0, i1, out);
      return;
    }
    const pivot = this.src.pivot;
    const r0 = this.sourceRow(i0), r1 = this.sourceRow(i1 - 1) + 1;
    if (r1 - r0 === i1 - i0) this.src.readG(r0, r1, out);
    else {
      const before = pivot - r0;
      this.src.readG(r0, pivot, out.subarray(0, before * d));
      this.src.readG(pivot + 1, r1, out.subarray(before * d, (i1 - i0) * d));
    }
    const gp = this.gPivot;
    for (let i = 0; i < i1 - i0; i++) {
      const o = i * d;
      for (let j = 0; j < d; j++) out[o + j] = (out[o + j] as number) - (gp[j] as number);
    }
  }
}

/** What the TSQR reads: rows [i0, i1) of a tall matrix with `d` columns, row-major. */
export interface RowReader {
  readonly count: number;
  readonly d: number;
  read(i0: number, i1: number, out: Float64Array): void;
}

/**
 * Rows of [X_A | X_B] (X = F or G₀ of two models on the same contexts, vocabulary and pivot): the R
 * factor of this gives both models' factors in one orthonormal row basis, so residuals between them
 * (‖G₀ − G̃₀ M⁻¹‖ and the like) are residuals between small column blocks of R.
 *
 * With `ones`: rows of [1 | X_A | X_B], and for G₀ all V rows (the pivot's is [1 | 0 | 0]). The QR's first
 * column is then 1/√V (or 1/√n), so R[1:, 1:] is the R factor of the column-centred [X_A | X_B]: for G₀ that
 * is [G_c | G̃_c] (G₀ + 1(g_p − ḡ)ᵀ = G_c), for F the centred F: what the approximate comparison needs,
 * from the same pass (blocked/approximate.ts).
 */
export class JointRows implements RowReader {
  readonly count: number;
  readonly d: number;
  private readonly a: FactorRows;
  private readonly b: FactorRows;
  private readonly lead: number;
  private readonly pivot: number;
  private bufA = new Float64Array(0);
  private bufB = new Float64Array(0);

  constructor(a: ModelSource, b: ModelSource, which: Factor, ones = false) {
    this.a = new FactorRows(a, which);
    this.b = new FactorRows(b, which);
    this.lead = ones ? 1 : 0;
    // With the ones column, G₀ keeps the pivot's (zero) row: the mean is over all V tokens.
    this.pivot = ones && which === 'G0' ? a.pivot : -1;
    this.count = this.a.count + (this.pivot >= 0 ? 1 : 0);
    this.d = this.lead + this.a.d + this.b.d;
  }

  read(i0: number, i1: number, out: Float64Array): void {
    const m = i1 - i0, dA = this.a.d, dB = this.b.d, d = this.d, lead = this.lead, p = this.pivot;
    if (m <= 0) return;
    if (this.bufA.length < m * dA) this.bufA = new Float64Array(m * dA);
    if (this.bufB.length < m * dB) this.bufB = new Float64Array(m * dB);
    // Source rows of G₀ in [i0, i1) skip the pivot's place; its row is zero.
    const has = p >= i0 && p < i1;
    const s0 = p >= 0 && i0 > p ? i0 - 1 : i0, s1 = p >= 0 && i1 > p ? i1 - 1 : i1;
    this.a.read(s0, s1, this.bufA.subarray(0, (s1 - s0) * dA));
    this.b.read(s0, s1, this.bufB.subarray(0, (s1 - s0) * dB));
    for (let i = 0, src = 0; i < m; i++) {
      const o = i * d;
      if (lead) out[o] = 1;
      if (has && i0 + i === p) {
        out.fill(0, o + lead, o + d);
        continue;
      }
      out.set(this.bufA.subarray(src * dA, (src + 1) * dA), o + lead);
      out.set(this.bufB.subarray(src * dB, (src + 1) * dB), o + lead + dA);
      src++;
    }
  }
}

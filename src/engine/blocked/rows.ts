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
 */
export class JointRows implements RowReader {
  readonly count: number;
  readonly d: number;
  private readonly a: FactorRows;
  private readonly b: FactorRows;
  private bufA = new Float64Array(0);
  private bufB = new Float64Array(0);

  constructor(a: ModelSource, b: ModelSource, which: Factor) {
    this.a = new FactorRows(a, which);
    this.b = new FactorRows(b, which);
    this.count = this.a.count;
    this.d = this.a.d + this.b.d;
  }

  read(i0: number, i1: number, out: Float64Array): void {
    const m = i1 - i0, dA = this.a.d, dB = this.b.d, d = this.d;
    if (m <= 0) return;
    if (this.bufA.length < m * dA) this.bufA = new Float64Array(m * dA);
    if (this.bufB.length < m * dB) this.bufB = new Float64Array(m * dB);
    this.a.read(i0, i1, this.bufA.subarray(0, m * dA));
    this.b.read(i0, i1, this.bufB.subarray(0, m * dB));
    for (let i = 0; i < m; i++) {
      out.set(this.bufA.subarray(i * dA, (i + 1) * dA), i * d);
      out.set(this.bufB.subarray(i * dB, (i + 1) * dB), i * d + dA);
    }
  }
}

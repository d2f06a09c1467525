// The numbers of approximate.ts against a plain-JS reference on small models: the logit distance of the
// centred logits and the mean KL divergence in each direction (they differ for these models, so a KL
// computed the wrong way round, or logits not centred, is caught). Kills mutants A02 and A05.
import { describe, it, expect } from 'vitest';
import { loadCore } from '../../src/wasm/loader.js';
import { fromArray } from '../../src/matrix/create.js';
import { approximateComparison } from '../../src/engine/approximate.js';

const core = loadCore();

function logSoftmax(z: number[]): number[] {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
  return z.map((v) => v - lse);
}

/** Logits of context i: f_i · g_y for every token y. */
function logits(F: number[], G: number[], n: number, V: number, d: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: V }, (_, y) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += (F[i * d + k] as number) * (G[y * d + k] as number);
    return s;
  }));
}

function meanKl(za: number[][], zb: number[][]): number {
  let total = 0;
  za.forEach((row, i) => {
    const lp = logSoftmax(row), lq = logSoftmax(zb[i] as number[]);
    total += lp.reduce((s, v, y) => s + Math.exp(v) * (v - (lq[y] as number)), 0);
  });
  return total / za.length;
}

describe('approximate comparison against a reference', () => {
  it('d_logit of centred logits and KL in both directions', () => {
    const n = 3, V = 4, d = 2;
    const Fa = [1, 0.5, -0.3, 2, 0.7, -1.1], Ga = [0.2, 1, -0.4, 0.3, 1.5, -0.6, 0, 0.9];
    // A different model: a peaked distribution against a flat one makes KL(P‖P̃) ≠ KL(P̃‖P).
    const Fb = [3, 0.1, -0.2, 0.4, 2.5, -2], Gb = [0.9, 0.1, -0.1, 1.3, 0.6, -0.2, 1.1, 0.4];
    const r = core.scope(() => {
      const m = (F: number[], G: number[]) => ({ F: fromArray(core, n, d, F), G: fromArray(core, V, d, G), Q: fromArray(core, d, d, [1, 0, 0, 1]) });
      return approximateComparison(m(Fa, Ga), m(Fb, Gb));
    });
    const za = logits(Fa, Ga, n, V, d), zb = logits(Fb, Gb, n, V, d);
    // Centred: each row minus its mean over tokens (G minus its column mean gives exactly that).
    const centre = (z: number[][]) => z.map((row) => { const m = row.reduce((s, v) => s + v, 0) / row.length; return row.map((v) => v - m); });
    const ca = centre(za), cb = centre(zb);
    let ss = 0;
    ca.forEach((row, i) => row.forEach((v, y) => { ss += (v - (cb[i]![y] as number)) ** 2; }));
    expect(r.logitGap).toBeCloseTo(Math.sqrt(ss), 12);
    expect(r.dLogit).toBeCloseTo(Math.sqrt(ss) / Math.sqrt(n * V), 12);
    const ab = meanKl(za, zb), ba = meanKl(zb, za);
    expect(Math.abs(ab - ba)).toBeGreaterThan(0.05);
    expect(r.klMean.ab).toBeCloseTo(ab, 12);
    expect(r.klMean.ba).toBeCloseTo(ba, 12);
  });
});

/** n × k with orthonormal columns, orthogonal to the ones vector when `centred` (Gram–Schmidt, twice). */
function orthonormal(n: number, k: number, seed: number, centred: boolean): number[][] {
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const basis: number[][] = centred ? [new Array(n).fill(1 / Math.sqrt(n))] : [];
  const cols: number[][] = [];
  while (cols.length < k) {
    let v = Array.from({ length: n }, next);
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        const c = v.reduce((t, x, i) => t + x * (b[i] as number), 0);
        v = v.map((x, i) => x - c * (b[i] as number));
      }
    }
    const norm = Math.sqrt(v.reduce((t, x) => t + x * x, 0));
    v = v.map((x) => x / norm);
    basis.push(v);
    cols.push(v);
  }
  return cols;
}

describe('C17 bound at equality', () => {
  it('dropping F\'s component along the weakest direction of G_c meets the bound exactly: it holds, with the rounding of the gap counted', () => {
    // F = Q diag(c) and G_c = U diag(1, …, 1, s) with orthonormal columns: removing F's last column changes the
    // centred logits by c_d s (u_d)(w_d)ᵀ, and the residual of F on the rest is c_d, so ‖F − F̃ T̂ᵀ‖ equals
    // ‖Z_c − Z̃_c‖ / σ_d(G_c) in exact arithmetic. The computed gap is off by rounding of the ~1-sized logits,
    // ~1e-16 against a gap of 1e-10: a relative 1e-6, beyond the bound's 1e-8 margin unless the gap's own
    // rounding floor is added. Over many draws some gaps round down: all must still hold.
    const n = 6, V = 7, d = 3, s = 1e-10;
    let held = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const Q = orthonormal(n, d, seed, false), U = orthonormal(V, d, seed + 1000, true);
      const c = [1.3, 0.8, 1], g = [1.1, 0.9, s];
      const F = Array.from({ length: n * d }, (_, k) => (Q[k % d]![Math.floor(k / d)] as number) * (c[k % d] as number));
      const G = Array.from({ length: V * d }, (_, k) => (U[k % d]![Math.floor(k / d)] as number) * (g[k % d] as number));
      const Ft = F.map((x, k) => (k % d === d - 1 ? 0 : x));
      const r = core.scope(() => {
        const I = fromArray(core, d, d, [1, 0, 0, 0, 1, 0, 0, 0, 1]);
        return approximateComparison({ F: fromArray(core, n, d, F), G: fromArray(core, V, d, G), Q: I }, { F: fromArray(core, n, d, Ft), G: fromArray(core, V, d, G), Q: I });
      });
      expect(r.embeddings.bound).not.toBeNull();
      expect(r.embeddings.residual / r.embeddings.bound!).toBeCloseTo(1, 4);
      if (r.embeddings.holds) held++;
    }
    expect(held).toBe(24);
  });
});

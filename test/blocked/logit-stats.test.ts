// The per-context logit statistics of the gap pass (src/engine/blocked/logit-stats.ts) on logits whose
// answers are known exactly: a large per-context shift between the models with a small spread, where the
// textbook Σδ² − (Σδ)²/V loses every digit and the pairwise (Chan) combination must not; shift invariance
// of KL; and independence of the block partition beyond rounding.
import { describe, it, expect } from 'vitest';
import { blockStats, combineStats, fusedGapFloor } from '../../src/engine/blocked/logit-stats.js';
import { gamma } from '../../src/engine/tolerance.js';

/** Cut n × V row-major logits into token blocks of b and combine them in order. */
function statsOf(LA: Float64Array, LB: Float64Array, n: number, V: number, b: number) {
  const parts = [];
  for (let t0 = 0; t0 < V; t0 += b) {
    const bb = Math.min(V, t0 + b) - t0;
    const cut = (L: Float64Array) => {
      const out = new Float64Array(n * bb);
      for (let x = 0; x < n; x++) out.set(L.subarray(x * V + t0, x * V + t0 + bb), x * bb);
      return out;
    };
    parts.push(blockStats(cut(LA), cut(LB), n, bb, 0, 0));
  }
  return combineStats(n, parts);
}

describe('logit statistics by blocks', () => {
  const n = 3, V = 1000;
  it('‖Z_c − Z̃_c‖ under a shift of 1e9 per context: the spread survives (Σδ² − (Σδ)²/V would give noise of 1e4)', () => {
    // δ_xy = c_x + (±1 alternating): the centred differences are ±1, so ‖Z_c − Z̃_c‖² = nV exactly.
    const LA = new Float64Array(n * V), LB = new Float64Array(n * V);
    for (let x = 0; x < n; x++) for (let y = 0; y < V; y++) {
      LB[x * V + y] = -0.5 * y;
      LA[x * V + y] = (x + 1) * 1e9 + (y % 2 === 0 ? 1 : -1) - 0.5 * y;
    }
    for (const b of [7, 64, V]) {
      const s = statsOf(LA, LB, n, V, b);
      // logit-stats.ts: the centring errs by ≤ 2 γ_{b+B} ‖δ‖_F (δ uncentred, here ≈ 3.7e9 √V).
      let d2 = 0;
      for (let i = 0; i < n * V; i++) d2 += (LA[i]! - LB[i]!) ** 2;
      const tol = 2 * gamma(b + Math.ceil(V / b)) * Math.sqrt(d2);
      expect(Math.abs(s.logitGap - Math.sqrt(n * V)), `blocks of ${b}`).toBeLessThanOrEqual(tol);
      expect(tol).toBeLessThan(0.01 * Math.sqrt(n * V));
    }
  });

  it('KL and ‖Z_c − Z̃_c‖ are 0 (to rounding) when the models differ by a shift per context', () => {
    const LA = new Float64Array(n * V), LB = new Float64Array(n * V);
    for (let x = 0; x < n; x++) for (let y = 0; y < V; y++) {
      const z = Math.sin(x * 7 + y) * 30;
      LA[x * V + y] = z;
      LB[x * V + y] = z - 250 * (x + 1);
    }
    const s = statsOf(LA, LB, n, V, 33);
    // Terms of size ≤ |δ| + 2 max|l| + log V = 750 + 60 + 7 summed over V + B: γ_{V+B} relative.
    const tol = 2 * gamma(V + 40) * (750 + 2 * 280 + Math.log(V));
    expect(Math.abs(s.klMean.ab)).toBeLessThanOrEqual(tol);
    expect(Math.abs(s.klMean.ba)).toBeLessThanOrEqual(tol);
    // The shifted logits were rounded once (u |l̃| each), which the centred norm sees as spread.
    expect(s.logitGap).toBeLessThanOrEqual(gamma(2) * (30 + 780) * Math.sqrt(n * V));
  });

  it('KL against a direct log-softmax: two logits that differ at one token', () => {
    const LA = new Float64Array(n * V), LB = new Float64Array(n * V);
    for (let x = 0; x < n; x++) for (let y = 0; y < V; y++) LA[x * V + y] = LB[x * V + y] = Math.cos(x + 3 * y);
    for (let x = 0; x < n; x++) LA[x * V + 5] = (LA[x * V + 5] as number) + 2;
    let klab = 0, klba = 0;
    for (let x = 0; x < n; x++) {
      const row = (L: Float64Array) => L.subarray(x * V, (x + 1) * V);
      const lse = (r: Float64Array) => { const m = Math.max(...r); return m + Math.log(r.reduce((s, v) => s + Math.exp(v - m), 0)); };
      const a = row(LA), b = row(LB), la = lse(a), lb = lse(b);
      for (let y = 0; y < V; y++) {
        klab += Math.exp(a[y]! - la) * ((a[y]! - la) - (b[y]! - lb));
        klba += Math.exp(b[y]! - lb) * ((b[y]! - lb) - (a[y]! - la));
      }
    }
    const s = statsOf(LA, LB, n, V, 64);
    expect(Math.abs(s.klMean.ab - klab / n)).toBeLessThanOrEqual(8 * gamma(V) * 4);
    expect(Math.abs(s.klMean.ba - klba / n)).toBeLessThanOrEqual(8 * gamma(V) * 4);
    expect(s.klMean.ab).toBeGreaterThan(1e-4);
  });

  it('the floor grows with the block terms it derives from', () => {
    const s = { logitGap: 0, klMean: { ab: 0, ba: 0 }, g0Norm: { a: 2, b: 3 }, blockTokens: 256, blocks: 197 };
    expect(fusedGapFloor(768, 768, s, { a: 5, b: 7 })).toBeCloseTo(4 * (768 + 768 + 2 + 256 + 197) * 2 ** -52 * (10 + 21), 25);
  });
});

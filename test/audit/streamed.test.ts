// The pieces of the real-size audit model (audit/streamed.ts): K from the R factor of G₀ and the column
// means against the directly centred Gram, and the collecting run's bookkeeping of products with G.
import { describe, it, expect } from 'vitest';
import { centredGram } from '../../src/engine/audit/covariance.js';
import { GProducts, gramFromFactor } from '../../src/engine/audit/streamed.js';
import { testModel } from './models.js';
import { loadCore } from '../../src/wasm/loader.js';
import { fromArray } from '../../src/matrix/create.js';
import { qr } from '../../src/matrix/decompose.js';

const EPS = 2 ** -52;

/** R of G₀ (rows g_y − g_pivot, y ≠ pivot) by the core's QR, and the column means of G summed as readBase does. */
function factorInputs(G: { rows: number; cols: number; data: Float64Array }, pivot: number) {
  const { rows: V, cols: d, data } = G;
  const g0 = new Float64Array((V - 1) * d);
  let i = 0;
  for (let y = 0; y < V; y++) {
    if (y === pivot) continue;
    for (let k = 0; k < d; k++) g0[i * d + k] = (data[y * d + k] as number) - (data[pivot * d + k] as number);
    i++;
  }
  const core = loadCore();
  const R = core.scope(() => qr(fromArray(core, V - 1, d, g0)).R.toFloat64Array());
  const mean = new Float64Array(d);
  for (let y = 0; y < V; y++) for (let k = 0; k < d; k++) mean[k] = (mean[k] as number) + (data[y * d + k] as number) / V;
  let g0Fro2 = 0;
  for (const v of g0) g0Fro2 += v * v;
  return { R: { k: R.length / d, d, R }, mean, gPivot: data.slice(pivot * d, (pivot + 1) * d), g0Fro2 };
}

describe('K from the R factor of G₀', () => {
  it('agrees with the centred Gram within (2 c_QR + d + V) ε ‖G₀‖_F²; without the mean term it does not', () => {
    for (const pivot of [0, 7]) {
      const m = testModel('diverse', 10, 60, 6, 5 + pivot);
      // A pivot row far outside the cloud: the cancellation the bound's ‖G₀‖_F² accounts for.
      if (pivot === 7) for (let k = 0; k < 6; k++) m.G.data[7 * 6 + k] = (m.G.data[7 * 6 + k] as number) + 40;
      const direct = centredGram(m.G);
      const f = factorInputs(m.G, pivot);
      const { K } = gramFromFactor(f.R, f.mean, f.gPivot, 60);
      let diff = 0;
      for (let i = 0; i < K.data.length; i++) diff = Math.max(diff, Math.abs((K.data[i] as number) - (direct.data[i] as number)));
      // c_QR ≤ 10 d for Householder on these sizes; the means' sum adds γ_V.
      const bound = (20 * 6 + 6 + 60) * EPS * f.g0Fro2;
      expect(diff).toBeLessThanOrEqual(bound);
      const { K: wrong } = gramFromFactor(f.R, new Float64Array(6).fill(0).map((_, k) => f.gPivot[k] as number), f.gPivot, 60);
      let off = 0;
      for (let i = 0; i < K.data.length; i++) off = Math.max(off, Math.abs((wrong.data[i] as number) - (direct.data[i] as number)));
      expect(off).toBeGreaterThan(1e3 * bound);
    }
  });
});

describe('GProducts', () => {
  it('collects while collecting, serves what was filled, and refuses a product it was not asked for', () => {
    const p = new GProducts(3);
    const w = Float64Array.of(1, 2);
    expect(Array.from(p.times(w))).toEqual([0, 0, 0]);
    p.times(Float64Array.of(1, 2));
    expect(p.pending()).toHaveLength(1);
    p.fill(p.pending(), [Float64Array.of(4, 5, 6)]);
    p.collecting = false;
    expect(Array.from(p.times(Float64Array.of(1, 2)))).toEqual([4, 5, 6]);
    expect(() => p.times(Float64Array.of(1, 3))).toThrow(/did not ask for/);
  });
});

// The blocked approximate comparison (src/engine/blocked/approximate.ts) against the dense one
// (src/engine/approximate.ts) on small pairs, in blocks small enough that every pass takes several steps:
// the same numbers within tolerances derived from the rounding of each path (below, per quantity), and
// the same verdicts.
import { describe, it, expect, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { blockedApproximate } from '../../src/engine/blocked/approximate.js';
import { approximateComparison, residualSlack, type ApproximateReport, type ResidualBound } from '../../src/engine/approximate.js';
import { sourceSpec } from '../../src/io/stream/open.js';
import { readModelFile } from '../../src/io/index.js';
import { loadCore } from '../../src/wasm/loader.js';
import { toPredictor } from '../../src/engine/load.js';
import { defaultEngine as engine } from '../../src/engine/index.js';
import type { Analysis } from '../../src/engine/analysis.js';
import { gamma, matrixFloor, U } from '../../src/engine/tolerance.js';
import { svd } from '../../src/matrix/decompose.js';
import { fromArray } from '../../src/matrix/create.js';
import { writePairs, writeModel, rng } from './pairs.js';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main } from '../../src/cli/main.js';

const core = loadCore();
const n = 37, V = 83, d = 5;
const pairs = writePairs(n, V, d, 2, 11, 9);
const next = rng(12);
const readDense = (path: string) => readModelFile(path) as unknown as { F: { rows: number; cols: number; data: Float64Array }; G: { rows: number; cols: number; data: Float64Array }; pivot: number };
const base = readDense(pairs.a);
const jitter = (m: { rows: number; cols: number; data: Float64Array }) => ({ ...m, data: m.data.map((v) => v + 1e-3 * next()) });
const perturbed = writeModel(join(pairs.dir, 'perturbed.safetensors'), jitter(base.F), jitter(base.G), base.pivot);
afterAll(() => rmSync(pairs.dir, { recursive: true, force: true }));

const sides = (x: Analysis) => ({ F: x.p.F, G: x.p.G, Q: x.Q, errors: { alpha: x.errors.alpha, beta: x.errors.beta } });
const reducedOf = (x: Analysis) => ({ Q: { rows: x.Q.rows, cols: x.Q.cols, data: x.Q.toFloat64Array() }, errors: { alpha: x.errors.alpha, beta: x.errors.beta } });

/**
 * Largest row norm of F, of G_c and of G₀ (rows g_y − g_pivot, what the blocked gap pass multiplies), and
 * max |Z_c| and max |L| (L = F G₀ᵀ, pivot-relative) over the model, for the per-entry error bounds.
 */
function scales(path: string) {
  const m = readDense(path);
  const dd = m.F.cols, mean = new Float64Array(dd);
  for (let y = 0; y < V; y++) for (let k = 0; k < dd; k++) mean[k]! += m.G.data[y * dd + k]! / V;
  const gp = m.G.data.subarray(m.pivot * dd, (m.pivot + 1) * dd);
  let f = 0, g = 0, g0 = 0, z = 0, l = 0;
  for (let i = 0; i < n; i++) f = Math.max(f, Math.hypot(...m.F.data.subarray(i * dd, (i + 1) * dd)));
  for (let y = 0; y < V; y++) {
    g = Math.max(g, Math.hypot(...Array.from({ length: dd }, (_, k) => m.G.data[y * dd + k]! - mean[k]!)));
    g0 = Math.max(g0, Math.hypot(...Array.from({ length: dd }, (_, k) => m.G.data[y * dd + k]! - gp[k]!)));
  }
  for (let i = 0; i < n; i++) for (let y = 0; y < V; y++) {
    let s = 0, t = 0;
    for (let k = 0; k < dd; k++) {
      s += m.F.data[i * dd + k]! * (m.G.data[y * dd + k]! - mean[k]!);
      t += m.F.data[i * dd + k]! * (m.G.data[y * dd + k]! - gp[k]!);
    }
    z = Math.max(z, Math.abs(s));
    l = Math.max(l, Math.abs(t));
  }
  return { d: dd, f, g, g0, z, l };
}

const sigmasOf = (X: { rows: number; cols: number; toFloat64Array(): Float64Array }) => Array.from(core.scope(() => svd(fromArray(core, X.rows, X.cols, X.toFloat64Array())).S.toFloat64Array()));

describe('blocked approximate comparison = dense, within the rounding of both', () => {
  for (const other of ['same', 'perturbed', 'wider', 'different'] as const) {
    it(`model a against ${other}`, async () => {
      const path = other === 'perturbed' ? perturbed : pairs[other];
      const A = engine.analyze(toPredictor(core, readModelFile(pairs.a))), B = engine.analyze(toPredictor(core, readModelFile(path)));
      const dense: ApproximateReport = approximateComparison(sides(A), sides(B));
      const blocked = await blockedApproximate(sourceSpec(pairs.a), sourceSpec(path), { blockTokens: 13, stepRows: 17, reduced: { a: reducedOf(A), b: reducedOf(B) } });
      const sa = scales(pairs.a), sb = scales(path);
      // Each logit is a length-d inner product: on the dense path within γ_{d+1} ‖f‖‖g_c‖ of the exact one
      // (the centring adds one rounding, hence d + 1); on the blocked path the logits are L = F G₀ᵀ (the gap
      // pass's, pivot-relative: blocked/logit-stats.ts), within γ_{d+1} ‖f‖‖g_y − g_p‖. The paths differ by at
      // most the sum for both models.
      const e = gamma(sa.d + 1) * sa.f * (sa.g + sa.g0) + gamma(sb.d + 1) * sb.f * (sb.g + sb.g0);
      // ‖Z_c − Z̃_c‖_F: the entries' errors in Frobenius norm (centring is a projection), the centring by blocks
      // (≤ 2 γ_{b+B} ‖L − L̃‖_F, logit-stats.ts) and the sum of nV squares (γ_{nV} relative).
      const centring = 2 * gamma(13 + Math.ceil(V / 13)) * (sa.l + sb.l) * Math.sqrt(n * V);
      expect(Math.abs(blocked.logitGap - dense.logitGap)).toBeLessThanOrEqual(e * Math.sqrt(n * V) + centring + gamma(n * V) * dense.logitGap);
      // Each path's floor bounds its own error, so the two values are within the sum of the floors.
      expect(Math.abs(blocked.logitGap - dense.logitGap)).toBeLessThanOrEqual(blocked.gapFloor + dense.gapFloor + gamma(n * V) * dense.logitGap);
      // The blocked floor is the dense one's with ‖G₀‖ ≥ ‖G_c‖ and the centring's terms: never below it.
      expect(blocked.gapFloor).toBeGreaterThanOrEqual(dense.gapFloor);
      // KL(P‖P̃) per context: ∂KL/∂z has ℓ₁ norm ≤ 2 max|δ| and ∂KL/∂z̃ ≤ 2, so the logits' errors move it by
      // ≤ 2e(1 + max|δ|) on each path; the sums of ≤ V + 2 terms of size ≤ max|δ| + 2 max|z| + log V add γ_{V+2}
      // (on the blocked path with the pivot-relative |l|, and δ = l − l̃ uncentred).
      const maxDelta = Math.max(sa.z + sb.z, sa.l + sb.l), maxZ = Math.max(sa.z, sb.z, sa.l, sb.l);
      const klTol = 4 * e * (1 + maxDelta) + 2 * gamma(V + 2) * (maxDelta + 2 * maxZ + Math.log(V));
      expect(Math.abs(blocked.klMean.ab - dense.klMean.ab)).toBeLessThanOrEqual(klTol);
      expect(Math.abs(blocked.klMean.ba - dense.klMean.ba)).toBeLessThanOrEqual(klTol);

      const Gc = (x: Analysis) => {
        const G = x.p.G.toFloat64Array(), dd = x.p.G.cols, m = new Float64Array(dd);
        for (let y = 0; y < V; y++) for (let k = 0; k < dd; k++) m[k]! += G[y * dd + k]! / V;
        for (let y = 0; y < V; y++) for (let k = 0; k < dd; k++) G[y * dd + k]! -= m[k]!;
        return fromArray(core, V, dd, G);
      };
      const kappa = (s: number[]) => { const kept = s.filter((x) => x > 1e-12 * s[0]!); return kept[0]! / kept[kept.length - 1]!; };
      const norm = (X: { toFloat64Array(): Float64Array }) => Math.hypot(...X.toFloat64Array());
      // scales: the norms the blocked path's rounding of X and Y is relative to (for G_c: ‖G₀‖, since its R
      // comes from the QR of [1 | G₀ | G̃₀]; blocked/approximate.ts).
      const check = (name: string, b: ResidualBound, dn: ResidualBound, X: { rows: number; cols: number; toFloat64Array(): Float64Array }, Y: typeof X, sigmaFloor: number, scales: [number, number] = [0, 0]) => {
        // Each path's residual is within residualSlack of the exact one (engine/approximate.ts), and the QR of
        // the stacked [Y | X] adds a backward error γ_{m(c_X + c_Y)}‖[Y X]‖, which moves the residual by at
        // most that times (1 + ‖T̂‖), ‖T̂‖ ≤ κ(Y) ‖X‖ / ‖Y‖ (Higham Thm 19.4, 20.1).
        const kY = kappa(sigmasOf(Y)), nX = norm(X), nY = norm(Y);
        const sX = Math.max(nX, scales[0]), sY = Math.max(nY, scales[1]), rho = Math.max(sX / nX, sY / nY);
        const tol = 2 * rho * residualSlack(X.rows, X.cols, kY, nX) + 3 * gamma(X.rows * (1 + X.cols + Y.cols)) * (sX + sY) * (1 + kY * nX / nY);
        expect(Math.abs(b.residual - dn.residual), `${name} residual`).toBeLessThanOrEqual(tol);
        expect(b.holds, `${name} holds`).toBe(dn.holds);
        expect(b.bound === null, `${name} has a bound`).toBe(dn.bound === null);
        if (b.bound !== null && dn.bound !== null && dense.logitGap > 0) {
          // bound = gap / σ: relative errors add (first order); σ within the SVD floors of both paths (Weyl).
          const sigma = dense.logitGap / dn.bound;
          const rel = Math.abs(blocked.logitGap - dense.logitGap) / dense.logitGap + 2 * sigmaFloor / sigma;
          expect(Math.abs(b.bound - dn.bound), `${name} bound`).toBeLessThanOrEqual(2 * rel * dn.bound + 1e-300);
        }
      };
      core.scope(() => {
        const GA = Gc(A), GB = Gc(B);
        const floorG = matrixFloor(norm(GA), V, GA.cols, U), floorF = matrixFloor(norm(A.p.F), n, d, U);
        check('embeddings', blocked.embeddings, dense.embeddings, A.p.F, B.p.F, floorG);
        const g0 = (x: Analysis) => {
          const G = x.p.G.toFloat64Array(), dd = x.p.G.cols, p = x.p.pivot;
          let t = 0;
          for (let y = 0; y < V; y++) for (let k = 0; k < dd; k++) t += (G[y * dd + k]! - G[p * dd + k]!) ** 2;
          return Math.sqrt(t);
        };
        check('unembeddings', blocked.unembeddings, dense.unembeddings, GA, GB, floorF, [g0(A), g0(B)]);
        expect(blocked.reducedEmbeddings.holds).toBe(dense.reducedEmbeddings.holds);
        expect(blocked.reducedUnembeddings.holds).toBe(dense.reducedUnembeddings.holds);
        const alpha = (x: Analysis, G?: ReturnType<typeof fromArray>) => {
          const X = G ?? x.p.F;
          return fromArray(core, X.rows, x.Q.cols, (() => {
            const out = new Float64Array(X.rows * x.Q.cols), xs = X.toFloat64Array(), q = x.Q.toFloat64Array();
            for (let i = 0; i < X.rows; i++) for (let j = 0; j < x.Q.cols; j++) for (let k = 0; k < X.cols; k++) out[i * x.Q.cols + j]! += xs[i * X.cols + k]! * q[k * x.Q.cols + j]!;
            return out;
          })());
        };
        if (A.r > 0 && B.r > 0) {
          check('reduced embeddings', blocked.reducedEmbeddings, dense.reducedEmbeddings, alpha(A), alpha(B), floorG);
          check('reduced unembeddings', blocked.reducedUnembeddings, dense.reducedUnembeddings, alpha(A, GA), alpha(B, GB), floorF, [g0(A), g0(B)]);
          // Canonical correlations are cosines of principal angles: a backward error ε‖X‖ of either basis moves
          // them by at most ε κ(X) (Wedin), ε the QR's and the SVD's γ_{n·r}.
          const tolCca = 4 * gamma(n * (A.r + B.r)) * (kappa(sigmasOf(alpha(A))) + kappa(sigmasOf(alpha(B))));
          expect(blocked.cca.correlations.length).toBe(dense.cca.correlations.length);
          blocked.cca.correlations.forEach((c, i) => expect(Math.abs(c - dense.cca.correlations[i]!)).toBeLessThanOrEqual(tolCca));
        }
      });
    });
  }

  it('without the reduced models, their part says it is not computed, and the rest is unchanged', async () => {
    const withQ = engine.analyze(toPredictor(core, readModelFile(pairs.a)));
    const full = await blockedApproximate(sourceSpec(pairs.a), sourceSpec(perturbed), { blockTokens: 13, reduced: { a: reducedOf(withQ), b: reducedOf(engine.analyze(toPredictor(core, readModelFile(perturbed)))) } });
    const part = await blockedApproximate(sourceSpec(pairs.a), sourceSpec(perturbed), { blockTokens: 13 });
    expect(part.reducedEmbeddings.holds).toBeNull();
    expect(part.reducedEmbeddings.reason).toMatch(/not computed: beyond the SVD limit/);
    expect(part.cca.correlations).toEqual([]);
    expect([part.dLogit, part.klMean, part.embeddings, part.unembeddings]).toEqual([full.dLogit, full.klMean, full.embeddings, full.unembeddings]);
  });

  it('the same bit for bit on 1 and 2 workers (blocks combined by index, not by worker)', async () => {
    const A = engine.analyze(toPredictor(core, readModelFile(pairs.a))), B = engine.analyze(toPredictor(core, readModelFile(perturbed)));
    const o = { blockTokens: 13, stepRows: 17, reduced: { a: reducedOf(A), b: reducedOf(B) } };
    const one = await blockedApproximate(sourceSpec(pairs.a), sourceSpec(perturbed), { ...o, workers: 1 });
    const two = await blockedApproximate(sourceSpec(pairs.a), sourceSpec(perturbed), { ...o, workers: 2 });
    expect(two).toEqual(one);
    expect(Object.is(two.logitGap, one.logitGap) && Object.is(two.klMean.ab, one.klMean.ab)).toBe(true);
  });

  it('the block and QR step sizes do not change the verdicts, and moves the numbers only by rounding', async () => {
    const one = await blockedApproximate(sourceSpec(pairs.a), sourceSpec(perturbed), { blockTokens: V, stepRows: V });
    const many = await blockedApproximate(sourceSpec(pairs.a), sourceSpec(perturbed), { blockTokens: 7, stepRows: 13 });
    expect(many.embeddings.holds).toBe(one.embeddings.holds);
    expect(many.unembeddings.holds).toBe(one.unembeddings.holds);
    expect(Math.abs(many.dLogit - one.dLogit)).toBeLessThanOrEqual(gamma(n * V) * one.dLogit);
  });
});

describe('aon compare --blocked carries the approximate block', () => {
  it('JSON valid against schemas/compare.schema.json, d_logit, the C17 and the C18 pairs as the dense path gives them', async () => {
    const run = async (...args: string[]) => {
      let out = '';
      const code = await main(args, (s) => (out += `${s}\n`), () => undefined);
      return { code, out };
    };
    const dense = JSON.parse((await run('compare', pairs.a, perturbed, '--json')).out);
    const blocked = await run('compare', pairs.a, perturbed, '--json', '--blocked', '--workers', '1');
    const json = JSON.parse(blocked.out);
    const validate = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync('schemas/compare.schema.json', 'utf8')));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.approximate.dLogit).toBeCloseTo(dense.approximate.dLogit, 12);
    expect(json.approximate.embeddings.holds).toBe(dense.approximate.embeddings.holds);
    expect(json.approximate.unembeddings.holds).toBe(dense.approximate.unembeddings.holds);
    // The C18 pairs from each model's Q of the joint factor analysis (the best map's residual does not
    // depend on which basis of R was picked).
    for (const k of ['reducedEmbeddings', 'reducedUnembeddings']) {
      expect(json.approximate[k].holds, k).toBe(dense.approximate[k].holds);
      expect(Math.abs(json.approximate[k].residual - dense.approximate[k].residual), k).toBeLessThanOrEqual(1e-6 * (1 + dense.approximate[k].residual));
    }
    const text = (await run('compare', pairs.a, perturbed, '--blocked', '--workers', '1')).out;
    expect(text).toMatch(/d_logit = /);
  });
});

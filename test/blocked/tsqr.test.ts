// TSQR against the dense QR/SVD of the same factor.
//
// Bound. Householder QR is backward stable column by column (Higham, Thm 19.4): the computed R is the
// exact R of X + ΔX with ‖Δx_j‖ ≤ γ̃ ‖x_j‖, γ̃ = γ_{c·m·d}. TSQR is a sequence of such QRs on stacked
// blocks; each row passes through at most (steps per chunk + tree levels) of them, each with at most
// s + d rows, so we take m_eff = (steps per chunk + levels) · (s + d) and c = 4 (Higham's constant is small
// and unspecified; 4 leaves room). Then ‖ΔX‖_F ≤ γ_{4·m_eff·d} ‖X‖_F, and both the dense and the TSQR
// computation are that close to exact:
//   singular values (Weyl): |σ_i(R_tsqr) − σ_i(X)| ≤ 2 ‖ΔX‖_F;
//   R of a full-rank X (Sun 1991, first order): ‖R_tsqr − R_dense‖_F ≤ 2 · √2 κ₂(X) ‖ΔX‖_F.
import { describe, it, expect, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { blockedR, blockedJointRs, jointJob } from '../../src/engine/blocked/api.js';
import { runBlocks } from '../../src/engine/blocked/pool.js';
import { sourceSpec, openSpec } from '../../src/io/stream/open.js';
import { tsqrPlan, tsqrChunkCount, stackedR, treeLevel, type RFactor } from '../../src/engine/blocked/tsqr.js';
import { BlockPool } from '../../src/engine/blocked/pool.js';
import { FactorRows, type Factor } from '../../src/engine/blocked/rows.js';
import { gamma } from '../../src/engine/blocked/floor.js';
import { loadCore } from '../../src/wasm/loader.js';
import { fromArray } from '../../src/matrix/create.js';
import { qr, svd } from '../../src/matrix/decompose.js';
import { writePairs, randomMatrix, rng } from './pairs.js';

const pairs = writePairs(53, 700, 9, 4, 333, 3);
afterAll(() => rmSync(pairs.dir, { recursive: true, force: true }));
const STEP = 40;

function denseFactor(path: string, which: Factor): { rows: number; d: number; X: Float64Array } {
  const src = openSpec(sourceSpec(path));
  const r = new FactorRows(src, which);
  const X = new Float64Array(r.count * r.d);
  r.read(0, r.count, X);
  src.close();
  return { rows: r.count, d: r.d, X };
}

function bound(path: string, which: Factor, normX: number): number {
  const src = openSpec(sourceSpec(path));
  const plan = tsqrPlan(src, which, STEP);
  src.close();
  const levels = Math.ceil(Math.log2(tsqrChunkCount(plan))) + 1;
  const mEff = (Math.ceil(plan.chunkRows / plan.stepRows) + levels) * (plan.stepRows + plan.d);
  return gamma(4 * mEff * plan.d) * normX;
}

const fro = (x: Float64Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0));

describe('TSQR', () => {
  for (const [file, which, fullRank] of [['a', 'G0', true], ['a', 'F', true], ['wider', 'G0', false], ['wider', 'F', true]] as const) {
    it(`${file} ${which}: singular values${fullRank ? ' and R' : ''} agree with the dense QR within the backward-error bound`, async () => {
      const path = pairs[file];
      const { rows, d, X } = denseFactor(path, which);
      const R = await blockedR(sourceSpec(path), which, { stepRows: STEP });
      expect(R.k).toBe(Math.min(rows, d));
      const core = loadCore();
      core.scope(() => {
        const Xm = fromArray(core, rows, d, X);
        const dense = qr(Xm).R.toFloat64Array();
        const sX = svd(Xm).S.toFloat64Array();
        const sR = svd(fromArray(core, R.k, d, R.R)).S.toFloat64Array();
        const dX = bound(path, which, fro(X));
        for (let i = 0; i < sX.length; i++) expect(Math.abs(sR[i]! - sX[i]!)).toBeLessThanOrEqual(2 * dX);
        if (fullRank) {
          const kappa = sX[0]! / sX[sX.length - 1]!;
          const diff = fro(dense.map((v, i) => v - R.R[i]!));
          expect(diff).toBeLessThanOrEqual(2 * Math.SQRT2 * kappa * dX);
        }
      });
    });
  }

  it('the bound is tight enough to catch a chunk left out', async () => {
    const { rows, d, X } = denseFactor(pairs.a, 'G0');
    const core = loadCore();
    const R = await blockedR(sourceSpec(pairs.a), 'G0', { stepRows: STEP });
    core.scope(() => {
      // The same QR without the last 40 rows: a realistic bug (an off-by-one chunk end).
      const cut = rows - 40;
      const partial = qr(fromArray(core, cut, d, X.subarray(0, cut * d))).R.toFloat64Array();
      const diff = fro(partial.map((v, i) => v - R.R[i]!));
      const sX = svd(fromArray(core, rows, d, X)).S.toFloat64Array();
      expect(diff).toBeGreaterThan(2 * Math.SQRT2 * (sX[0]! / sX[d - 1]!) * bound(pairs.a, 'G0', fro(X)));
    });
  });

  it('a combine step on workers moves the chunk R factors to them (transferred, not copied) and gives the R of one thread', async () => {
    const next = rng(7);
    const d = 6;
    const make = (): RFactor[] => [0, 1, 2].map(() => ({ k: d, d, R: randomMatrix(d, d, next).data.map((v, i) => (i % d >= Math.floor(i / d) ? v : 0)) }));
    const parts = make();
    const want = [stackedR(loadCore(), d, parts.slice(0, 2)).R, parts[2]!.R.slice()];
    const pool = new BlockPool(2);
    try {
      const groups = [parts.slice(0, 2), parts.slice(2)];
      const got = await pool.run({ kind: 'combine', d, groups }, groups.length);
      expect(parts.map((p) => p.R.length)).toEqual([0, 0, 0]);
      expect(got.map((r) => Array.from((r as RFactor).R))).toEqual(want.map((r) => Array.from(r)));
    } finally {
      await pool.close();
    }
  });

  it('one and two workers give the same R bit for bit', async () => {
    const one = await blockedR(sourceSpec(pairs.wider), 'G0', { stepRows: STEP, workers: 1 });
    const two = await blockedR(sourceSpec(pairs.wider), 'G0', { stepRows: STEP, workers: 2 });
    expect(Array.from(two.R)).toEqual(Array.from(one.R));
  });

  it('the joint R of F and of G₀ with shared combination jobs equal the two trees run apart, bit for bit, for 1 to 3 workers', async () => {
    // Steps of 27 rows: F (53 rows) in 2 chunks, G₀ (700 rows) in 4, so on 2 workers F's one combination
    // shares G₀'s last round; with 3 workers it joins the first.
    const a = sourceSpec(pairs.a), b = sourceSpec(pairs.wider);
    for (const stepRows of [27]) {
      // The reference: each tree on its own, level by level, pairs in order (tsqr.ts), on this thread.
      const core = loadCore();
      const apart: RFactor[] = [];
      for (const which of ['F', 'G0'] as const) {
        const job = jointJob(a, b, which, { stepRows }, true);
        let level = (await runBlocks(job, tsqrChunkCount(job.plan))) as RFactor[];
        while (level.length > 1) level = treeLevel(level).map((g) => (g.length === 1 ? g[0]! : stackedR(core, job.plan.d, g)));
        apart.push(level[0]!);
      }
      for (const workers of [1, 2, 3]) {
        const both = await blockedJointRs(a, b, { stepRows, workers });
        expect(Array.from(both.F.R), `F, ${workers} workers`).toEqual(Array.from(apart[0]!.R));
        expect(Array.from(both.G0.R), `G₀, ${workers} workers`).toEqual(Array.from(apart[1]!.R));
      }
    }
  });
});

describe('qr_r', () => {
  it('is the R of qr bit for bit (same reflectors, Q not formed), on tall, square and wide shapes', () => {
    const core = loadCore();
    const next = rng(12);
    for (const [m, n] of [[1, 1], [40, 7], [9, 9], [5, 12], [700, 600]] as const) {
      core.scope(() => {
        const A = fromArray(core, m, n, randomMatrix(m, n, next).data);
        const k = Math.min(m, n);
        const R = core.allocBytes(8 * k * n);
        core.call('qr_r', m, n, A.ptr, R);
        expect(Array.from(core.f64.subarray(R >>> 3, (R >>> 3) + k * n))).toEqual(Array.from(qr(A).R.toFloat64Array()));
      });
    }
  });
});

// The blocked path decides r from bounds on σ(L) by σ(F)σ(G₀) where they settle it (engine/rank-bounds.ts):
// model 2 of a "wider" pair has d~ = 9 > rank G~₀ = 6 and a full-rank F~, so no middle SVD is taken for it,
// yet r, the analysis's rank L and every verdict are those of the path with the middle SVD forced
// (BlockedOptions.alwaysSpectrumL).
import { describe, it, expect, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { blockedDecision } from '../../src/engine/blocked/decision.js';
import { factorAnalysis, unembeddingNorms } from '../../src/engine/blocked/structure.js';
import { compareBlocked } from '../../src/cli/compare-blocked.js';
import { sourceSpec } from '../../src/io/stream/open.js';
import { loadCore } from '../../src/wasm/loader.js';
import { writePairs } from './pairs.js';

const f64 = writePairs(40, 300, 6, 3, 17, 11);
const f32 = writePairs(40, 300, 6, 3, 17, 12, 'f32');
afterAll(() => { for (const p of [f64, f32]) rmSync(p.dir, { recursive: true, force: true }); });

const o = { blockTokens: 64, stepRows: 40 };

describe('r from bounds on the blocked path (d~ > rank G~₀, full-rank F~)', () => {
  for (const [kind, p] of [['f64', f64], ['f32', f32]] as const) {
    it(`${kind}: no middle SVD for model 2, the same r and rank L as with it`, async () => {
      const [a, b] = [sourceSpec(p.a), sourceSpec(p.wider)];
      const skip = await blockedDecision(a, b, o);
      const forced = await blockedDecision(a, b, { ...o, alwaysSpectrumL: true });
      const m = skip.models[1], f = forced.models[1];
      expect([m.d, m.rankF, m.rankG0]).toEqual([9, 9, 6]);
      expect(m.sigmaL.length).toBe(0);
      expect(f.sigmaL.length).toBe(9);
      expect(skip.models.map((x) => x.r)).toEqual(forced.models.map((x) => x.r));
      expect(m.r).toBe(6);
      const core = loadCore();
      core.scope(() => {
        const [A, B] = [skip, forced].map((dec) => factorAnalysis(core, dec.models[1], unembeddingNorms(b)));
        // The analysis settled rank L from the bounds at its own floor (no fallback to a middle SVD) …
        expect(A!.rankL.from).toMatch(/bounds/);
        expect(A!.rankL.sigma).toEqual([]);
        expect(B!.rankL.from).toBeUndefined();
        // … to the same decision the spectrum gives.
        expect([A!.rankL.rank, A!.rankL.conclusive, A!.r, A!.rConclusive, A!.ambiguity]).toEqual([B!.rankL.rank, B!.rankL.conclusive, B!.r, B!.rConclusive, B!.ambiguity]);
        expect(A!.r).toBe(6);
      });
    });

    it(`${kind}: the same verdicts as with the middle SVD forced`, async () => {
      const verdicts = (r: Awaited<ReturnType<typeof compareBlocked>>) => ({
        equivalent: r.equivalent,
        models: r.models.map((x) => ({ rankF: x.rankF, rankG0: x.rankG0, r: x.r, rConclusive: x.rConclusive, ambiguity: x.ambiguity })),
        linear: [r.linear.holds, r.linear.conclusive, r.linear.reason],
        extendedLinear: [r.extendedLinear.holds, r.extendedLinear.conclusive, r.extendedLinear.reason],
      });
      const skip = await compareBlocked(p.a, p.wider, {}, { ...o, workers: 1 }, false);
      const forced = await compareBlocked(p.a, p.wider, {}, { ...o, workers: 1, alwaysSpectrumL: true }, false);
      expect(verdicts(skip)).toEqual(verdicts(forced));
      // The report says where r came from when it shows no spectrum of L.
      expect(skip.models[1]!.spectrumL).toEqual([]);
      expect(skip.models[1]!.spectrumLFrom).toMatch(/bounds/);
      expect(forced.models[1]!.spectrumL.length).toBe(6 + 3);
      expect(forced.models[1]!.spectrumLFrom).toBeUndefined();
      expect([skip.equivalent, skip.linear.holds, skip.extendedLinear.holds, skip.extendedLinear.conclusive]).toEqual([true, false, true, true]);
    });
  }
});

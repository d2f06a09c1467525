// A fast sample of the hard set (pairs.ts): every regime and storage once, equivalent and perturbed pairs.
// The whole set (three per cell, ~670 pairs) is `npm run hard-set`; its counts are in the README.
import { describe, it, expect } from 'vitest';
import { hardSet } from './pairs.js';
import { evaluate, tally } from './evaluate.js';
import { compareModels, compareExitCode } from '../../src/cli/compare.js';
import { exactModel, sameDistribution } from '../../src/certify/exact-model.js';

describe('the hard set of issue 10 (one pair per regime × storage × kind)', () => {
  const outcomes = hardSet(10, 1).map((p) => evaluate(p));
  const t = tally(outcomes);

  it('has its truth right: every equivalent pair is exactly equivalent before storage (rational arithmetic)', () => {
    for (const o of outcomes.filter((x) => x.pair.equivalent && x.pair.perturbation === 0)) {
      expect(sameDistribution(exactModel(o.pair.exact.a), exactModel(o.pair.exact.b)), o.pair.name).toBe(true);
    }
  });

  it('has no conclusive wrong verdict: distribution, ~EL or r', () => {
    expect(t.failures).toEqual([]);
    expect(t.distributionWrong + t.elWrong + t.rWrong).toBe(0);
  });

  it('never calls an equivalent pair stored in f32, f16 or bf16 "not equivalent"', () => {
    expect(t.coarseEquivalentCalledNot).toBe(0);
    const coarse = outcomes.filter((o) => o.pair.equivalent && o.pair.a.dtype !== 'f64');
    expect(coarse.length).toBeGreaterThan(20);
  });

  it('leaves at most 2% of the clear questions inconclusive, and judges enough of them', () => {
    expect(t.clear).toBeGreaterThan(60);
    expect(t.distributionInconclusiveClear).toBeLessThanOrEqual(0.02 * t.clear);
    expect(t.rJudged).toBeGreaterThan(30);
  });

  it('notices floors that are off: a hundred times too tight or a million times too loose', () => {
    const sample = hardSet(10, 1);
    const tight = tally(sample.map((p) => evaluate(p, 1e-2)));
    expect(tight.coarseEquivalentCalledNot).toBeGreaterThan(0);
    const loose = tally(sample.map((p) => evaluate(p, 1e6)));
    expect(loose.distributionWrong).toBeGreaterThan(0);
  });

  it('calls the same file passed twice equivalent, exit 0, with ~L and ~EL', () => {
    for (const o of outcomes.filter((x) => x.pair.regime === 'same file')) {
      const rep = compareModels(o.pair.a, o.pair.a);
      expect(compareExitCode(rep)).toBe(0);
      expect(rep.linear).toMatchObject({ holds: true, conclusive: true });
      expect(rep.extendedLinear).toMatchObject({ holds: true, conclusive: true });
    }
  });
});

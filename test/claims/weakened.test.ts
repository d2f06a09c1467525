// Each property checks both directions of its statement and every case in its loops: an engine broken
// in the direction (or at the place) a weakened property would stop looking is caught. These tests kill
// the property mutants of test/mutation/mutants.json (P01 … P11), which a correct engine cannot expose.
import { describe, it, expect } from 'vitest';
import { runClaim } from '../../src/campaign/run-claim.js';
import { defaultEngine, type Engine } from '../../src/engine/index.js';
import { loadCore } from '../../src/wasm/loader.js';
import { mul, plus } from '../../src/matrix/convenience.js';
import { fromArray } from '../../src/matrix/create.js';
import { slice } from '../../src/matrix/reshape.js';
import type { Claim } from '../../src/claims.js';
import c2 from '../../properties/c02-pivot-independence.js';
import c3 from '../../properties/c03-linear-identifiability.js';
import c4 from '../../properties/c04-half-diversity.js';
import c5 from '../../properties/c05-effective-complexity.js';
import c6 from '../../properties/c06-extended-linear-identifiability.js';
import c15 from '../../properties/c15-equivalence-relation.js';
import c16 from '../../properties/c16-whitening.js';
import { whiteningAgreement } from '../../src/engine/linear/whitening.js';
import type { Analysis } from '../../src/engine/analysis.js';
import { extendedAsymmetric } from './broken.js';

/** Verdicts decided against 1e-3 while reporting the real tolerance: a near miss is judged equal by both. */
/** A verdict that calls anything below a relative gap of 1e-3 equal (the distribution verdict's maxGap, else the residual). */
const relGap = (v: { residual: number; maxGap?: number }): number => v.maxGap ?? v.residual;
const loose = <V extends { holds: boolean; residual: number; reason: string | null; maxGap?: number }>(v: V): V => ({ ...v, holds: relGap(v) < 1e-3, reason: relGap(v) < 1e-3 ? null : v.reason });

/** Whitened Gram agreement broken for the third member compared with a given minimal model (the last generated). */
function brokenForThird(): typeof whiteningAgreement {
  const calls = new WeakMap<Analysis, number>();
  return (a, b, t) => {
    const n = (calls.get(b) ?? 0) + 1;
    calls.set(b, n);
    const v = whiteningAgreement(a, b, t);
    return n === 3 ? { ...v, holds: false, reason: 'broken for the third member' } : v;
  };
}

const core = loadCore({ build: 'simd' });
const broken = (part: Partial<Engine>): Engine => ({ ...defaultEngine, ...part });

const cases: [Claim, string, Engine][] = [
  [c3, '~L that always holds (P ≠ P̃ but ~L: the direction a one-sided C3 would skip)', broken({
    linearEquivalence: (a, b, t) => ({ ...defaultEngine.linearEquivalence(a, b, t), holds: true, reason: null }),
  })],
  [c6, '~EL that never holds (P = P̃ but not ~EL)', broken({
    extendedLinearEquivalence: (a, b, t) => ({ ...defaultEngine.extendedLinearEquivalence(a, b, t), holds: false, reason: 'broken' }),
  })],
  [c4, 'the f-diverse half (G₀ = G̃₀ Sᵀ) always failing', broken({
    halfDiversity: (a, b, t) => {
      const h = defaultEngine.halfDiversity(a, b, t);
      return { ...h, gIdentified: h.gIdentified && { ...h.gIdentified, holds: false, reason: 'broken' } };
    },
  })],
  [c2, 'log-odds wrong only against the last pivot (F-dependent, so equal P no longer gives equal log-odds)', broken({
    logOdds: (p, G0) => {
      const L = defaultEngine.logOdds(p, G0);
      if (p.pivot !== p.G.rows - 1 || p.F.cols === 0) return L;
      return plus(L, mul(slice(p.F, 0, p.F.rows, 0, 1), fromArray(p.F.core, 1, L.cols, new Array(L.cols).fill(1))));
    },
  })],
  [c5, 'an effective complexity one short of rank L', broken({
    analyze: (p, t) => {
      const a = defaultEngine.analyze(p, t);
      return a.r > 0 ? { ...a, r: a.r - 1 } : a;
    },
  })],
  [c15, '~EL that is not symmetric', broken({ extendedLinearEquivalence: extendedAsymmetric })],
];

describe('near misses are checked against their construction', () => {
  it('C3: P = P̃ and ~L both decided by a log-odds gap below 1e-3 (they agree, so only the near-miss check can notice)', () => {
    const engine = broken({
      distributionEquivalence: (a, b, t) => loose(defaultEngine.distributionEquivalence(a, b, t)),
      linearEquivalence: (a, b, t) => {
        const gap = defaultEngine.distributionEquivalence(a, b, t).maxGap;
        return { ...defaultEngine.linearEquivalence(a, b, t), holds: gap < 1e-3, reason: gap < 1e-3 ? null : 'broken' };
      },
    });
    const r = runClaim(c3, { core, engine, seed: 3, numRuns: 400, endOnFailure: true });
    expect(r.status, r.error ?? '').toBe('falsified');
    expect(r.failure?.message).toMatch(/near miss/);
  });
});

describe('loops reach their last case', () => {
  it('C16: a disagreement in the last generated member is found', () => {
    const engine = { ...defaultEngine, whiteningAgreement: brokenForThird() } as Engine;
    const r = runClaim(c16, { core, engine, seed: 3, numRuns: 400, endOnFailure: true });
    expect(r.status, r.error ?? '').toBe('falsified');
    expect(r.failure?.message).toMatch(/member 3/);
  });
});

describe('weakened properties are caught through a broken engine', () => {
  for (const [claim, what, engine] of cases) {
    it(`${claim.id}: ${what}`, () => {
      const r = runClaim(claim, { core, engine, seed: 3, numRuns: 400, endOnFailure: true });
      expect(r.status, r.error ?? '').toBe('falsified');
    });
  }
});

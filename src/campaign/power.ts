// Power controls: a claim that held shows it could have failed. On a correct engine a property weakened
// to check one direction of its statement, or a loop that stops one case short, holds just as well as
// the real one, so a passing campaign alone cannot tell them apart. Each control runs a claim's property
// against an engine with one planted mistake — a decision broken in one direction, or at the last case
// of a loop — that the full property must catch and the weakened one would not, and expects the claim to
// be falsified within a few hundred runs. A control that is not caught means the property checks less
// than its statement says: the campaign's "held" is then not evidence (verify exits 3).
// The same planted engines kill the property mutants in test/claims/weakened.test.ts.
import type { Claim } from '../claims.js';
import type { Core } from '../wasm/core.js';
import { defaultEngine, type Engine } from '../engine/index.js';
import type { Analysis } from '../engine/analysis.js';
import type { Verdict } from '../engine/fit.js';
import { mul, plus } from '../matrix/convenience.js';
import { fromArray } from '../matrix/create.js';
import { slice } from '../matrix/reshape.js';
import { runClaim } from './run-claim.js';
import { claimSeed } from './seeds.js';

export interface PowerControl {
  /** The claim key it applies to ('C3'). */
  key: string;
  /** The planted mistake, in words. */
  what: string;
  engine: () => Engine;
  /** When set, the failure must say this (the check the control is for, not any check). */
  message?: RegExp;
}

const broken = (part: Partial<Engine>): Engine => ({ ...defaultEngine, ...part });

/** A verdict that calls anything below a relative gap of 1e-3 equal: near misses judged equal. */
const relGap = (v: { residual: number; maxGap?: number }): number => v.maxGap ?? v.residual;
function loose<V extends Verdict & { maxGap?: number }>(v: V): V {
  return { ...v, holds: relGap(v) < 1e-3, reason: relGap(v) < 1e-3 ? null : v.reason };
}

/** Whitened Gram agreement broken for the third member compared with a given minimal model. */
function brokenForThird(): Engine['whiteningAgreement'] {
  const calls = new WeakMap<Analysis, number>();
  return (a, b, t) => {
    const n = (calls.get(b) ?? 0) + 1;
    calls.set(b, n);
    const v = defaultEngine.whiteningAgreement(a, b, t);
    return n === 3 ? { ...v, holds: false, reason: 'planted: broken for the third member' } : v;
  };
}

export const POWER_CONTROLS: readonly PowerControl[] = [
  {
    key: 'C2', what: 'log-odds wrong against the last pivot only (a loop over pivots must reach it)',
    engine: () => broken({
      logOdds: (p, G0) => {
        const L = defaultEngine.logOdds(p, G0);
        if (p.pivot !== p.G.rows - 1 || p.F.cols === 0) return L;
        return plus(L, mul(slice(p.F, 0, p.F.rows, 0, 1), fromArray(p.F.core, 1, L.cols, new Array(L.cols).fill(1))));
      },
    }),
  },
  {
    key: 'C3', what: '~L that always holds (P ≠ P̃ yet ~L: the direction a one-sided C3 skips)',
    engine: () => broken({ linearEquivalence: (a, b, t) => ({ ...defaultEngine.linearEquivalence(a, b, t), holds: true, reason: null }) }),
  },
  {
    key: 'C3', what: 'P = P̃ and ~L both judged equal below a gap of 1e-3 (only the near-miss check can notice)',
    message: /near miss/,
    engine: () => broken({
      distributionEquivalence: (a, b, t) => loose(defaultEngine.distributionEquivalence(a, b, t)),
      linearEquivalence: (a, b, t) => {
        const gap = defaultEngine.distributionEquivalence(a, b, t).maxGap;
        return { ...defaultEngine.linearEquivalence(a, b, t), holds: gap < 1e-3, reason: gap < 1e-3 ? null : 'planted' };
      },
    }),
  },
  {
    key: 'C4', what: 'the f-diverse half (G₀ = G̃₀ Sᵀ) always failing',
    engine: () => broken({
      halfDiversity: (a, b, t) => {
        const h = defaultEngine.halfDiversity(a, b, t);
        return { ...h, gIdentified: h.gIdentified && { ...h.gIdentified, holds: false, reason: 'planted' } };
      },
    }),
  },
  {
    key: 'C5', what: 'an effective complexity one short of rank L',
    engine: () => broken({ analyze: (p, t) => { const a = defaultEngine.analyze(p, t); return a.r > 0 ? { ...a, r: a.r - 1 } : a; } }),
  },
  {
    key: 'C6', what: '~EL that never holds (P = P̃ yet not ~EL: the direction a one-sided C6 skips)',
    engine: () => broken({ extendedLinearEquivalence: (a, b, t) => ({ ...defaultEngine.extendedLinearEquivalence(a, b, t), holds: false, reason: 'planted' }) }),
  },
  {
    key: 'C15', what: '~EL that is not symmetric (never holds from the larger d)',
    engine: () => broken({
      extendedLinearEquivalence: (a, b, t) => {
        const real = defaultEngine.extendedLinearEquivalence(a, b, t);
        return a.d > b.d ? { ...real, holds: false, reason: 'planted: larger d never equivalent' } : real;
      },
    }),
  },
  {
    key: 'C16', what: 'whitened agreement wrong for the third member only (a loop over members must reach it)',
    message: /member 3/,
    engine: () => broken({ whiteningAgreement: brokenForThird() }),
  },
];

export interface PowerResult {
  key: string;
  what: string;
  caught: boolean;
  /** Runs until the planted mistake was found (or the budget, when it was not). */
  runs: number;
  detail: string;
}

/** Runs at most this many instances per control: the real properties catch each mistake in far fewer. */
export const POWER_RUNS = 400;

export function runPowerControls(claims: ReadonlyMap<string, Claim>, core: Core, seed: number): PowerResult[] {
  const out: PowerResult[] = [];
  for (const [i, c] of POWER_CONTROLS.entries()) {
    const claim = claims.get(c.key);
    if (!claim) continue;
    const r = runClaim(claim, { core, engine: c.engine(), seed: claimSeed(seed, `power ${i} ${c.key}`), numRuns: POWER_RUNS, endOnFailure: true });
    const message = r.failure?.message ?? '';
    const caught = r.status === 'falsified' && (!c.message || c.message.test(message));
    out.push({
      key: c.key, what: c.what, caught, runs: r.runs,
      detail: caught ? `caught after ${r.runs} runs` : r.status === 'falsified' ? `falsified, but not by the check this control is for: ${message}` : `not caught in ${r.runs} runs (status ${r.status}${r.error ? `: ${r.error}` : ''})`,
    });
  }
  return out;
}

// C13 linear probing: the holds claim, the refutable part, and broken engines the properties must catch.
import { describe, it, expect } from 'vitest';
import { runClaim } from '../../src/campaign/run-claim.js';
import { defaultEngine } from '../../src/engine/index.js';
import type { Analysis } from '../../src/engine/analysis.js';
import { probingFns, linearProbe } from '../../src/engine/linear/probing.js';
import { mul, transposed } from '../../src/matrix/convenience.js';
import { inverse } from '../../src/matrix/derived.js';
import type { Matrix } from '../../src/matrix/matrix.js';
import c13, { refutable } from '../../properties/c13-linear-probing.js';

const SEED = 1313;
const withFns = (over: Partial<typeof probingFns>) => ({ ...defaultEngine, ...probingFns, ...over });

describe('C13 linear probing', () => {
  it('holds: junk-free probes exist in all or none of the equivalent models and transport as W Q M Q̃ᵀ', () => {
    const r = runClaim(c13, { seed: SEED });
    expect(r.status, r.failure?.message ?? r.error ?? '').toBe('held');
    // 85%: a σ less than a decade under its floor is undecided (tolerance.ts FLOOR_MARGIN), which costs a few percent.
    expect(r.conclusive).toBeGreaterThan(0.85 * r.runs);
  });

  it('refutable: a probe that reads embedding junk fails in the minimal model (small counterexample)', () => {
    const r = runClaim(refutable, { seed: SEED });
    expect(r.status, r.error ?? '').toBe('counterexample-found');
    const b = refutable.shrinkBounds!;
    expect(r.size!.n).toBeLessThanOrEqual(b.n);
    expect(r.size!.V).toBeLessThanOrEqual(b.V);
    expect(r.size!.d).toBeLessThanOrEqual(b.d);
  });

  it('teeth: a probe moved with M⁻ᵀ where M belongs is caught', () => {
    const wrong = (a: Analysis, b: Analysis, M: Matrix, W: Matrix) => mul(mul(mul(W, a.Q), transposed(inverse(M))), b.Q, { transB: true });
    expect(runClaim(c13, { seed: SEED, engine: withFns({ transportProbe: wrong }) }).status).toBe('falsified');
  });

  it('teeth: a junk-blind "junk-free" probe (any W accepted) is caught', () => {
    const junkBlind: typeof linearProbe = (a, src, dst, ans, t) => {
      const x = linearProbe(a, src, dst, ans, t);
      return { ...x, junkFree: x.anyProbe };
    };
    expect(runClaim(c13, { seed: SEED, engine: withFns({ linearProbe: junkBlind }) }).status).toBe('falsified');
  });

  it('teeth: a probe search restricted to junk-free probes finds no counterexample to the naive statement', () => {
    const restricted: typeof linearProbe = (a, src, dst, ans, t) => {
      const x = linearProbe(a, src, dst, ans, t);
      return { ...x, anyProbe: x.junkFree };
    };
    expect(runClaim(refutable, { seed: SEED, engine: withFns({ linearProbe: restricted }) }).status).toBe('counterexample-not-found');
  });
});

// C14 linear steering: the holds claim, the refutable part, and broken engines the properties must catch.
import { describe, it, expect } from 'vitest';
import { runClaim } from '../../src/campaign/run-claim.js';
import { defaultEngine } from '../../src/engine/index.js';
import type { Analysis } from '../../src/engine/analysis.js';
import { steeringFns, steerable } from '../../src/engine/linear/steering.js';
import { mul, transposed } from '../../src/matrix/convenience.js';
import type { Matrix } from '../../src/matrix/matrix.js';
import c14, { refutable } from '../../properties/c14-linear-steering.js';

const SEED = 1414;
const withFns = (over: Partial<typeof steeringFns>) => ({ ...defaultEngine, ...steeringFns, ...over });

describe('C14 linear steering', () => {
  it('holds: v ∈ E + Γ^⊥ has the edit ṽ = Q̃ M⁻¹ Qᵀ v with the same steered P in every equivalent model', () => {
    const r = runClaim(c14, { seed: SEED });
    expect(r.status, r.failure?.message ?? r.error ?? '').toBe('held');
    expect(r.conclusive).toBeGreaterThan(0.75 * r.runs);
  });

  it('refutable: an edit along Γ ∩ E^⊥ has no counterpart in the minimal model (small counterexample)', () => {
    const r = runClaim(refutable, { seed: SEED });
    expect(r.status, r.error ?? '').toBe('counterexample-found');
    const b = refutable.shrinkBounds!;
    expect(r.size!.n).toBeLessThanOrEqual(b.n);
    expect(r.size!.V).toBeLessThanOrEqual(b.V);
    expect(r.size!.d).toBeLessThanOrEqual(b.d);
  });

  it('teeth: the edit moved with Mᵀ where M⁻¹ belongs is caught', () => {
    const wrong = (a: Analysis, b: Analysis, M: Matrix, v: Matrix) => mul(mul(b.Q, transposed(M)), mul(a.Q, v, { transA: true }));
    expect(runClaim(c14, { seed: SEED, engine: withFns({ transportSteering: wrong }) }).status).toBe('falsified');
  });

  it('teeth: a membership test that waves every v through (ignoring Γ ∩ E^⊥) is caught', () => {
    const lax: typeof steerable = (a, v, t) => ({ ...steerable(a, v, t), holds: true, reason: null });
    expect(runClaim(c14, { seed: SEED, engine: withFns({ steerable: lax }) }).status).toBe('falsified');
  });

  it('teeth: a shift that drops the unembedding junk (β Qᵀ v instead of G₀ v) finds no counterexample', () => {
    const junkFree = (a: Analysis, v: Matrix) => mul(a.beta, mul(a.Q, v, { transA: true }));
    expect(runClaim(refutable, { seed: SEED, engine: withFns({ steeringShift: junkFree }) }).status).toBe('counterexample-not-found');
  });
});

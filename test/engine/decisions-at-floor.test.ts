// Decisions whose floors only matter on models the campaign's generators rarely draw: rank decisions that
// disagree though each has a clear gap, and reduced models whose error is dominated by huge junk turned
// by a small angle of the identifiable subspace. Each case is built by hand so the effect is certain;
// they kill mutants E04 and E05 of test/mutation/mutants.json.
import { describe, it, expect } from 'vitest';
import { loadCore } from '../../src/wasm/loader.js';
import { fromArray } from '../../src/matrix/create.js';
import { analyze } from '../../src/engine/analysis.js';
import { predictor } from '../../src/engine/predictor.js';
import { distributionEquivalence, extendedLinearEquivalence } from '../../src/engine/equivalence.js';

const core = loadCore();

/** G with a zero pivot row 0 on top of G₀. */
const withPivotRow = (G0: number[], d: number): number[] => [...new Array(d).fill(0), ...G0];

/** x ↦ x R for the rotation R = R₁₂(a) R₂₃(b): the same model in another basis of ℝ³. */
function rotate(X: number[], a: number, b: number): number[] {
  const out = X.slice();
  for (let i = 0; i < X.length / 3; i++) {
    const [x, y, z] = [X[3 * i]!, X[3 * i + 1]!, X[3 * i + 2]!];
    const x1 = Math.cos(a) * x - Math.sin(a) * y, y1 = Math.sin(a) * x + Math.cos(a) * y;
    out[3 * i] = x1;
    out[3 * i + 1] = Math.cos(b) * y1 - Math.sin(b) * z;
    out[3 * i + 2] = Math.sin(b) * y1 + Math.cos(b) * z;
  }
  return out;
}

describe('rank decisions that disagree', () => {
  it('dim P_Γ(E) = 2 with a clear gap while rank L = 1 with a clear gap: flagged ambiguous, r not settled', () => {
    // F = G₀ = diag(1, s): each has σ₂ = s far above its floor (≈ 1e-15), but L = diag(1, s²) has σ₂ far below L's.
    const s = 3e-10;
    core.scope(() => {
      const a = analyze(predictor(fromArray(core, 2, 2, [1, 0, 0, s]), fromArray(core, 3, 2, withPivotRow([1, 0, 0, s], 2)), 0));
      expect(a.rankF.rank).toBe(2);
      expect(a.rankF.conclusive).toBe(true);
      expect(a.rankG0.conclusive).toBe(true);
      expect(a.rankL.rank).toBe(1);
      expect(a.rankL.conclusive).toBe(true);
      expect(a.rConclusive).toBe(false);
      expect(a.ambiguous).toBe(true);
      expect(a.ambiguity.join('; ')).toMatch(/disagree/);
    });
  });
});

describe('the error of β carries the junk turned by the angle of R', () => {
  it('~EL holds between a model with junk 1e8 outside a barely resolved R and the same model rotated', () => {
    // E = span(e₁, e₂) with σ₂ ≈ 1e-3 / √2 (rows (1, 0, 0) and (1, 1e-3, 0)), Γ = ℝ³, so R = E and G₀'s e₃ part
    // (1e8) is junk. Rounding the rotated rows (error ~u, not ~u·1e-3, in the second row) tilts the computed R
    // towards e₃ by ~u/1e-3, which moves β = G₀ Q by ~1e8 · 1e-13 (measured: a relative ~EL residual 2e-6):
    // far above the storage floor of G₀ (2e-7), within the floor that counts ‖Mj‖ θ_R (1e-3).
    const F = [1, 0, 0, 1, 1e-3, 0];
    const G0 = [1, 0, 1e8, 0, 1, -1e8, 0.5, 0.5, 3e7];
    core.scope(() => {
      const A = analyze(predictor(fromArray(core, 2, 3, F), fromArray(core, 4, 3, withPivotRow(G0, 3)), 0));
      const B = analyze(predictor(fromArray(core, 2, 3, rotate(F, 0.7, 0.4)), fromArray(core, 4, 3, withPivotRow(rotate(G0, 0.7, 0.4), 3)), 0));
      expect(A.r).toBe(2);
      expect(B.r).toBe(2);
      expect(distributionEquivalence(A, B).holds).toBe(true);
      const el = extendedLinearEquivalence(A, B);
      expect(el.reason).toBeNull();
      expect(el.holds).toBe(true);
      expect(el.conclusive).toBe(true);
    });
  });
});

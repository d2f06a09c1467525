// The exact re-check is itself checked: on exact-mode instances, whose equivalence is known by
// construction, it must say "equivalent and ~EL" for members of one class and agree with itself on
// pairs of classes. (It caught a wrong reduced model: α = F B is only right for an orthonormal B.)
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { familyArb } from '../../src/gen/arbitraries.js';
import { pairArb } from '../../src/gen/pairs.js';
import { exactModel, sameDistribution, extendedLinear, reduced } from '../../src/certify/exact-model.js';

describe('exact certification primitives', () => {
  it('members of one class: same distribution, ~EL, and α βᵀ = L in any basis', () => {
    fc.assert(fc.property(familyArb(2, { mode: 'exact', maxP: 2, maxQ: 2 }), ({ members: [a, b] }) => {
      const A = exactModel(a!), B = exactModel(b!);
      expect(sameDistribution(A, B)).toBe(true);
      expect(extendedLinear(A, B).holds).toBe(true);
      const R = reduced(A);
      expect(R.alpha.mul(R.beta.transpose()).equals(A.L)).toBe(true);
    }), { seed: 11, numRuns: 150 });
  });

  it('any exact pair: ~EL exactly when the distributions are equal (C6 in exact arithmetic)', () => {
    fc.assert(fc.property(pairArb({ mode: 'exact', maxP: 1, maxQ: 1 }), ({ a, b }) => {
      const A = exactModel(a), B = exactModel(b);
      expect(extendedLinear(A, B).holds).toBe(sameDistribution(A, B));
    }), { seed: 12, numRuns: 150 });
  });
});

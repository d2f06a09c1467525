// Claims C1–C9 and C15 at their default budgets, and each against a deliberately broken engine
// function that must make it fail (holds claims) or stop finding its counterexample (refutable ones).
import { describe, it, expect } from 'vitest';
import { runClaim } from '../../src/campaign/run-claim.js';
import type { Claim } from '../../src/claims.js';
import type { Engine } from '../../src/engine/index.js';
import c1 from '../../properties/c01-shift-invariance.js';
import c2 from '../../properties/c02-pivot-independence.js';
import c3 from '../../properties/c03-linear-identifiability.js';
import c4, { refutable as c4r } from '../../properties/c04-half-diversity.js';
import c5 from '../../properties/c05-effective-complexity.js';
import c6 from '../../properties/c06-extended-linear-identifiability.js';
import c7 from '../../properties/c07-structure-lemma.js';
import c8 from '../../properties/c08-no-linear-map-without-diversity.js';
import c9 from '../../properties/c09-projection-form.js';
import c15 from '../../properties/c15-equivalence-relation.js';
import * as broken from './broken.js';

const cases: [Claim, string, Engine][] = [
  [c1, 'log-probabilities that forget to normalise', broken.withBroken({ logProbabilities: broken.unnormalisedLogProbabilities })],
  [c2, 'no pivot subtraction in G₀', broken.withBroken({ unembeddingDifferences: broken.noPivotSubtraction })],
  [c3, 'Mᵀ where M⁻¹ belongs in ~L', broken.withBroken({ linearEquivalence: broken.linearWithTransposeForInverse })],
  [c4, 'the half-diversity map transposed the wrong way', broken.withBroken({ halfDiversity: broken.halfDiversityWrongPinv })],
  [c4r, 'a G₀ blind to unembedding edits', broken.withBroken({ unembeddingDifferences: broken.blindUnembeddings })],
  [c5, 'a minimal model one dimension short', broken.withBroken({ minimalModel: broken.minimalOffByOne })],
  [c6, 'M where M⁻¹ belongs in ~EL', broken.withBroken({ extendedLinearEquivalence: broken.extendedWithMForInverse })],
  [c7, 'a junk-blind reduction (R taken as E)', broken.withBroken({ analyze: broken.analyzeJunkBlind })],
  [c8, 'a least-squares fit that always fits', broken.withBroken({ fitLinear: broken.alwaysFits })],
  [c9, 'F̃⁺ where G̃₀⁺ belongs in the projection form', broken.withBroken({ projectionForm: broken.projectionFormWrongPinv })],
  [c15, 'an asymmetric ~EL', broken.withBroken({ extendedLinearEquivalence: broken.extendedAsymmetric })],
];

describe.each(cases)('%s', (claim, mistake, engine) => {
  it(`${claim.id} (${claim.direction}) behaves as theory.md says at its default budget`, () => {
    const r = runClaim(claim, { seed: 20261124 });
    expect(r.error).toBeNull();
    if (claim.direction === 'holds') {
      expect(r.status).toBe('held');
      // Most runs must have checked something: a claim that is vacuous or inconclusive everywhere proves nothing.
      expect(r.conclusive).toBeGreaterThan(claim.budget.numRuns / 2);
    } else {
      expect(r.status).toBe('counterexample-found');
      expect(r.size!.n).toBeLessThanOrEqual(claim.shrinkBounds!.n);
      expect(r.size!.V).toBeLessThanOrEqual(claim.shrinkBounds!.V);
      expect(r.size!.d).toBeLessThanOrEqual(claim.shrinkBounds!.d);
    }
  });

  it(`${claim.id} notices ${mistake}`, () => {
    const r = runClaim(claim, { seed: 20261124, engine, endOnFailure: true });
    expect(r.status).toBe(claim.direction === 'holds' ? 'falsified' : 'counterexample-not-found');
  });
});

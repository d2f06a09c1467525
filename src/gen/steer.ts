// Inputs for C14 (linear steering): a family and the coefficients of a steering vector v, mostly built
// inside E + Γ^⊥ (the claim's case), sometimes free.
import fc from 'fast-check';
import { ALL_OR_NONE_MEMBERS, familyArb, type Family } from './arbitraries.js';

/** Family sizes of C14's inputs; the refutable part draws exact-mode families of the same sizes. */
export const GEN = { maxN: 8, maxV: 8, maxR: 3, maxP: 2, maxQ: 2 };
const POOL = GEN.maxN + GEN.maxR + GEN.maxP + GEN.maxQ;

export interface SteerInput {
  fam: Family;
  /** 'span': v = Fᵀ c + (I − P_Γ) w ∈ E + Γ^⊥ by construction; 'free': v = w, anything. */
  kind: 'span' | 'free';
  /** c (one per context) then w (one per dimension), sliced as needed. */
  coeffs: number[];
}

export function steerInputArb(fam: fc.Arbitrary<Family>): fc.Arbitrary<SteerInput> {
  return fc.record({
    fam,
    // Mostly v ∈ E + Γ^⊥ by construction (the claim's case); a free v is vacuous when it leaves E + Γ^⊥.
    kind: fc.oneof({ arbitrary: fc.constant<'span' | 'free'>('span'), weight: 4 }, { arbitrary: fc.constant<'span' | 'free'>('free'), weight: 1 }),
    coeffs: fc.array(fc.integer({ min: -2, max: 2 }), { minLength: POOL, maxLength: POOL }),
  });
}

// Exact (integer, unimodular maps) and float (cond(M) up to 1e3, orthogonal T) classes.
export const steerArb: fc.Arbitrary<SteerInput> = steerInputArb(fc.oneof(familyArb(ALL_OR_NONE_MEMBERS, GEN), familyArb(ALL_OR_NONE_MEMBERS, { ...GEN, mode: 'float' })));

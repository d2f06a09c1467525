import { describe, it, expect } from 'vitest';
import { runClaim } from '../src/campaign/run-claim.js';
import c6 from '../properties/c06-extended-linear-identifiability.js';

describe('smoke', () => {
  it('C6 holds', () => {
    const r = runClaim(c6, { numRuns: 100 });
    console.log(JSON.stringify({ ...r, counterexample: null }), r.failure);
    expect(r.status).toBe('held');
  });
});

// Each property checks both directions of its statement and every case in its loops: an engine broken
// in the direction (or at the place) a weakened property would stop looking is caught. The planted
// engines are the power controls `aon verify` runs after the claims (src/campaign/power.ts); here each
// must be caught at a fixed seed. These tests kill the property mutants of test/mutation/mutants.json
// (P01 … P11), which a correct engine cannot expose.
import { describe, it, expect } from 'vitest';
import { runClaim } from '../../src/campaign/run-claim.js';
import { POWER_CONTROLS, POWER_RUNS } from '../../src/campaign/power.js';
import { loadCore } from '../../src/wasm/loader.js';
import { CATALOGUE } from '../../properties/catalogue.js';

const core = loadCore({ build: 'simd' });

describe('weakened properties are caught through a broken engine', () => {
  for (const control of POWER_CONTROLS) {
    it(`${control.key}: ${control.what}`, () => {
      const claim = CATALOGUE.find((e) => e.key === control.key)!.claim;
      const r = runClaim(claim, { core, engine: control.engine(), seed: 3, numRuns: POWER_RUNS, endOnFailure: true });
      expect(r.status, r.error ?? '').toBe('falsified');
      if (control.message) expect(r.failure?.message).toMatch(control.message);
    });
  }
});

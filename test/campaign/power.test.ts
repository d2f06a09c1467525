// The power controls `aon verify` runs after its claims (src/campaign/power.ts): on the real properties
// every planted mistake is caught, and a property that checks less than its statement leaves one uncaught.
import { describe, it, expect } from 'vitest';
import { runPowerControls, POWER_CONTROLS } from '../../src/campaign/power.js';
import { CATALOGUE } from '../../properties/catalogue.js';
import { loadCore } from '../../src/wasm/loader.js';
import { OK, type Claim } from '../../src/claims.js';

const core = loadCore({ build: 'simd' });
const claims = new Map(CATALOGUE.map((e) => [e.key, e.claim]));

describe('power controls', () => {
  it('every control names a claim of the catalogue', () => {
    for (const c of POWER_CONTROLS) expect(claims.has(c.key), c.key).toBe(true);
  });

  it('the real properties catch every planted mistake', () => {
    const r = runPowerControls(claims, core, 20261124);
    expect(r.length).toBe(POWER_CONTROLS.length);
    for (const x of r) expect(x.caught, `${x.key}: ${x.what}: ${x.detail}`).toBe(true);
  });

  it('a property weakened to one direction leaves its control uncaught', () => {
    const c3 = claims.get('C3')!;
    // C3 checked only in the direction "P = P̃ ⇒ ~L": the planted "~L always holds" goes through.
    const weakened: Claim = { ...c3, check: (input, ctx) => {
      const o = c3.check(input, ctx);
      return o.kind === 'fail' && o.message.startsWith('P ≠ P̃ but ~L holds') ? OK : o;
    } };
    const r = runPowerControls(new Map([['C3', weakened]]), core, 20261124);
    expect(r[0]!.caught).toBe(false);
  });

  it('only the claims given are controlled', () => {
    expect(runPowerControls(new Map([['C5', claims.get('C5')!]]), core, 1).map((x) => x.key)).toEqual(['C5']);
  });
});

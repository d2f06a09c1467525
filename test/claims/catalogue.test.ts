// The catalogue's keys are declared data (properties/catalogue.ts PARTS): these tests hold the
// declaration to the modules, so a claim a module exports cannot be left out of the campaign, declared
// twice, or filed under another claim's id, and every claim of theory.md is checked by some part.
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { CATALOGUE, NOT_IN_CAMPAIGN, PARTS } from '../../properties/catalogue.js';
import { keyClaimId, missingClaims, selectEntries } from '../../src/catalogue.js';
import type { Claim } from '../../src/claims.js';

function isClaim(x: unknown): x is Claim {
  return typeof x === 'object' && x !== null && 'id' in x && 'check' in x && 'arbitrary' in x && 'direction' in x;
}

/** The claims a module exports, by export name (what the catalogue used to derive its keys from). */
async function exportedClaims(module: string): Promise<Map<Claim, string>> {
  const ns = (await import(`../../properties/${module}.ts`)) as Record<string, unknown>;
  const out = new Map<Claim, string>();
  for (const [name, x] of Object.entries(ns)) if (isClaim(x) && !out.has(x)) out.set(x, name);
  return out;
}

describe('the declared catalogue', () => {
  it('declares every property module once', () => {
    const modules = readdirSync(new URL('../../properties/', import.meta.url)).filter((f) => /^c\d\d-.*\.ts$/.test(f)).map((f) => f.slice(0, -3)).sort();
    expect(PARTS.map((p) => p.module).sort()).toEqual(modules);
  });

  it("declares exactly each module's exported claims, each under its own claim id", async () => {
    const keys = new Set<string>();
    for (const { module, parts } of PARTS) {
      const exported = await exportedClaims(module);
      const declared = Object.entries(parts);
      expect(new Set(declared.map(([, c]) => c)), module).toEqual(new Set(exported.keys()));
      for (const [key, claim] of declared) {
        expect(keyClaimId(key), `${module}: ${key}`).toBe(claim.id);
        // The main part (default export) is keyed by the bare id; any other part by id:name.
        expect(key.includes(':'), `${module}: ${key}`).toBe(exported.get(claim) !== 'default');
        expect(keys.has(key), `${key} declared twice`).toBe(false);
        keys.add(key);
      }
    }
  });

  it('runs every declared part except the ones it says why it leaves out', () => {
    const declared = PARTS.flatMap((p) => Object.keys(p.parts));
    expect(CATALOGUE.map((e) => e.key)).toEqual(declared.filter((k) => !(k in NOT_IN_CAMPAIGN)));
    for (const k of Object.keys(NOT_IN_CAMPAIGN)) expect(declared).toContain(k);
  });

  it('checks every claim of theory.md', () => {
    expect(missingClaims(CATALOGUE)).toEqual([]);
  });

  it('selects by claim id or key, and names the known keys for an unknown one', () => {
    expect(selectEntries(['C4'], CATALOGUE).map((e) => e.key)).toEqual(['C4', 'C4:refutable']);
    expect(selectEntries(['C4:refutable'], CATALOGUE).map((e) => e.key)).toEqual(['C4:refutable']);
    expect(() => selectEntries(['C99'], CATALOGUE)).toThrow(/unknown claim 'C99' \(known: C1, C2/);
  });
});

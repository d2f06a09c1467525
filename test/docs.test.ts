// docs/theory.md is the repository's copy of the specification (the README links it; a link outside the
// repository is dead in every clone). It must define exactly the claim ids it announces, every id the code
// knows, and, where the shared original is present (the developers' machines), be identical to it.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLAIM_IDS } from '../src/claims.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const theory = readFileSync(`${ROOT}docs/theory.md`, 'utf8');
const SHARED = fileURLToPath(new URL('../../shared/theory.md', import.meta.url));

/** Ids a claim is defined under: a bullet starting "- **Cn name**". */
const defined = [...theory.matchAll(/^- \*\*(C\d+)\b/gm)].map((m) => m[1]!);
const num = (id: string) => Number(id.slice(1));

describe('docs/theory.md', () => {
  it('defines every claim once, C1 to the last without a gap, as its introduction announces', () => {
    const sorted = [...defined].sort((a, b) => num(a) - num(b));
    expect(new Set(defined).size).toBe(defined.length);
    expect(sorted).toEqual(sorted.map((_, k) => `C${k + 1}`));
    const announced = /stable id \(C1…C(\d+)\)/.exec(theory);
    expect(announced, 'the introduction names the id range').not.toBeNull();
    expect(Number(announced![1])).toBe(sorted.length);
  });

  it('defines every claim id the code checks', () => {
    for (const id of CLAIM_IDS) expect(defined, id).toContain(id);
  });

  it.skipIf(!existsSync(SHARED))('is identical to the shared specification it copies', () => {
    expect(theory).toBe(readFileSync(SHARED, 'utf8'));
  });
});

describe('README.md', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');

  it('links the theory inside the repository, and the claim range it names exists there', () => {
    expect(readme).toContain('](docs/theory.md)');
    expect(readme).not.toContain('../shared/theory.md');
    for (const m of readme.matchAll(/C1…C(\d+)/g)) expect(defined).toContain(`C${m[1]}`);
  });

  it('every relative link points at a file of the repository', () => {
    for (const m of readme.matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)) expect(existsSync(`${ROOT}${m[1]}`), m[1]).toBe(true);
  });
});

// Every claim of ../shared/theory.md, C1…C16, as checkable properties. A module's default export is the
// claim's main part; named exports are its other parts (refutable negative controls). Each part has a
// stable key: the claim id for the default export, `id:name` for a named one (e.g. C4:refutable).
import type { Claim, ClaimId } from '../src/claims.js';
import { CLAIM_IDS } from '../src/claims.js';
import * as c01 from './c01-shift-invariance.js';
import * as c02 from './c02-pivot-independence.js';
import * as c03 from './c03-linear-identifiability.js';
import * as c04 from './c04-half-diversity.js';
import * as c05 from './c05-effective-complexity.js';
import * as c06 from './c06-extended-linear-identifiability.js';
import * as c07 from './c07-structure-lemma.js';
import * as c08 from './c08-no-linear-map-without-diversity.js';
import * as c09 from './c09-projection-form.js';
import * as c10 from './c10-unembedding-parallelism.js';
import * as c11 from './c11-embedding-parallelism.js';
import * as c12 from './c12-relational-linearity.js';
import * as c13 from './c13-linear-probing.js';
import * as c14 from './c14-linear-steering.js';
import * as c15 from './c15-equivalence-relation.js';
import * as c16 from './c16-whitening.js';
import * as c17 from './c17-approximate-linear-identifiability.js';
import * as c18 from './c18-approximate-extended-identifiability.js';

export interface CatalogueEntry {
  /** Stable key: 'C4' for a claim's main part, 'C4:refutable' for a named part. */
  key: string;
  id: ClaimId;
  /** The property module it comes from, for reports and the theorem map. */
  module: string;
  claim: Claim;
}

const MODULES: [string, Record<string, unknown>][] = [
  ['c01-shift-invariance', c01], ['c02-pivot-independence', c02], ['c03-linear-identifiability', c03],
  ['c04-half-diversity', c04], ['c05-effective-complexity', c05], ['c06-extended-linear-identifiability', c06],
  ['c07-structure-lemma', c07], ['c08-no-linear-map-without-diversity', c08], ['c09-projection-form', c09],
  ['c10-unembedding-parallelism', c10], ['c11-embedding-parallelism', c11], ['c12-relational-linearity', c12],
  ['c13-linear-probing', c13], ['c14-linear-steering', c14], ['c15-equivalence-relation', c15], ['c16-whitening', c16],
  ['c17-approximate-linear-identifiability', c17], ['c18-approximate-extended-identifiability', c18],
];

/**
 * Claim parts a module defines that the campaign does not run yet, with why. A refutable part counts only
 * with a certified counterexample. (C17's and C18's refutable parts joined once their exact certifiers
 * did: src/certify/approximate-exact.ts.)
 */
export const NOT_IN_CAMPAIGN: Readonly<Record<string, string>> = {};

function isClaim(x: unknown): x is Claim {
  return typeof x === 'object' && x !== null && 'id' in x && 'check' in x && 'arbitrary' in x && 'direction' in x;
}

function build(): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  for (const [module, exports] of MODULES) {
    const names = Object.keys(exports).sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
    for (const name of names) {
      const claim = exports[name];
      if (!isClaim(claim)) continue;
      if (`${claim.id}:${name}` in NOT_IN_CAMPAIGN) continue;
      entries.push({ key: name === 'default' ? claim.id : `${claim.id}:${name}`, id: claim.id, module: `properties/${module}.ts`, claim });
    }
  }
  return entries;
}

export const CATALOGUE: readonly CatalogueEntry[] = build();

/** Claim ids of theory.md that no catalogue entry checks (must be empty). */
export function missingClaims(entries: readonly CatalogueEntry[] = CATALOGUE): ClaimId[] {
  return CLAIM_IDS.filter((id) => !entries.some((e) => e.id === id));
}

/** Entries selected by claim ids or keys ('C4' selects C4 and C4:refutable; 'C4:refutable' just that part). */
export function selectEntries(selectors: readonly string[] | null, entries: readonly CatalogueEntry[] = CATALOGUE): CatalogueEntry[] {
  if (!selectors || selectors.length === 0) return [...entries];
  const out: CatalogueEntry[] = [];
  for (const s of selectors) {
    const hit = entries.filter((e) => e.key === s || e.id === s);
    if (hit.length === 0) throw new Error(`unknown claim '${s}' (known: ${entries.map((e) => e.key).join(', ')})`);
    for (const e of hit) if (!out.includes(e)) out.push(e);
  }
  return out;
}

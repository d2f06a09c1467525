// Every claim of ../shared/theory.md, C1…C18, as checkable properties: the catalogue the campaign runs.
// A module's default export is the claim's main part; named exports are its other parts (refutable
// negative controls). Each part's stable key is declared below (PARTS), e.g. 'C4', 'C4:refutable'.
// Nothing in src/ imports this file but the composition root, src/cli/catalogue-root.ts.
import type { Claim } from '../src/claims.js';
import { keyClaimId, type CatalogueEntry } from '../src/catalogue.js';
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

/** One property module and the claim parts it defines, by key. */
export interface ModuleParts {
  /** The module's file name in properties/, without '.ts'. */
  module: string;
  /** Its claim parts: the claim id for the main part, 'id:name' for another (a negative control). */
  parts: Readonly<Record<string, Claim>>;
}

/**
 * Every claim part, declared. The keys are data, not derived from export names: a key names a part in
 * seeds, corpus files, reports and --claims, so renaming an export must not rename it. The order is the
 * campaign's (shards take every N-th entry). test/claims/catalogue.test.ts checks that each module's
 * exported claims are exactly the parts declared here, each under its own claim id.
 */
export const PARTS: readonly ModuleParts[] = [
  { module: 'c01-shift-invariance', parts: { C1: c01.default } },
  { module: 'c02-pivot-independence', parts: { C2: c02.default } },
  { module: 'c03-linear-identifiability', parts: { C3: c03.default } },
  { module: 'c04-half-diversity', parts: { C4: c04.default, 'C4:refutable': c04.refutable } },
  { module: 'c05-effective-complexity', parts: { C5: c05.default } },
  { module: 'c06-extended-linear-identifiability', parts: { C6: c06.default } },
  { module: 'c07-structure-lemma', parts: { C7: c07.default } },
  { module: 'c08-no-linear-map-without-diversity', parts: { C8: c08.default } },
  { module: 'c09-projection-form', parts: { C9: c09.default } },
  { module: 'c10-unembedding-parallelism', parts: { C10: c10.default, 'C10:refutable': c10.refutable } },
  { module: 'c11-embedding-parallelism', parts: { C11: c11.default, 'C11:refutable': c11.refutable } },
  { module: 'c12-relational-linearity', parts: { C12: c12.default, 'C12:refutableEmb': c12.refutableEmb, 'C12:refutableInclusion': c12.refutableInclusion } },
  { module: 'c13-linear-probing', parts: { C13: c13.default, 'C13:refutable': c13.refutable } },
  { module: 'c14-linear-steering', parts: { C14: c14.default, 'C14:refutable': c14.refutable } },
  { module: 'c15-equivalence-relation', parts: { C15: c15.default } },
  { module: 'c16-whitening', parts: { C16: c16.default, 'C16:refutable': c16.refutable } },
  { module: 'c17-approximate-linear-identifiability', parts: { C17: c17.default, 'C17:refutable': c17.refutable } },
  { module: 'c18-approximate-extended-identifiability', parts: { C18: c18.default, 'C18:refutable': c18.refutable } },
];

/**
 * Claim parts a module defines that the campaign does not run yet, with why. A refutable part counts only
 * with a certified counterexample. (C17's and C18's refutable parts joined once their exact certifiers
 * did: src/certify/approximate-exact.ts.)
 */
export const NOT_IN_CAMPAIGN: Readonly<Record<string, string>> = {};

function build(): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  for (const { module, parts } of PARTS) {
    for (const [key, claim] of Object.entries(parts)) {
      // A key under another claim's id would run, seed and report the part as the wrong claim.
      if (keyClaimId(key) !== claim.id) throw new Error(`catalogue: part '${key}' of ${module} is a claim ${claim.id}`);
      if (key in NOT_IN_CAMPAIGN) continue;
      entries.push({ key, id: claim.id, module: `properties/${module}.ts`, claim });
    }
  }
  return entries;
}

export const CATALOGUE: readonly CatalogueEntry[] = build();

// The shape of a catalogue of claim parts, and selecting from one. The catalogue itself is data declared
// in properties/catalogue.ts, which sits beside this claims layer; the campaign and the CLI receive it as a
// parameter (from the composition root, src/cli/catalogue-root.ts) and never import properties/ themselves.
import { CLAIM_IDS, type Claim, type ClaimId } from './claims.js';

export interface CatalogueEntry {
  /** Stable key: 'C4' for a claim's main part, 'C4:refutable' for a named part. */
  key: string;
  id: ClaimId;
  /** The property module it comes from, for reports and the theorem map. */
  module: string;
  claim: Claim;
}

/** The claim id a key names: 'C12' for 'C12:refutableEmb'. */
export function keyClaimId(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}

/** Claim ids of theory.md that no catalogue entry checks (must be empty). */
export function missingClaims(entries: readonly CatalogueEntry[]): ClaimId[] {
  return CLAIM_IDS.filter((id) => !entries.some((e) => e.id === id));
}

/** Entries selected by claim ids or keys ('C4' selects C4 and C4:refutable; 'C4:refutable' just that part). */
export function selectEntries(selectors: readonly string[] | null, entries: readonly CatalogueEntry[]): CatalogueEntry[] {
  if (!selectors || selectors.length === 0) return [...entries];
  const out: CatalogueEntry[] = [];
  for (const s of selectors) {
    const hit = entries.filter((e) => e.key === s || e.id === s);
    if (hit.length === 0) throw new Error(`unknown claim '${s}' (known: ${entries.map((e) => e.key).join(', ')})`);
    for (const e of hit) if (!out.includes(e)) out.push(e);
  }
  return out;
}

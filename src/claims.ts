/**
 * The stable identifiers of the claims of ../shared/theory.md. Code, reports, proofs and docs refer to a
 * claim only through these ids; the property catalogue (properties/) must cover every one of them.
 */
export const CLAIM_IDS = [
  'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8',
  'C9', 'C10', 'C11', 'C12', 'C13', 'C14', 'C15', 'C16',
] as const;

export type ClaimId = (typeof CLAIM_IDS)[number];

export function isClaimId(s: string): s is ClaimId {
  return (CLAIM_IDS as readonly string[]).includes(s);
}

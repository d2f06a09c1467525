// The campaign's verdict from its records: a claim that behaved unexpectedly is exit 1; otherwise
// anything that kept the campaign from testing what it set out to test — a claim without enough
// evidence or verdict, a claim not run, a shard missing — is exit 3 and named; only then 0.
import type { ClaimRecord, Report } from './types.js';

const INCOMPLETE_STATUSES = new Set(['insufficient-evidence', 'inconclusive', 'not-run']);

/** One line per thing that is incomplete, from the records and extra notes (e.g. missing shards). */
export function incompleteOf(claims: readonly ClaimRecord[], extra: readonly string[] = []): string[] {
  const lines = claims
    .filter((c) => INCOMPLETE_STATUSES.has(c.status))
    .map((c) => `${c.key}: ${c.status === 'not-run' ? 'not run' : c.status.replace('-', ' ')}${c.evidence.missing.length ? ` (${c.evidence.missing.join('; ')})` : c.note ? ` (${c.note})` : ''}`);
  return [...extra, ...lines];
}

export function summarize(claims: readonly ClaimRecord[], extra: readonly string[] = []): Report['summary'] {
  const unexpected = claims.filter((c) => !c.asExpected && !INCOMPLETE_STATUSES.has(c.status)).map((c) => c.key);
  const incomplete = incompleteOf(claims, extra);
  return {
    total: claims.length,
    asExpected: claims.filter((c) => c.asExpected).length,
    unexpected,
    incomplete,
    exitCode: unexpected.length > 0 ? 1 : incomplete.length > 0 ? 3 : 0,
  };
}

// Claims of ../shared/theory.md as data: stable ids, metadata, and the shape of a checkable claim.
// The property modules in properties/ each export one Claim; properties/catalogue.ts lists them all.
import type fc from 'fast-check';
import type { Core } from './wasm/core.js';
import type { Engine } from './engine/index.js';
import type { Tolerances } from './engine/tolerance.js';
import type { DenseMatrix } from './dense.js';
import type { Certificate } from './report/types.js';

/**
 * The stable identifiers of the claims. Code, reports, proofs and docs refer to a claim only through
 * these ids; the property catalogue must cover every one of them.
 */
export const CLAIM_IDS = [
  'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8',
  'C9', 'C10', 'C11', 'C12', 'C13', 'C14', 'C15', 'C16', 'C17', 'C18',
] as const;

export type ClaimId = (typeof CLAIM_IDS)[number];

export function isClaimId(s: string): s is ClaimId {
  return (CLAIM_IDS as readonly string[]).includes(s);
}

/**
 * holds: a theorem; a (certified) counterexample falsifies it.
 * refutable: a negative control; the search must find a counterexample, else it is too weak.
 */
export type Direction = 'holds' | 'refutable';

/** What one check of one generated instance concluded. */
export type Outcome = (
  | { kind: 'ok' }
  /** The claim's hypothesis does not apply to this instance (e.g. not diverse): passes, counted apart. */
  | { kind: 'vacuous'; why: string }
  | { kind: 'inconclusive'; why: string }
  | { kind: 'fail'; message: string; residual?: number; tol?: number; kappa?: number }
) & {
  /**
   * The regime the instance fell in (e.g. 'equivalent', 'not equivalent, same r'): the coverage table
   * counts outcomes per regime, and a claim's evidence names the regimes it needs conclusive runs in.
   */
  regime?: string;
};

export const OK: Outcome = { kind: 'ok' };

/** A conclusive pass in a named regime. */
export function okIn(regime: string): Outcome {
  return { kind: 'ok', regime };
}

/** Label an outcome with its regime (keeps a regime already set by a deeper check). */
export function inRegime(o: Outcome, regime: string): Outcome {
  return o.regime === undefined ? { ...o, regime } : o;
}

/**
 * What a claim part needs before its verdict counts: conclusive (checked, non-vacuous) runs overall and
 * in each regime it depends on, at its default budget. A smaller budget (--runs) prorates the minima,
 * never below one run in each named regime. Too little is the status 'insufficient-evidence'.
 */
export interface Evidence {
  minConclusive: number;
  perRegime: Record<string, number>;
  /** Above this share of inconclusive runs the claim is 'inconclusive' (default DEFAULT_MAX_INCONCLUSIVE). */
  maxInconclusiveShare?: number;
}

/** Default share of inconclusive runs above which a claim has no verdict. */
export const DEFAULT_MAX_INCONCLUSIVE = 0.25;

/** A refutable part's evidence is its certified counterexample; it needs no conclusive passes. */
export const SEARCH_EVIDENCE: Evidence = { minConclusive: 0, perRegime: {} };

export interface CheckContext {
  core: Core;
  engine: Engine;
  tol: Tolerances;
}

export interface Budget {
  /** fast-check runs at the default budget. */
  numRuns: number;
}

/** Size bounds a refutable claim's shrunk counterexample must meet (tests assert them). */
export interface ShrinkBounds {
  n: number;
  V: number;
  d: number;
}

export interface Claim<T = unknown> {
  id: ClaimId;
  title: string;
  /** One line, formalised after the paper (not quoted). */
  statement: string;
  direction: Direction;
  /** For a refutable claim: the naive generalisation its property states, which must be falsified. */
  negates?: string;
  budget: Budget;
  /** What counts as evidence for this part (see Evidence). */
  evidence: Evidence;
  arbitrary: fc.Arbitrary<T>;
  /** The property: 'ok' when the (stated) claim holds on this instance. */
  check: (input: T, ctx: CheckContext) => Outcome;
  /** Sizes of an instance (n, V, d of the largest model), for shrink bounds and reports. */
  size: (input: T) => ShrinkBounds;
  shrinkBounds?: ShrinkBounds;
  /**
   * Re-check a failing input in exact rational arithmetic: verified when the stated property fails
   * exactly (a genuine counterexample), not when only floating point said so.
   */
  certify?: (input: T) => Certificate;
  /** The models of an input, for reports and model files (default: every instance found in the input). */
  models?: (input: T) => NamedInstance[];
}

export interface NamedInstance {
  name: string;
  F: DenseMatrix;
  G: DenseMatrix;
  pivot: number;
}

/** Erase a claim's input type for lists of claims. */
export function defineClaim<T>(c: Claim<T>): Claim<unknown> {
  return c as unknown as Claim<unknown>;
}

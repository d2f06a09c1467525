// The shape of an audit's result: per property, the measures on the model, their spread over drawn
// equivalent models, junk reading, and a one-line verdict.
import type { Measures } from './measures.js';

export type VerdictCode = 'fact' | 'depends' | 'inconclusive';

export const VERDICT_LABEL: Record<VerdictCode, string> = {
  fact: 'fact about the distribution',
  depends: 'depends on the parameterisation',
  inconclusive: 'inconclusive at this precision',
};

export interface Range {
  min: number;
  max: number;
}

export interface Spread {
  /** Number of equivalent models drawn, and how. */
  draws: number;
  kinds: string[];
  /** Largest relative change of the model's centred logits on sampled contexts over the draws: they are equivalent. */
  logitDrift: number;
  /** Range of each non-invariant measure over the model and the draws. */
  nonInvariant: Record<string, Range>;
  /** Largest absolute change of each invariant measure over the draws (rounding only). */
  invariantDrift: Record<string, number>;
}

export interface JunkReading {
  /** Whether the property can read junk in this model (not diverse on the side that matters). */
  possible: boolean;
  /** The fraction of the property's vector(s) in the junk space (or a residual gap for C12). */
  fraction: number | null;
  floor: number | null;
  reads: boolean | null;
  note: string;
}

export interface PropertyAudit {
  name: string;
  kind: string;
  claim: string;
  invariant: Measures;
  nonInvariant: Measures;
  /** Extra numbers of the decision (σ₂ and its floor, residuals …). */
  details: Record<string, number | boolean | null | string>;
  spread: Spread;
  junk: JunkReading;
  verdict: { code: VerdictCode; label: string; reason: string };
}

// Running one claim: its fast-check property over a core, with counts of conclusive and inconclusive
// runs, and a result that says whether the claim behaved as theory.md says.
import fc from 'fast-check';
import { DEFAULT_MAX_INCONCLUSIVE, type Claim, type CheckContext, type Outcome, type ShrinkBounds } from '../claims.js';
import type { Core } from '../wasm/core.js';
import { loadCore } from '../wasm/loader.js';
import { defaultEngine, type Engine } from '../engine/index.js';
import { DEFAULT_TOLERANCES, type Tolerances } from '../engine/tolerance.js';

/** Thrown inside a property when the stated claim fails on an instance; fast-check shrinks on it. */
export class ClaimFailure extends Error {
  override readonly name = 'ClaimFailure';
  constructor(readonly outcome: Extract<Outcome, { kind: 'fail' }>) {
    super(outcome.message);
  }
}

export type ClaimStatus =
  /** holds: no counterexample in the budget. */
  | 'held'
  /** holds: a counterexample was found (issue 4 certifies it exactly before calling it a falsification). */
  | 'falsified'
  /** refutable: the search found a counterexample, as it should. */
  | 'counterexample-found'
  /** refutable: no counterexample found: the search is too weak. */
  | 'counterexample-not-found'
  /** too many runs were inconclusive to draw a conclusion. */
  | 'inconclusive'
  /** held, but with fewer conclusive runs (overall or in a needed regime) than the claim declares. */
  | 'insufficient-evidence'
  /** the check itself threw (a core error, a bug): no verdict. */
  | 'error';

/** Outcomes of the runs that fell in one regime (generation phase only). */
export interface RegimeCount {
  regime: string;
  conclusive: number;
  vacuous: number;
  inconclusive: number;
  failed: number;
}

/** Evidence required (prorated to the budget run) and what was missing. */
export interface EvidenceCheck {
  required: { conclusive: number; perRegime: Record<string, number>; maxInconclusiveShare: number };
  met: boolean;
  /** One line per shortfall: 'conclusive runs: 12 of 40', 'regime "equivalent": 0 of 10'. */
  missing: string[];
}

export interface ClaimRunOptions {
  core?: Core;
  engine?: Engine;
  tol?: Tolerances;
  seed?: number;
  numRuns?: number;
  /** Replay a recorded failure: fast-check's path. */
  path?: string;
  /** Pinned inputs replayed before the random ones. */
  examples?: unknown[];
  /** Skip shrinking (faster, for exploration). */
  endOnFailure?: boolean;
  /** Called after every run (for progress bars). */
  onRun?: (done: number, total: number) => void;
  /** Stop the claim after this many milliseconds (fast-check's interruptAfterTimeLimit): a partial run. */
  timeLimitMs?: number;
}

export interface ClaimRunResult {
  id: string;
  status: ClaimStatus;
  /** Whether the claim behaved as theory.md says (held / counterexample-found). */
  asExpected: boolean;
  runs: number;
  /** Runs where the claim was checked and held (or, refutable, the naive statement held). */
  conclusive: number;
  /** Runs where the claim's hypothesis did not apply. */
  vacuous: number;
  inconclusive: number;
  /** Runs that failed the property (at most one: fast-check stops generating at the first). */
  failed: number;
  /** Outcomes per regime; the counts over all regimes add up to the four counts above. */
  coverage: RegimeCount[];
  evidence: EvidenceCheck;
  /** Executions of the property while shrinking a failure (not counted above). */
  shrinkRuns: number;
  seed: number;
  path: string | null;
  shrinks: number;
  timeMs: number;
  counterexample: unknown | null;
  failure: Extract<Outcome, { kind: 'fail' }> | null;
  size: ShrinkBounds | null;
  error: string | null;
  /** Stopped by the time limit before numRuns. */
  interrupted: boolean;
}

/** Counts of one claim run: the generation phase and, apart, the shrinking phase. */
export class RunStats {
  conclusive = 0;
  vacuous = 0;
  inconclusive = 0;
  failed = 0;
  shrinkRuns = 0;
  /** Set at the first failure: every later execution of the property is fast-check shrinking it. */
  shrinking = false;
  readonly byRegime = new Map<string, RegimeCount>();

  get runs(): number {
    return this.conclusive + this.vacuous + this.inconclusive + this.failed;
  }

  count(o: Outcome): void {
    if (this.shrinking) {
      this.shrinkRuns++;
      return;
    }
    const regime = o.regime ?? (o.kind === 'vacuous' ? 'hypothesis not met' : o.kind === 'inconclusive' ? 'undecided' : 'all');
    let c = this.byRegime.get(regime);
    if (!c) this.byRegime.set(regime, (c = { regime, conclusive: 0, vacuous: 0, inconclusive: 0, failed: 0 }));
    switch (o.kind) {
      case 'ok': this.conclusive++; c.conclusive++; break;
      case 'vacuous': this.vacuous++; c.vacuous++; break;
      case 'inconclusive': this.inconclusive++; c.inconclusive++; break;
      case 'fail': this.failed++; c.failed++; this.shrinking = true; break;
    }
  }

  coverage(): RegimeCount[] {
    return [...this.byRegime.values()].sort((a, b) => a.regime.localeCompare(b.regime));
  }
}

/**
 * The fast-check property of a claim, counting outcomes into `stats`. An inconclusive run passes (it is
 * counted, not skipped): fc.pre would make fast-check draw extra runs (progress past its total) and give
 * up with a null error after too many, which cannot be told apart from other failures.
 */
export function claimProperty(claim: Claim, ctx: CheckContext, stats = new RunStats(), onRun?: () => void): fc.IProperty<[unknown]> {
  return fc.property(claim.arbitrary, (input) => {
    let outcome: Outcome;
    try {
      outcome = ctx.core.scope(() => claim.check(input, ctx));
    } catch (e) {
      if (!stats.shrinking) onRun?.();
      stats.shrinking = true;
      throw e;
    }
    if (!stats.shrinking) onRun?.();
    stats.count(outcome);
    if (outcome.kind === 'fail') throw new ClaimFailure(outcome);
    return true;
  });
}

/** The claim's declared evidence, prorated from its default budget to `runs`, checked against `stats`. */
export function checkEvidence(claim: Claim, runs: number, stats: RunStats): EvidenceCheck {
  const ev = claim.evidence;
  const scale = Math.min(1, runs / claim.budget.numRuns);
  const prorate = (m: number) => (m <= 0 ? 0 : Math.max(1, Math.ceil(m * scale)));
  const perRegime: Record<string, number> = {};
  for (const [k, m] of Object.entries(ev.perRegime)) perRegime[k] = prorate(m);
  const required = { conclusive: prorate(ev.minConclusive), perRegime, maxInconclusiveShare: ev.maxInconclusiveShare ?? DEFAULT_MAX_INCONCLUSIVE };
  const missing: string[] = [];
  if (stats.conclusive < required.conclusive) missing.push(`conclusive runs: ${stats.conclusive} of ${required.conclusive} needed`);
  for (const [k, m] of Object.entries(perRegime)) {
    const got = stats.byRegime.get(k)?.conclusive ?? 0;
    if (got < m) missing.push(`regime "${k}": ${got} conclusive of ${m} needed`);
  }
  return { required, met: missing.length === 0, missing };
}

export function runClaim(claim: Claim, o: ClaimRunOptions = {}): ClaimRunResult {
  const core = o.core ?? loadCore();
  const ctx: CheckContext = { core, engine: o.engine ?? defaultEngine, tol: o.tol ?? DEFAULT_TOLERANCES };
  const seed = o.seed ?? 42;
  const numRuns = o.numRuns ?? claim.budget.numRuns;
  const stats = new RunStats();
  const start = performance.now();
  const onRun = o.onRun ? () => o.onRun!(stats.runs + 1, numRuns) : undefined;
  const details = fc.check(claimProperty(claim, ctx, stats, onRun), {
    seed,
    numRuns,
    path: o.path,
    endOnFailure: o.endOnFailure ?? false,
    examples: (o.examples ?? []).map((e) => [e]),
    ...(o.timeLimitMs !== undefined ? { interruptAfterTimeLimit: o.timeLimitMs, markInterruptAsFailure: false } : {}),
  });
  const timeMs = performance.now() - start;
  const cause = details.errorInstance;
  // A time budget that ends before a single run completes is reported by fast-check as failed with no
  // error: that is an incomplete claim (the campaign marks it partial), not an error of the claim.
  const emptyInterrupt = details.interrupted && !(cause instanceof ClaimFailure) && !(cause instanceof Error);
  const failed = details.failed && !emptyInterrupt;
  const ce = failed && details.counterexample ? details.counterexample[0] : null;
  const failure = cause instanceof ClaimFailure ? cause.outcome : null;
  const error = failed && !failure ? String(cause instanceof Error ? cause.message : cause) : null;
  // A thrown error is a generation-phase run too (it ended generation): count it as failed.
  if (failed && !failure && stats.failed === 0) stats.failed = 1;
  const evidence = checkEvidence(claim, stats.runs, stats);
  const inconclusiveShare = stats.runs === 0 ? 0 : stats.inconclusive / stats.runs;
  let status: ClaimStatus;
  if (failed && failure) status = claim.direction === 'holds' ? 'falsified' : 'counterexample-found';
  else if (failed) status = 'error';
  else if (claim.direction === 'refutable') status = 'counterexample-not-found';
  else if (inconclusiveShare > evidence.required.maxInconclusiveShare) status = 'inconclusive';
  else if (!evidence.met) status = 'insufficient-evidence';
  else status = 'held';
  return {
    id: claim.id,
    status,
    asExpected: status === 'held' || status === 'counterexample-found',
    runs: stats.runs,
    conclusive: stats.conclusive,
    vacuous: stats.vacuous,
    inconclusive: stats.inconclusive,
    failed: stats.failed,
    coverage: stats.coverage(),
    evidence,
    shrinkRuns: stats.shrinkRuns,
    seed,
    path: details.counterexamplePath ?? null,
    shrinks: details.numShrinks,
    timeMs,
    counterexample: ce,
    failure,
    size: ce === null ? null : claim.size(ce),
    error,
    interrupted: details.interrupted,
  };
}
